import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileSignature } from '../files/signature.js';
import { fileKey, type FontFile } from './font-file.js';

/**
 * Font subsets kept between builds, in the user's cache folder: a build whose faces
 * were subset for the same characters before reads ~100 KB each instead of reading a
 * 15 MB face and running harfbuzz (~110 ms a face).
 *
 * Content-addressed: an entry is named by the hash of the face's bytes, the characters
 * and the subsetter's version, so a changed face, a new character or a new harfbuzz
 * makes a new entry, never a stale hit. A face's hash is known without reading the
 * face from an index per face file: the hash (sha256 of the file's bytes and the face's
 * index, taken as the subsetter reads it), and the file's device, inode, size and times
 * from before it was read (a file's bytes cannot change without its ctime changing).
 *
 * Safe when builds share the folder: every file is written under a name of its own and
 * renamed into place (atomic), so a reader finds a whole entry or none. Each entry
 * starts with the hash of the rest: one that does not match (a disk error, a stray
 * edit) is removed and made again. Capped in size: the least recently used go first.
 * A cache that cannot be read or written is no cache; the build goes on without it.
 */

const MB = 1024 * 1024;
/** The most the subsets may take before the least recently used are removed. */
export const maxCacheBytes = 256 * MB;

/** DOSSIER_CACHE_DIR, else $XDG_CACHE_HOME/dossier, else ~/.cache/dossier. */
export function defaultCacheDir(): string {
  if (process.env.DOSSIER_CACHE_DIR) return process.env.DOSSIER_CACHE_DIR;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'dossier');
}

let folder: string | undefined;

/** The folder subsets and what is made from them are kept in between builds, or undefined for none. */
export function useCacheFolder(dir: string | undefined): void {
  folder = dir;
}

export const cacheFolder = (): string | undefined => folder;

/** The subset of `file` for `chars` if it is in the cache and intact, without reading the face. */
export function cachedSubset(dir: string, file: FontFile, chars: string): Uint8Array | undefined {
  const face = indexedHash(dir, file);
  return face === undefined ? undefined : cachedByHash(dir, face, chars);
}

/** Keeps a subset made from a face whose hash is `face`, of `file` as it was when it had `signature`. */
export function cacheSubset(dir: string, file: FontFile, face: string, signature: string | undefined, chars: string, subset: Uint8Array): Promise<void> {
  if (signature !== undefined) writeAtomically(indexPath(dir, file), `${signature}\n${face}\n`);
  cacheBytes(dir, `${face}\n${subsetterVersion()}\n${chars}`, subset);
  return Promise.resolve();
}

/**
 * What identifies a face file's bytes without reading them, taken before they are
 * read: if the file changes after, the index names the old state, and misses.
 */
export function statSignature(file: FontFile): string | undefined {
  const signature = fileSignature(file.path);
  return signature === undefined ? undefined : `${signature}:${file.index ?? 0}`;
}

/** Removes the least recently used subsets until they take at most three quarters of `maxBytes`. */
export function trimCache(dir: string, maxBytes = maxCacheBytes, under = 'subsets'): void {
  const folder = join(dir, under);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const entries = names.flatMap((name) => {
    try {
      const s = statSync(join(folder, name));
      return [{ name, size: s.size, used: s.mtimeMs }];
    } catch {
      return []; // removed by another build meanwhile
    }
  });
  let total = entries.reduce((sum, e) => sum + e.size, 0);
  if (total <= maxBytes) return;
  entries.sort((a, b) => a.used - b.used || (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (total <= maxBytes * 0.75) break;
    remove(join(folder, entry.name));
    total -= entry.size;
  }
}

const trimmed = new Set<string>();
/** Once per process and folder, after the first subset written: checking costs a stat per entry. */
function trimOnce(dir: string): void {
  if (trimmed.has(dir)) return;
  trimmed.add(dir);
  trimCache(dir);
}

function cachedByHash(dir: string, face: string, chars: string): Uint8Array | undefined {
  return cachedBytes(dir, `${face}\n${subsetterVersion()}\n${chars}`);
}

/**
 * Bytes kept under `key` (which names everything they were made from, versions of the
 * makers included), if there and intact. Subsets and what is derived from them (the
 * PDF's font programs, their deflated streams) share the folder and its trimming.
 */
export function cachedBytes(dir: string, key: string): Uint8Array | undefined {
  const path = join(dir, 'subsets', hex(key));
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return undefined;
  }
  const bytes = data.subarray(32);
  if (data.length <= 32 || !sha256(bytes).equals(data.subarray(0, 32))) {
    remove(path);
    return undefined;
  }
  try {
    // Its last use, for trimming: the only time the clock is read, and it never reaches an output.
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // a read-only cache still serves
  }
  // A buffer of its own: fontkit and pdfkit keep what they parse by buffer.
  return new Uint8Array(bytes);
}

/** What the cache folder (if there is one) holds under `key`, else `make`'s bytes, kept there for the next build. */
export function keptBytes(key: string, make: () => Uint8Array): Uint8Array {
  const dir = cacheFolder();
  const cached = dir === undefined ? undefined : cachedBytes(dir, key);
  if (cached) return cached;
  const bytes = make();
  if (dir !== undefined) cacheBytes(dir, key, bytes);
  return bytes;
}

/** Keeps `bytes` under `key` (see cachedBytes), for the next build. */
export function cacheBytes(dir: string, key: string, bytes: Uint8Array): void {
  writeAtomically(join(dir, 'subsets', hex(key)), Buffer.concat([sha256(bytes), bytes]));
  trimOnce(dir);
}

/** The face's hash as the index has it, if the file is as it was when indexed. */
export function indexedHash(dir: string, file: FontFile): string | undefined {
  const signature = statSignature(file);
  if (signature === undefined) return undefined;
  try {
    const [indexed, hash] = readFileSync(indexPath(dir, file), 'utf8').split('\n');
    return indexed === signature && /^[0-9a-f]{64}$/.test(hash ?? '') ? hash : undefined;
  } catch {
    return undefined;
  }
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();
const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const indexPath = (dir: string, file: FontFile) => join(dir, 'faces', hex(fileKey(file)));

let version: string | undefined;
/** harfbuzz's version, and how it is asked (harfbuzz.ts): either may make other bytes from the same face. */
function subsetterVersion(): string {
  if (version === undefined) {
    const wasm = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
    const manifest = JSON.parse(readFileSync(join(dirname(wasm), '..', 'package.json'), 'utf8')) as { version: string };
    version = `harfbuzzjs ${manifest.version}, every layout feature`;
  }
  return version;
}

/** Written under a name of its own, then renamed into place; a failure leaves nothing behind (a cache that cannot be written is no cache). */
export function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch {
    remove(temporary);
  }
}

function remove(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // a read-only cache: the next build finds the same and makes it anew
  }
}
