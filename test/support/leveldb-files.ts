/**
 * Reads LevelDB's own files byte for byte, as goleveldb writes them (the peer's state, history,
 * private data, transient store and block index databases), so that a test can look for a value
 * in every version still on disk, including versions that a newer write or a delete hides from
 * every read through LevelDB:
 * - journals (`NNNNNN.log`, `MANIFEST-NNNNNN`): 32 KiB blocks of chunks with a 7-byte header; a
 *   record split over two blocks is put back together, so a value across a block border is found;
 * - tables (`NNNNNN.ldb`, `.sst`): every block the index and meta index point to, Snappy blocks
 *   decompressed, each entry's key rebuilt from its shared prefix.
 * Written from the formats' descriptions (github.com/google/leveldb, doc/log_format.md and
 * doc/table_format.md); goleveldb writes the same formats.
 */
import { decompressSnappy, readVarint } from './snappy-block';

const JOURNAL_BLOCK = 32 * 1024;
const CHUNK_HEADER = 7;
const CHUNK = { full: 1, first: 2, middle: 3, last: 4 } as const;

/** The records of a journal file, put back together from their chunks (a torn tail included). */
export function readJournalRecords(file: Buffer): Buffer[] {
  const records: Buffer[] = [];
  let parts: Buffer[] = [];
  const flush = (): void => {
    if (parts.length > 0) records.push(Buffer.concat(parts));
    parts = [];
  };
  for (let block = 0; block < file.length; block += JOURNAL_BLOCK) {
    const end = Math.min(block + JOURNAL_BLOCK, file.length);
    for (let at = block; at + CHUNK_HEADER <= end; ) {
      const length = file.readUInt16LE(at + 4);
      const type = file[at + 6];
      if (type === 0 || type === undefined || type > CHUNK.last) break; // zero padding or the unused rest
      const chunk = file.subarray(at + CHUNK_HEADER, Math.min(at + CHUNK_HEADER + length, end));
      at += CHUNK_HEADER + length;
      if (type === CHUNK.full || type === CHUNK.first) flush();
      parts.push(chunk);
      if (type === CHUNK.full || type === CHUNK.last) flush();
    }
  }
  flush();
  return records;
}

/** Where a block sits in a table file. */
interface BlockHandle {
  readonly offset: number;
  readonly length: number;
}

const TABLE_FOOTER = 48;
const TABLE_MAGIC = Buffer.from('57fb808b247547db', 'hex');
const BLOCK_TRAILER = 5;
const COMPRESSION = { none: 0, snappy: 1 } as const;

function readHandle(buf: Buffer, offset: number): { handle: BlockHandle; next: number } {
  const first = readVarint(buf, offset);
  const second = readVarint(buf, first.next);
  return { handle: { offset: first.value, length: second.value }, next: second.next };
}

/** A block's contents, decompressed. */
function readBlock(file: Buffer, handle: BlockHandle): Buffer {
  const end = handle.offset + handle.length;
  if (end + BLOCK_TRAILER > file.length) throw new Error(`block at ${handle.offset} runs past the end of the table`);
  const body = file.subarray(handle.offset, end);
  const compression = file[end];
  if (compression === COMPRESSION.none) return body;
  if (compression === COMPRESSION.snappy) return decompressSnappy(body);
  throw new Error(`block at ${handle.offset} has unknown compression ${String(compression)}`);
}

/** One key-value entry of a block, the key rebuilt from its shared prefix. */
export interface BlockEntry {
  readonly key: Buffer;
  readonly value: Buffer;
}

/**
 * The entries of a block (prefix-compressed keys, restart points at the end).
 * @throws Error when the bytes are not a block of entries (e.g. a filter block).
 */
export function readBlockEntries(block: Buffer): BlockEntry[] {
  if (block.length < 4) throw new Error('block too short');
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - 4 * restarts;
  if (end < 0) throw new Error('bad restart count');
  const entries: BlockEntry[] = [];
  let key = Buffer.alloc(0);
  for (let at = 0; at < end; ) {
    const shared = readVarint(block, at);
    const unshared = readVarint(block, shared.next);
    const valueLength = readVarint(block, unshared.next);
    const keyEnd = valueLength.next + unshared.value;
    const valueEnd = keyEnd + valueLength.value;
    if (shared.value > key.length || valueEnd > end) throw new Error(`bad entry at ${at}`);
    key = Buffer.concat([key.subarray(0, shared.value), block.subarray(valueLength.next, keyEnd)]);
    entries.push({ key, value: block.subarray(keyEnd, valueEnd) });
    at = valueEnd;
  }
  return entries;
}

/**
 * Every block of a table, decompressed: the data blocks the index points to, the meta blocks
 * (filter), the index and the meta index.
 * @throws Error when the file is not a LevelDB table or a block is malformed.
 */
export function readTableBlocks(file: Buffer): Buffer[] {
  if (file.length < TABLE_FOOTER || !file.subarray(file.length - 8).equals(TABLE_MAGIC)) {
    throw new Error('not a LevelDB table (no table magic)');
  }
  const footer = file.length - TABLE_FOOTER;
  const metaIndexHandle = readHandle(file, footer);
  const indexHandle = readHandle(file, metaIndexHandle.next).handle;
  const index = readBlock(file, indexHandle);
  const metaIndex = readBlock(file, metaIndexHandle.handle);
  const pointed = [...readBlockEntries(index), ...readBlockEntries(metaIndex)].map((entry) => readHandle(entry.value, 0).handle);
  return [index, metaIndex, ...pointed.map((handle) => readBlock(file, handle))];
}
