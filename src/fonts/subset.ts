import subsetFont from 'subset-font';
import { readFontFile } from './files.js';
import { fileKey, type FontFile } from './manifest.js';

/** Recent subsets: a rebuild whose edit adds no new character reuses them (~50 ms a face). */
const recent = new Map<string, Promise<Buffer>>();
const keep = 16;

/**
 * A TrueType font holding only the glyphs needed for `text` (harfbuzz's subsetter),
 * so a DOCX embeds ~100 KB instead of a 15 MB CJK face.
 */
export function subsetFace(file: FontFile, text: string): Promise<Buffer> {
  // Digits and the space are always kept: page numbers are fields Word fills in later.
  const chars = [...new Set(`${text}0123456789 `)].sort().join('');
  const key = `${fileKey(file)}\n${chars}`;
  let subset = recent.get(key);
  if (subset) {
    recent.delete(key); // re-inserted below as the newest
  } else {
    subset = readFontFile(file).then((bytes) => subsetFont(bytes, chars, { targetFormat: 'sfnt' }));
    subset.catch(() => recent.delete(key));
  }
  recent.set(key, subset);
  if (recent.size > keep) recent.delete(recent.keys().next().value!);
  return subset;
}

/** Forgets every subset, when font files change under watch. */
export function forgetSubsets(): void {
  recent.clear();
}
