/**
 * The table directory of a TrueType/OpenType font (an "sfnt"): reading a font's
 * tables, and writing a font back from tables, with the offsets, padding and
 * checksums the format asks for.
 */
export interface SfntTable {
  /** Four characters, e.g. `name`. */
  tag: string;
  data: Uint8Array;
  /** The directory's checksum for it, when the data is the font's own; computed when absent. */
  checksum?: number;
}

export interface Sfnt {
  /** 0x00010000 (TrueType outlines) or 'OTTO' (CFF), as a number. */
  version: number;
  tables: SfntTable[];
}

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The tables of the font starting at `start` (0, or a face's offset in a collection). */
export function readSfnt(font: Uint8Array, start = 0): Sfnt {
  const view = viewOf(font);
  const numTables = view.getUint16(start + 4);
  const tables = Array.from({ length: numTables }, (_, i): SfntTable => {
    const record = start + 12 + 16 * i;
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (offset + length > font.length) throw new RangeError(`its ${tagOf(view, record)} table ends past the end of the file`);
    return { tag: tagOf(view, record), checksum: view.getUint32(record + 4), data: font.subarray(offset, offset + length) };
  });
  return { version: view.getUint32(start), tables };
}

const tagOf = (view: DataView, at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));

const padded = (n: number) => (n + 3) & ~3;

/** The sum of a table's bytes as big-endian 32-bit words, zero-padded: its directory checksum. */
function checksum(data: Uint8Array): number {
  const words = new Uint8Array(padded(data.length));
  words.set(data);
  const view = viewOf(words);
  let sum = 0;
  for (let i = 0; i < words.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** A font file of these tables, in this order, each 4-byte aligned, with head.checkSumAdjustment set. */
export function writeSfnt({ version, tables }: Sfnt): Uint8Array {
  const headerSize = 12 + 16 * tables.length;
  const size = headerSize + tables.reduce((sum, t) => sum + padded(t.data.length), 0);
  const out = new Uint8Array(size);
  const view = viewOf(out);
  view.setUint32(0, version);
  view.setUint16(4, tables.length);
  // The binary-search fields: the largest power of two not above the table count.
  const power = tables.length ? 2 ** Math.floor(Math.log2(tables.length)) : 0;
  view.setUint16(6, power * 16);
  view.setUint16(8, power ? Math.log2(power) : 0);
  view.setUint16(10, tables.length * 16 - power * 16);
  let at = headerSize;
  let headAt = -1;
  tables.forEach((table, i) => {
    const record = 12 + 16 * i;
    for (let c = 0; c < 4; c++) view.setUint8(record + c, table.tag.charCodeAt(c));
    view.setUint32(record + 4, table.checksum ?? checksum(table.data));
    view.setUint32(record + 8, at);
    view.setUint32(record + 12, table.data.length);
    out.set(table.data, at);
    if (table.tag === 'head') headAt = at;
    at += padded(table.data.length);
  });
  if (headAt >= 0) {
    // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA (head's own
    // checksum is taken with it at 0, so it stands).
    view.setUint32(headAt + 8, 0);
    let sum = 0;
    for (let i = 0; i < size; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
    view.setUint32(headAt + 8, (0xb1b0afba - sum) >>> 0);
  }
  return out;
}
