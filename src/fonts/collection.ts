import { readSfnt, writeSfnt } from './sfnt.js';

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
  const count = faceCount(collection);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`face index ${index} is not in this collection of ${count} faces (0–${count - 1})`);
  }
  const start = new DataView(collection.buffer, collection.byteOffset, collection.byteLength).getUint32(12 + 4 * index);
  return writeSfnt(readSfnt(collection, start));
}
