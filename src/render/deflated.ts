import { createHash } from 'node:crypto';
import { keptBytes } from '../fonts/subset-cache.js';

/**
 * Deflate, remembering what it made of large inputs: the embedded font programs, which
 * both writers compress anew in every build though a rebuild in watch (or a build of
 * unchanged characters) embeds the same bytes. Kept in the process, and in the cache
 * folder for the next build, by `name` (how `deflate` compresses) and zlib's version.
 * Output is zlib's for the same input, so the files are byte for byte what they were.
 * Small inputs (page content, XML parts) change from build to build and cost little:
 * they are compressed as they come.
 */
export function remembering(name: string, deflate: (data: Uint8Array) => Buffer): (data: Uint8Array) => Buffer {
  const made = new Map<string, Buffer>();
  return (data) => {
    if (data.length < LARGE) return deflate(data);
    const key = createHash('sha256').update(data).digest('base64');
    let out = made.get(key);
    if (out) made.delete(key);
    else out = asBuffer(keptBytes(`zlib ${process.versions.zlib} ${name}\n${key}`, () => deflate(data)));
    made.set(key, out);
    if (made.size > KEEP) made.delete(made.keys().next().value!);
    return out;
  };
}

/** A subset of a Latin face is ~10 KB, of a CJK face 100 KB and more. */
const LARGE = 8 * 1024;
/** A build's faces in each weight, in a few languages. */
const KEEP = 64;

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
