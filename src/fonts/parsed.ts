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
        byName.set(name, font);
      }
      return byName.get(name);
    },
  };
  require.cache[path]!.exports = memoized;
  return memoized;
}
