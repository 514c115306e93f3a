import { mirrored } from '../text/bidi.js';
import { forgetFontFiles, readFontFile, signatureOf } from './files.js';
import { fileKey, type FontFile } from './font-file.js';
import { cachedSubset, cacheSubset } from './subset-cache.js';

/**
 * The characters a subset for `text` holds, sorted, each once. Digits and the space
 * are always kept: page numbers are fields Word fills in later; so are the hyphen a
 * broken word ends with and the mirror images of brackets, which right-to-left text
 * draws in place of the brackets themselves.
 */
export function subsetChars(text: string): string {
  const kept = [...`${text}0123456789 -`];
  return [...new Set([...kept, ...kept.map((c) => mirrored(c) ?? c)])].sort().join('');
}

/** Subsets made in this thread: the PDF's and the DOCX's requests for one face share them. */
const made = new Map<string, Promise<Uint8Array>>();
const recentCount = 16;

/**
 * A TrueType font holding only the glyphs for `chars` (harfbuzz's subsetter), made in
 * this thread: from the subset cache in folder `cache` where it has it, else from the
 * face's bytes, and then kept there.
 */
export function makeSubset(file: FontFile, chars: string, cache: string | undefined): Promise<Uint8Array> {
  const key = `${fileKey(file)}\n${chars}`;
  let subset = made.get(key);
  if (subset) {
    made.delete(key); // re-inserted below as the newest
  } else {
    subset = (async () => {
      const cached = cache === undefined ? undefined : cachedSubset(cache, file, chars);
      if (cached) return cached;
      const face = await readFontFile(file);
      const { default: subsetFont } = await import('subset-font');
      // A copy of its own: a small Buffer shares Node's pool, which cannot move to another thread.
      const bytes = Uint8Array.from(await subsetFont(face, chars, { targetFormat: 'sfnt' }));
      // Kept once whoever waits has it: a reply sent in this turn goes first.
      if (cache !== undefined) setImmediate(() => keep(cacheSubset(cache, file, face, signatureOf(face), chars, bytes)));
      return bytes;
    })();
    subset.catch(() => made.delete(key));
  }
  made.set(key, subset);
  if (made.size > recentCount) made.delete(made.keys().next().value!);
  return subset;
}

const storing = new Set<Promise<void>>();
const keep = (store: Promise<void>) => {
  const settled = store.catch(() => {}).finally(() => storing.delete(settled));
  storing.add(settled);
};

/** Once every subset made so far is in the cache: a process that exits sooner would lose them. */
export async function subsetsStored(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve)); // stores are queued a turn after their subset
  await Promise.all(storing);
}

/** Forgets every subset made and face read, when font files change under watch. */
export function forgetMade(): void {
  made.clear();
  forgetFontFiles();
}
