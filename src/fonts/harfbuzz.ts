import { createHash, type Hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { notFound, openConfined } from '../files/confined.js';
import { mirrored } from '../text/bidi.js';
import { fontRules } from './face-file.js';
import { fileKey, type FontFile } from './font-file.js';
import { cachedSubset, cacheSubset, indexedHash, statSignature } from './subset-cache.js';

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
 * face file, and then kept there.
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
      // The face's hash names the cache entry: taken while the face is read, unless the index has it.
      const signature = cache === undefined ? undefined : statSignature(file);
      const known = cache === undefined ? undefined : indexedHash(cache, file);
      const { bytes, hash } = await oneAtATime(() => subsetFile(file, chars, cache !== undefined && known === undefined));
      // Kept once whoever waits has it: a reply sent in this turn goes first.
      const face = known ?? hash;
      if (cache !== undefined && face !== undefined) setImmediate(() => keep(cacheSubset(cache, file, face, signature, chars, bytes)));
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

/** Forgets every subset made, when font files change under watch. */
export function forgetMade(): void {
  made.clear();
}

/** The exports of harfbuzzjs's subsetter build that this module calls. */
interface Harfbuzz {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

let harfbuzz: Promise<Harfbuzz> | undefined;
function instance(): Promise<Harfbuzz> {
  harfbuzz ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasm));
    const exports = instance.exports as unknown as Harfbuzz & { _initialize(): void };
    exports._initialize();
    return exports;
  })();
  return harfbuzz;
}

let queue: Promise<unknown> = Promise.resolve();
/** One face at a time: each is read into harfbuzz's memory, which the next reuses. */
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const done = queue.then(work);
  queue = done.catch(() => {});
  return done;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const CHUNK = 4 * 1024 * 1024;

/**
 * harfbuzz's subset of face `file.index` of the file, every layout feature kept (as
 * subset-font, which Dossier used before, asks for). The file is read straight into
 * harfbuzz's memory, not into a buffer of its own first: a CJK face is 15 MB, and a
 * build's three of them were held twice over. With `hash`, the file is hashed as it is
 * read (sha256 of its bytes, then of the face index).
 */
async function subsetFile(file: FontFile, chars: string, hash: boolean): Promise<{ bytes: Uint8Array; hash?: string }> {
  const hb = await instance();
  // The path is the real one, checked when the theme was loaded: only that file will do.
  const rules = fontRules([file.path]);
  const opened = await openConfined(file.path, rules);
  if (!opened) throw notFound(file.path, rules);
  const data = hb.malloc(Math.max(1, opened.size));
  try {
    let length: number;
    let digest: Hash | undefined;
    try {
      digest = hash ? createHash('sha256') : undefined;
      length = await readInto(opened.handle, new Uint8Array(hb.memory.buffer, data, opened.size), digest);
    } finally {
      await opened.handle.close();
    }
    const faceHash = digest?.update(`#${file.index ?? 0}`).digest('hex');
    const blob = hb.hb_blob_create(data, length, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = hb.hb_face_create(blob, file.index ?? 0);
    hb.hb_blob_destroy(blob);
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) throw new Error('harfbuzz could not make a subset input');
    let subset: number;
    try {
      const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
      hb.hb_set_clear(features);
      hb.hb_set_invert(features);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const char of chars) hb.hb_set_add(unicodes, char.codePointAt(0)!);
      subset = hb.hb_subset_or_fail(face, input);
    } finally {
      hb.hb_subset_input_destroy(input);
    }
    if (subset === 0) {
      hb.hb_face_destroy(face);
      throw new Error('harfbuzz could not subset it; is the file corrupted?');
    }
    const result = hb.hb_face_reference_blob(subset);
    const at = hb.hb_blob_get_data(result, 0);
    // A copy: harfbuzz's memory is reused by the next face.
    const bytes = new Uint8Array(hb.memory.buffer, at, hb.hb_blob_get_length(result)).slice();
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    hb.hb_face_destroy(face);
    if (!bytes.length) throw new Error('harfbuzz made an empty subset; is the file corrupted?');
    return { bytes, ...(faceHash ? { hash: faceHash } : {}) };
  } finally {
    hb.free(data);
  }
}

/** Reads the whole file into `target`, hashing each chunk while the next is read; the bytes read. */
async function readInto(handle: import('node:fs/promises').FileHandle, target: Uint8Array, digest: Hash | undefined): Promise<number> {
  const read = (at: number) => handle.read(target, at, Math.min(CHUNK, target.length - at), at).then((r) => r.bytesRead);
  let at = 0;
  let next = target.length ? read(0) : undefined;
  while (next) {
    const count = await next;
    if (count === 0) break; // shortened since it was opened: what is there
    const chunk = target.subarray(at, at + count);
    at += count;
    next = at < target.length ? read(at) : undefined;
    digest?.update(chunk);
  }
  return at;
}
