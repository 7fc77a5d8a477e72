/**
 * Decompresses one block in Snappy's raw (block) format, as LevelDB stores a compressed table
 * block: a varint of the uncompressed length, then literals and back-references. Written from the
 * format description (github.com/google/snappy, format_description.txt); a compressed block holds
 * a repeated string only once, so a byte search of the file alone can miss it.
 */

/** A varint at `offset`: its value and the offset after it. */
export function readVarint(buf: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let at = offset; at < buf.length && shift <= 49; at += 1) {
    const byte = buf[at]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: at + 1 };
    shift += 7;
  }
  throw new Error(`bad varint at offset ${offset}`);
}

function littleEndian(buf: Buffer, offset: number, bytes: number): number {
  if (offset + bytes > buf.length) throw new Error('snappy: truncated element');
  return buf.readUIntLE(offset, bytes);
}

/** One element: a literal (`literal` set) or a copy (`length` bytes from `distance` back). */
interface Element {
  readonly next: number;
  readonly literal?: Buffer;
  readonly length: number;
  readonly distance: number;
}

function readElement(buf: Buffer, at: number): Element {
  const tag = buf[at]!;
  switch (tag & 3) {
    case 0: {
      const extra = (tag >> 2) - 59; // 60..63: the length - 1 follows in 1..4 bytes
      const lengthBytes = extra > 0 ? extra : 0;
      const length = (lengthBytes > 0 ? littleEndian(buf, at + 1, lengthBytes) : tag >> 2) + 1;
      const start = at + 1 + lengthBytes;
      if (start + length > buf.length) throw new Error('snappy: truncated literal');
      return { next: start + length, literal: buf.subarray(start, start + length), length, distance: 0 };
    }
    case 1:
      return { next: at + 2, length: 4 + ((tag >> 2) & 7), distance: ((tag >> 5) << 8) | littleEndian(buf, at + 1, 1) };
    case 2:
      return { next: at + 3, length: (tag >> 2) + 1, distance: littleEndian(buf, at + 1, 2) };
    default:
      return { next: at + 5, length: (tag >> 2) + 1, distance: littleEndian(buf, at + 1, 4) };
  }
}

/**
 * The uncompressed bytes of a Snappy block.
 * @throws Error when the block is malformed (a reference before the start, a wrong length).
 */
export function decompressSnappy(block: Buffer): Buffer {
  const { value: size, next } = readVarint(block, 0);
  const out = Buffer.alloc(size);
  let written = 0;
  for (let at = next; at < block.length; ) {
    const element = readElement(block, at);
    if (written + element.length > size) throw new Error('snappy: output longer than announced');
    if (element.literal) {
      element.literal.copy(out, written);
      written += element.length;
    } else {
      if (element.distance === 0 || element.distance > written) throw new Error('snappy: copy before the start');
      // byte by byte: a copy may overlap the bytes it produces (a run)
      for (let i = 0; i < element.length; i += 1, written += 1) out[written] = out[written - element.distance]!;
    }
    at = element.next;
  }
  if (written !== size) throw new Error(`snappy: ${written} bytes decoded, ${size} announced`);
  return out;
}
