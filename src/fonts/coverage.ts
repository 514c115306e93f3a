import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';
import { openFace } from './face-file.js';
import type { FontFile } from './font-file.js';

/** Which code points a face has a glyph for. */
export interface Coverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/**
 * A face's character map, read from its file without reading the file: the table
 * directory and the `cmap` table are a few hundred KB of a 15 MB CJK face, and
 * reading the whole face costs ~50 ms of page faults. (The faces themselves are read
 * only by the font subsetter, in its worker thread.)
 */
export async function readCoverage(file: FontFile): Promise<Coverage> {
  // The path is the real one, checked when the theme was loaded: only that file will do.
  const { handle, offset, read } = await openFace(file, [file.path]);
  try {
    const numTables = (await read(offset + 4, 2)).readUInt16BE(0);
    const directory = await read(offset + 12, 16 * numTables);
    for (let i = 0; i < numTables; i++) {
      if (directory.toString('latin1', 16 * i, 16 * i + 4) !== 'cmap') continue;
      return parseCmap(await read(directory.readUInt32BE(16 * i + 8), directory.readUInt32BE(16 * i + 12)));
    }
    throw new Error('it has no cmap table');
  } catch (e) {
    throw new DiagnosticError([error('fonts/invalid', `${displayPath(file.path)} is not a usable font: ${(e as Error).message}`, { file: file.path })]);
  } finally {
    await handle.close();
  }
}

/** Subtables in order of preference: full Unicode (format 12), then the BMP (format 4). */
const preferred: [platform: number, encoding: number, format: number][] = [
  [3, 10, 12],
  [0, 6, 12],
  [0, 4, 12],
  [3, 1, 4],
  [0, 3, 4],
];

/** The OpenType `cmap` table, formats 12 and 4 (what every Unicode font has). */
export function parseCmap(cmap: Buffer): Coverage {
  const subtables = new Map<string, number>();
  const count = cmap.readUInt16BE(2);
  for (let i = 0; i < count; i++) {
    const at = 4 + 8 * i;
    const offset = cmap.readUInt32BE(at + 4);
    subtables.set(`${cmap.readUInt16BE(at)}/${cmap.readUInt16BE(at + 2)}/${cmap.readUInt16BE(offset)}`, offset);
  }
  for (const [platform, encoding, format] of preferred) {
    const offset = subtables.get(`${platform}/${encoding}/${format}`);
    if (offset !== undefined) return format === 12 ? format12(cmap, offset) : format4(cmap, offset);
  }
  throw new Error('its cmap has no Unicode subtable of format 4 or 12');
}

/** A table that claims more than its bytes hold is refused before it is used (lookups read it later). */
function fits(cmap: Buffer, end: number): void {
  if (end > cmap.length) throw new Error('its cmap is cut short');
}

function format12(cmap: Buffer, at: number): Coverage {
  const groups = cmap.readUInt32BE(at + 12);
  fits(cmap, at + 16 + 12 * groups);
  const starts = new Uint32Array(groups);
  const ends = new Uint32Array(groups);
  const glyphs = new Uint32Array(groups);
  for (let g = 0; g < groups; g++) {
    const p = at + 16 + 12 * g;
    starts[g] = cmap.readUInt32BE(p);
    ends[g] = cmap.readUInt32BE(p + 4);
    glyphs[g] = cmap.readUInt32BE(p + 8);
  }
  return {
    hasGlyphForCodePoint(cp) {
      // Groups are sorted by start code: binary search.
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cp < starts[mid]!) hi = mid - 1;
        else if (cp > ends[mid]!) lo = mid + 1;
        else return glyphs[mid]! + (cp - starts[mid]!) !== 0;
      }
      return false;
    },
  };
}

function format4(cmap: Buffer, at: number): Coverage {
  const segments = cmap.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  fits(cmap, rangeOffsets + 2 * segments);
  return {
    hasGlyphForCodePoint(cp) {
      if (cp > 0xffff) return false;
      for (let s = 0; s < segments; s++) {
        if (cp > cmap.readUInt16BE(ends + 2 * s)) continue;
        const start = cmap.readUInt16BE(starts + 2 * s);
        if (cp < start) return false;
        const delta = cmap.readUInt16BE(deltas + 2 * s);
        const rangeOffset = cmap.readUInt16BE(rangeOffsets + 2 * s);
        if (rangeOffset === 0) return ((cp + delta) & 0xffff) !== 0;
        const glyphAt = rangeOffsets + 2 * s + rangeOffset + 2 * (cp - start);
        if (glyphAt + 2 > cmap.length) return false;
        const glyph = cmap.readUInt16BE(glyphAt);
        return glyph !== 0 && ((glyph + delta) & 0xffff) !== 0;
      }
      return false;
    },
  };
}
