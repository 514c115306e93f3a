import { createRequire } from 'node:module';
import { measureEmptyGlyphs } from './empty-glyph.js';
import { deferUnusedModules } from './unused-modules.js';

/** The part of fontkit's API Dossier and pdfkit use. */
export interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
}

const require = createRequire(import.meta.url);
let memoized: Fontkit | undefined;

/**
 * fontkit, with `create` answering from a cache per font buffer: pdfkit parses
 * each font again for every document it makes, and in watch mode most rebuilds
 * draw with the same subsets. A changed font or subset is a new buffer, so it is
 * parsed anew. Installed in Node's module cache, so pdfkit's own
 * `require('fontkit')` gets this one too.
 */
export function fontkit(): Fontkit {
  if (memoized) return memoized;
  deferUnusedModules(); // before fontkit, and pdfkit after it, load them
  const path = require.resolve('fontkit');
  const original = require('fontkit') as Fontkit;
  const parsed = new WeakMap<Uint8Array, Map<string, unknown>>();
  // fontkit's exports are getters; a plain copy can take a new `create`.
  memoized = {
    ...original,
    create(buffer, postscriptName) {
      let byName = parsed.get(buffer);
      if (!byName) parsed.set(buffer, (byName = new Map()));
      const name = postscriptName ?? '';
      if (!byName.has(name)) {
        const font = original.create(buffer, postscriptName);
        measureEmptyGlyphs(font);
        rememberSubsets(font);
        byName.set(name, font);
      }
      return byName.get(name);
    },
  };
  require.cache[path]!.exports = memoized;
  return memoized;
}

interface Subsetting {
  createSubset(): { glyphs: number[]; encode(): Uint8Array };
}

/**
 * pdfkit embeds a face as fontkit's subset of the glyphs a document draws, encoded
 * anew (each glyph decoded and copied) for every document, though a rebuild draws the
 * same glyphs from the same parse: the encoding is kept, per parse, by glyph list.
 */
function rememberSubsets(font: unknown): void {
  const subsetting = font as Partial<Subsetting>;
  if (typeof subsetting.createSubset !== 'function') return;
  const create = subsetting.createSubset.bind(font);
  const encoded = new Map<string, Uint8Array>();
  subsetting.createSubset = () => {
    const subset = create();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      let bytes = encoded.get(key);
      if (!bytes) {
        bytes = encode();
        if (encoded.size >= 8) encoded.delete(encoded.keys().next().value!);
        encoded.set(key, bytes);
      }
      return bytes;
    };
    return subset;
  };
}
