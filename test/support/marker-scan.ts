/**
 * Looks for markers (a private record's salt, a unique unit code) in every file under a folder:
 * the plain bytes of every file, and for LevelDB's files also what LevelDB keeps in them in its
 * own encoding (journal records put back together, table blocks decompressed). A file that looks
 * like a LevelDB file but cannot be read as one is reported, never silently passed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readBlockEntries, readJournalRecords, readTableBlocks } from './leveldb-files';

/** How a marker was found in a file. */
export type FoundAs = 'bytes' | 'journal record' | 'table block';

/** A marker found in a file. */
export interface MarkerFinding {
  readonly file: string;
  readonly marker: string;
  readonly foundAs: FoundAs;
}

/** What a scan saw. */
export interface MarkerScan {
  readonly findings: MarkerFinding[];
  readonly filesScanned: number;
  /** LevelDB files that could not be decoded, with the reason. */
  readonly unreadable: { file: string; reason: string }[];
}

type FileKind = 'journal' | 'table' | 'other';

function kindOf(file: string): FileKind {
  const name = path.basename(file);
  if (/^\d{6,}\.log$/.test(name) || /^MANIFEST-\d{6,}$/.test(name)) return 'journal';
  if (/^\d{6,}\.(ldb|sst)$/.test(name)) return 'table';
  return 'other';
}

/** The pieces a kind of file decodes into, each searched on its own. */
function decodedPieces(kind: FileKind, bytes: Buffer): Buffer[] {
  if (kind === 'journal') return readJournalRecords(bytes);
  if (kind === 'table') {
    return readTableBlocks(bytes).flatMap((block) => {
      try {
        return [block, ...readBlockEntries(block).flatMap((entry) => [entry.key, entry.value])];
      } catch {
        return [block]; // a filter block holds no entries
      }
    });
  }
  return [];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(full);
      return entry.isFile() ? [full] : [];
    });
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    // a running LevelDB removes obsolete journals and tables at any time
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Scans every file under the roots for each marker (ASCII), as plain bytes and decoded.
 * @param roots folders to walk (missing ones count as empty).
 * @param markers strings to look for.
 */
export function scanForMarkers(roots: readonly string[], markers: readonly string[]): MarkerScan {
  const needles = markers.map((marker) => ({ marker, bytes: Buffer.from(marker, 'utf8') }));
  const findings: MarkerFinding[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  let filesScanned = 0;
  const files = roots.flatMap((root) => {
    try {
      return listFiles(root);
    } catch {
      return [];
    }
  });
  for (const file of files) {
    const bytes = readIfPresent(file);
    if (bytes === undefined) continue;
    filesScanned += 1;
    const kind = kindOf(file);
    let pieces: Buffer[] = [];
    try {
      pieces = decodedPieces(kind, bytes);
    } catch (error) {
      unreadable.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
    for (const { marker, bytes: needle } of needles) {
      if (bytes.includes(needle)) findings.push({ file, marker, foundAs: 'bytes' });
      else if (pieces.some((piece) => piece.includes(needle))) {
        findings.push({ file, marker, foundAs: kind === 'journal' ? 'journal record' : 'table block' });
      }
    }
  }
  return { findings, filesScanned, unreadable };
}
