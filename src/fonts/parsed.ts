import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { measureEmptyGlyphs } from './empty-glyph.js';
import { useNativeInflate } from './native-inflate.js';
import { keptBytes } from './subset-cache.js';
import { deferUnusedModules } from './unused-modules.js';

/** The part of fontkit's API Dossier and pdfkit use. */
export interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
}

const require = createRequire(import.meta.url);
let memoized: Fontkit | undefined;
const bytesOf = new WeakMap<object, Uint8Array>();
const hashes = new WeakMap<Uint8Array, string>();
/** The sha256 of the bytes, taken once: what names what is kept of a font between builds. */
const hashOf = (bytes: Uint8Array): string => {
  let hash = hashes.get(bytes);
  if (hash === undefined) hashes.set(bytes, (hash = createHash('sha256').update(bytes).digest('hex')));
  return hash;
};

/** The hash of the bytes a font made by fontkit() was parsed from. */
export const fontHash = (font: object): string | undefined => {
  const bytes = bytesOf.get(font);
  return bytes && hashOf(bytes);
};

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
  useNativeInflate(); // before fontkit inflates its Unicode tables
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
        glyphsKeepCodePoints(font);
        measureEmptyGlyphs(font);
        rememberSubsets(font, buffer);
        bytesOf.set(font as object, buffer);
        byName.set(name, font);
      }
      return byName.get(name);
    },
  };
  require.cache[path]!.exports = memoized;
  return memoized;
}

interface Glyphs {
  getGlyph(id: number, characters?: number[]): { codePoints: number[] } | null;
}

/**
 * fontkit keeps one glyph object per id, with the code points of the call that first
 * made it. One made for its metrics alone (pdfkit's widths, an outline's box: no code
 * points) said, ever after, that it draws no character, and a layout that later
 * returned it gave the composer a glyph of nothing, every cluster after it shifted
 * (a watch rebuild after a build whose text was shaped from the cache: drawn before
 * laid out). A glyph asked for with the characters it draws learns them.
 */
function glyphsKeepCodePoints(font: unknown): void {
  const glyphs = font as Partial<Glyphs>;
  if (typeof glyphs.getGlyph !== 'function') return; // a collection
  const getGlyph = glyphs.getGlyph.bind(font);
  glyphs.getGlyph = (id, characters = []) => {
    const glyph = getGlyph(id, characters);
    if (glyph && characters.length && !glyph.codePoints.length) glyph.codePoints = [...characters];
    return glyph;
  };
}

interface Subsetting {
  createSubset(): { glyphs: number[]; encode(): Uint8Array };
}

/**
 * pdfkit embeds a face as fontkit's subset of the glyphs a document draws, encoded
 * anew (each glyph decoded and copied, ~35 ms for the example's faces) for every
 * document, though a rebuild draws the same glyphs from the same bytes: the encoding
 * is kept per parse by glyph list, and in the cache folder by the bytes' hash and the
 * glyph list, for the next build.
 */
function rememberSubsets(font: unknown, buffer: Uint8Array): void {
  const subsetting = font as Partial<Subsetting>;
  if (typeof subsetting.createSubset !== 'function') return;
  const create = subsetting.createSubset.bind(font);
  const encoded = new Map<string, Uint8Array>();
  subsetting.createSubset = () => {
    const subset = create();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const glyphs = subset.glyphs.join(',');
      let bytes = encoded.get(glyphs);
      if (!bytes) {
        bytes = keptBytes(`${fontkitVersion()} subset\n${hashOf(buffer)}\n${glyphs}`, encode);
        if (encoded.size >= 8) encoded.delete(encoded.keys().next().value!);
        encoded.set(glyphs, bytes);
      }
      return bytes;
    };
    return subset;
  };
}

let version: string | undefined;
/** fontkit's version: another may encode the same glyphs otherwise. */
export const fontkitVersion = () =>
  (version ??= `fontkit ${(JSON.parse(readFileSync(join(dirname(require.resolve('fontkit')), '..', 'package.json'), 'utf8')) as { version: string }).version}`);
