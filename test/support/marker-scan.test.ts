/**
 * The disk scanner finds a marker where a plain byte search misses it: in a Snappy-compressed
 * table block (the marker only whole after decompression) and in a journal record split over two
 * 32 KiB blocks. The files are built here by hand, byte for byte, in LevelDB's formats.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readBlockEntries, readJournalRecords, readTableBlocks } from './leveldb-files';
import { scanForMarkers } from './marker-scan';
import { decompressSnappy } from './snappy-block';

const MARKER = 'ER-ABCDABCD';

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A block of entries without shared prefixes and one restart point. */
function entryBlock(entries: [string, Buffer][]): Buffer {
  const body = entries.map(([key, value]) => Buffer.concat([varint(0), varint(key.length), varint(value.length), Buffer.from(key), value]));
  const restarts = Buffer.alloc(8);
  restarts.writeUInt32LE(1, 4); // one restart point, at offset 0
  return Buffer.concat([...body, restarts]);
}

/** Snappy: everything before the marker's second 'ABCD' as a literal, the rest as a 4-byte copy. */
function snappyWithCopy(raw: Buffer): Buffer {
  const cut = raw.indexOf(MARKER) + MARKER.length - 4;
  const literal = raw.subarray(0, cut);
  const tail = raw.subarray(cut + 4);
  if (literal.length > 60 || tail.length > 60) throw new Error('test block too long for one-byte literal tags');
  return Buffer.concat([
    varint(raw.length),
    Buffer.from([(literal.length - 1) << 2]), literal,
    Buffer.from([((4 - 4) << 2) | 1, 4]), // copy 4 bytes from 4 back
    Buffer.from([(tail.length - 1) << 2]), tail,
  ]);
}

function handle(offset: number, length: number): Buffer {
  return Buffer.concat([varint(offset), varint(length)]);
}

function trailer(compression: number): Buffer {
  return Buffer.from([compression, 0, 0, 0, 0]); // the CRC is not checked by the scanner
}

/** A table with one Snappy data block holding the marker, an empty meta index and an index. */
function tableWithMarker(): Buffer {
  const data = snappyWithCopy(entryBlock([['case-key', Buffer.from(`{"responsibleUnit":"${MARKER}"}`)]]));
  const metaIndex = entryBlock([]);
  const metaIndexAt = data.length + 5;
  const index = entryBlock([['case-key', handle(0, data.length)]]);
  const indexAt = metaIndexAt + metaIndex.length + 5;
  const footer = Buffer.alloc(48);
  Buffer.concat([handle(metaIndexAt, metaIndex.length), handle(indexAt, index.length)]).copy(footer);
  Buffer.from('57fb808b247547db', 'hex').copy(footer, 40);
  return Buffer.concat([data, trailer(1), metaIndex, trailer(0), index, trailer(0), footer]);
}

function chunk(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt16LE(payload.length, 4);
  header[6] = type;
  return Buffer.concat([header, payload]);
}

/** A journal whose one record crosses the 32 KiB block border in the middle of the marker. */
function journalWithSplitMarker(): Buffer {
  const firstPayload = 32 * 1024 - 7;
  const record = Buffer.concat([Buffer.alloc(firstPayload - 5, 0x61), Buffer.from(MARKER), Buffer.alloc(100, 0x62)]);
  return Buffer.concat([chunk(2, record.subarray(0, firstPayload)), chunk(4, record.subarray(firstPayload))]);
}

describe('the disk scanner', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'marker-scan-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('decompresses Snappy literals and overlapping copies', () => {
    expect(decompressSnappy(Buffer.from([12, 3 << 2, 0x61, 0x62, 0x63, 0x64, (4 << 2) | 1, 4])).toString()).toBe('abcdabcdabcd');
    expect(decompressSnappy(Buffer.from([5, 0, 0x7a, (0 << 2) | 1, 1])).toString()).toBe('zzzzz');
    expect(() => decompressSnappy(Buffer.from([4, 1, 9]))).toThrow('copy before the start');
  });

  it('reads the entries of a compressed table block, and finds the marker only there', () => {
    const table = tableWithMarker();
    expect(table.includes(MARKER)).toBe(false);
    const entries = readTableBlocks(table).flatMap((block) => {
      try {
        return readBlockEntries(block);
      } catch {
        return [];
      }
    });
    expect(entries.map((entry) => entry.value.toString())).toContain(`{"responsibleUnit":"${MARKER}"}`);
    writeFileSync(path.join(dir, '000005.ldb'), table);
  });

  it('puts a journal record split over two blocks back together', () => {
    const journal = journalWithSplitMarker();
    expect(journal.includes(MARKER)).toBe(false);
    expect(readJournalRecords(journal).some((record) => record.includes(MARKER))).toBe(true);
    writeFileSync(path.join(dir, '000007.log'), journal);
  });

  it('reports each file with how the marker was found, and a LevelDB file it cannot read', () => {
    writeFileSync(path.join(dir, 'blockfile_000000'), `prefix ${MARKER} suffix`);
    writeFileSync(path.join(dir, '000009.ldb'), 'not a table');
    const scan = scanForMarkers([dir, path.join(dir, 'missing')], [MARKER, 'ER-NOWHERE']);
    expect(scan.findings.map((finding) => [path.basename(finding.file), finding.foundAs])).toEqual([
      ['000005.ldb', 'table block'],
      ['000007.log', 'journal record'],
      ['blockfile_000000', 'bytes'],
    ]);
    expect(scan.unreadable.map((entry) => path.basename(entry.file))).toEqual(['000009.ldb']);
    expect(scan.filesScanned).toBe(4);
  });
});
