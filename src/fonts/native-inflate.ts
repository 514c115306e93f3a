import { createRequire, Module } from 'node:module';
import { inflateRawSync } from 'node:zlib';

/**
 * fontkit and unicode-trie inflate their Unicode tables (the Unicode properties, the
 * Arabic, Indic and USE shapers' classes) when they load, with tiny-inflate, a pure
 * JavaScript inflater run cold by every build: ~20 ms of a cached build's start. zlib's
 * inflater does the same in ~1 ms. tiny-inflate's contract, kept: `(source, dest)`
 * inflates raw deflate data into `dest` and returns it, or a copy of its filled part
 * when the data is shorter; bytes after the final block (WOFF's checksum) are ignored.
 * Data that would inflate past `dest` (a broken or hostile WOFF table) is an error,
 * found without inflating the rest.
 */
export function tinyInflate(source: Uint8Array, dest: Uint8Array): Uint8Array {
  const inflated = inflateRawSync(source, { maxOutputLength: Math.max(1, dest.length) });
  dest.set(inflated);
  return inflated.length < dest.length ? dest.slice(0, inflated.length) : dest;
}

let installed = false;

/** Puts the native inflater in Node's module cache under tiny-inflate's name; before fontkit loads. */
export function useNativeInflate(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const path = require.resolve('tiny-inflate', { paths: [require.resolve('fontkit')] });
  if (require.cache[path]) return; // loaded already: its users hold the real one
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = tinyInflate;
  require.cache[path] = module;
}
