import { shapedRuns, type FontkitFont, type FontkitRun, type ShapeStore } from '../compose/shape.js';
import { fontHash, fontkitVersion } from './parsed.js';
import { cacheBytes, cachedBytes, cacheFolder } from './subset-cache.js';

/**
 * Shaped texts kept in the cache folder, per font (by its bytes' hash and fontkit's
 * version): a build of text shaped before never runs fontkit's shaper (GSUB, GPOS,
 * glyph outlines: ~25 ms of a cached build of the example), and takes what fontkit
 * gave then (its glyphs, their code points and positions: the composer's reading of
 * them is made anew). A font's entry is what the process keeps shaped for it (at most
 * the last 4,096 texts, compose/shape.ts), written after a build that shaped anew.
 */
type Entry = [key: string, ids: number[], codePoints: number[][], xAdvance: number[], xOffset: number[], yOffset: number[]];

const fresh = new Set<FontkitFont>();

const keyOf = (font: FontkitFont): string | undefined => {
  const hash = fontHash(font);
  return hash && `${fontkitVersion()} shaped\n${hash}`;
};

export const shapedCache: ShapeStore = {
  load(font) {
    const dir = cacheFolder();
    const key = dir === undefined ? undefined : keyOf(font);
    const data = key === undefined ? undefined : cachedBytes(dir!, key);
    if (!data) return undefined;
    try {
      const entries = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as Entry[];
      return new Map(
        entries.map(([key, ids, codePoints, xAdvance, xOffset, yOffset]): [string, FontkitRun] => [
          key,
          {
            glyphs: ids.map((id, i) => ({ id, codePoints: codePoints[i]! })),
            positions: xAdvance.map((advance, i) => ({ xAdvance: advance, xOffset: xOffset[i]!, yOffset: yOffset[i]! })),
          },
        ]),
      );
    } catch {
      return undefined; // another version's shape: shaped anew, and written over
    }
  },
  shaped(font) {
    fresh.add(font);
  },
};

/** Writes the shaped texts of each font that shaped anything new since the last call. */
export function shapesKept(): void {
  const dir = cacheFolder();
  for (const font of fresh) {
    const key = keyOf(font);
    if (dir === undefined || key === undefined) continue;
    const entries: Entry[] = [...shapedRuns(font)].map(([text, { glyphs, positions }]) => [
      text,
      glyphs.map((g) => g.id),
      glyphs.map((g) => g.codePoints),
      positions.map((p) => p.xAdvance),
      positions.map((p) => p.xOffset),
      positions.map((p) => p.yOffset),
    ]);
    cacheBytes(dir, key, Buffer.from(JSON.stringify(entries), 'utf8'));
  }
  fresh.clear();
}
