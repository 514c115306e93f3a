/**
 * Takes one face out of a TrueType/OpenType collection (.ttc/.otc) as a standalone
 * font file. pdfkit and harfbuzz's subsetter both take a plain font; a collection's
 * faces share tables, so the face's tables are copied into a file of their own.
 */
export function isCollection(font: Uint8Array): boolean {
  return font.length >= 12 && Buffer.from(font.buffer, font.byteOffset, 4).toString('latin1') === 'ttcf';
}

export function faceCount(collection: Uint8Array): number {
  return new DataView(collection.buffer, collection.byteOffset, collection.byteLength).getUint32(8);
}

export function extractFace(collection: Uint8Array, index: number): Uint8Array {
  const view = new DataView(collection.buffer, collection.byteOffset, collection.byteLength);
  const count = view.getUint32(8);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`face index ${index} is not in this collection of ${count} faces (0–${count - 1})`);
  }
  const start = view.getUint32(12 + 4 * index);
  const numTables = view.getUint16(start + 4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const record = start + 12 + 16 * i;
    return {
      tag: view.getUint32(record),
      checksum: view.getUint32(record + 4),
      offset: view.getUint32(record + 8),
      length: view.getUint32(record + 12),
    };
  });
  const headerSize = 12 + 16 * numTables;
  const padded = (n: number) => (n + 3) & ~3;
  const size = headerSize + tables.reduce((sum, t) => sum + padded(t.length), 0);
  const out = new Uint8Array(size);
  const o = new DataView(out.buffer);
  out.set(collection.subarray(start, start + 12), 0); // sfnt version, numTables, search fields
  let at = headerSize;
  let headAt = -1;
  tables.forEach((t, i) => {
    const record = 12 + 16 * i;
    o.setUint32(record, t.tag);
    o.setUint32(record + 4, t.checksum);
    o.setUint32(record + 8, at);
    o.setUint32(record + 12, t.length);
    out.set(collection.subarray(t.offset, t.offset + t.length), at);
    if (t.tag === 0x68656164 /* head */) headAt = at;
    at += padded(t.length);
  });
  if (headAt >= 0) {
    // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
    o.setUint32(headAt + 8, 0);
    let sum = 0;
    for (let i = 0; i < size; i += 4) sum = (sum + o.getUint32(i)) >>> 0;
    o.setUint32(headAt + 8, (0xb1b0afba - sum) >>> 0);
  }
  return out;
}
