import { createRequire } from 'node:module';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyInflate } from '../src/fonts/native-inflate.js';
import { fontkit } from '../src/fonts/parsed.js';

const require = createRequire(import.meta.url);
const path = require.resolve('tiny-inflate', { paths: [require.resolve('fontkit')] });
type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array;
let installed: unknown;
let tiny: Inflate;

beforeAll(() => {
  fontkit(); // puts the native inflater in place, before anything loads the real one
  installed = require.cache[path]?.exports;
  // The real tiny-inflate, loaded beside it for comparison, and the native one put back.
  const entry = require.cache[path];
  delete require.cache[path];
  tiny = require(path) as Inflate;
  require.cache[path] = entry;
});

/** Deflated data as unicode-trie and fontkit's WOFF reader hand it over. */
function cases(): [string, Uint8Array, number][] {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const text = Uint8Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? random() : i & 0x1f));
  const deflated = deflateRawSync(text);
  return [
    ['exactly its size', deflated, text.length],
    ['into a larger buffer (unicode-trie inflates into the whole size first)', deflated, text.length + 4096],
    ["followed by a checksum (WOFF's zlib trailer)", Buffer.concat([deflated, Buffer.from([1, 2, 3, 4])]), text.length],
  ];
}

describe('the native inflater under tiny-inflate’s name', () => {
  for (const [name, source, size] of cases()) {
    it(`returns what tiny-inflate returns: ${name}`, () => {
      const ours = tinyInflate(source, new Uint8Array(size));
      const theirs = tiny(source, new Uint8Array(size));
      expect(ours.length).toBe(theirs.length);
      expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
    });
  }

  it('refuses data that would inflate past the buffer, where tiny-inflate truncated silently', () => {
    const source = deflateRawSync(new Uint8Array(10_000));
    expect(() => tinyInflate(source, new Uint8Array(100))).toThrow();
  });

  it('is what fontkit loads', () => {
    expect(installed).toBe(tinyInflate);
    expect(tiny).not.toBe(tinyInflate);
  });
});
