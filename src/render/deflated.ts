import { createHash } from 'node:crypto';

/**
 * Deflate, remembering what it made of large inputs: the embedded font programs, which
 * both writers compress anew in every build though a rebuild in watch (or a build of
 * unchanged characters) embeds the same bytes. Output is zlib's for the same input, so
 * the files are byte for byte what they were. Small inputs (page content, XML parts)
 * change from build to build and cost little: they are compressed as they come.
 */
export function remembering(deflate: (data: Uint8Array) => Buffer): (data: Uint8Array) => Buffer {
  const made = new Map<string, Buffer>();
  return (data) => {
    if (data.length < LARGE) return deflate(data);
    const key = createHash('sha1').update(data).digest('base64');
    let out = made.get(key);
    if (out) made.delete(key);
    else out = deflate(data);
    made.set(key, out);
    if (made.size > KEEP) made.delete(made.keys().next().value!);
    return out;
  };
}

/** A subset of a Latin face is ~10 KB, of a CJK face 100 KB and more. */
const LARGE = 8 * 1024;
/** A build's faces in each weight, in a few languages. */
const KEEP = 64;
