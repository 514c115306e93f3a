import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';
import { fileKey, type FontFile } from './font-file.js';
import { makeSubset, subsetChars } from './harfbuzz.js';
import { fontkit } from './parsed.js';
import { cacheFolder, cachedSubset } from './subset-cache.js';

/** Recent subsets: a rebuild whose edit adds no new character reuses them (~50 ms a face). */
const recent = new Map<string, Promise<Uint8Array>>();
const keep = 16;

/** Makes a subset the cache does not hold: in another thread, or undefined to make it on this one. */
export type SubsetMaker = (file: FontFile, chars: string, cache: string | undefined) => Promise<Uint8Array> | undefined;
let maker: SubsetMaker = () => undefined;
let forgetElsewhere: () => void = () => {};

/**
 * Where subsets are made: a build with a side thread hands it the work (build.ts gives
 * it here); the font layer never reaches for the thread itself (design.md: threads
 * with one protocol).
 */
export function useSubsetMaker(make: SubsetMaker, forget: () => void): void {
  maker = make;
  forgetElsewhere = forget;
}

/**
 * A TrueType font holding only the glyphs needed for `text` (harfbuzz's subsetter),
 * so a DOCX embeds ~100 KB instead of a 15 MB CJK face, and pdfkit parses and lays
 * out with a small font. Taken from the subset cache where it is there; else made in
 * the side thread, asked for as soon as the build knows its characters, while this
 * thread loads the renderers.
 */
export function subsetFace(file: FontFile, text: string): Promise<Uint8Array> {
  const chars = subsetChars(text);
  const key = `${fileKey(file)}\n${chars}`;
  let subset = recent.get(key);
  if (subset) {
    recent.delete(key); // re-inserted below as the newest
  } else {
    const cacheDir = cacheFolder();
    const cached = cacheDir === undefined ? undefined : cachedSubset(cacheDir, file, chars);
    // A subset from the cache was found usable when it was made, and is as it was then (its hash).
    subset = cached
      ? Promise.resolve(cached)
      : (maker(file, chars, cacheDir) ?? makeSubset(file, chars, cacheDir)).then(
          (bytes) => usable(file, bytes, chars),
          (e: Error) => Promise.reject(unusable(file, e)),
        );
    subset.catch(() => recent.delete(key));
  }
  recent.set(key, subset);
  if (recent.size > keep) recent.delete(recent.keys().next().value!);
  return subset;
}

/**
 * The subset, once fontkit has laid out its characters as pdfkit will: a face whose
 * file is truncated or corrupt then fails here, as a problem naming the file, not
 * in the middle of rendering. (harfbuzz has already checked the glyph data it
 * copied.) The parse and the glyphs' metrics are the ones pdfkit then uses:
 * fontkit() keeps the parse per buffer, and the parse its glyphs.
 */
function usable(file: FontFile, bytes: Uint8Array, chars: string): Uint8Array {
  try {
    (fontkit().create(bytes) as { layout(text: string): unknown }).layout(chars);
  } catch (e) {
    throw unusable(file, e as Error);
  }
  return bytes;
}

const unusable = (file: FontFile, e: Error) =>
  new DiagnosticError([error('fonts/invalid', `${displayPath(file.path)} is not a usable font: ${e.message}`, { file: displayPath(file.path) })]);

/** Forgets every subset and face read, when font files change under watch. */
export function forgetSubsets(): void {
  recent.clear();
  forgetElsewhere();
}
