import { readFile } from 'node:fs/promises';

const cache = new Map<string, Promise<Buffer>>();

/**
 * Each font file is read once per process and shared by both renderers: CJK faces
 * are 10–15 MB, and reading one costs ~50 ms. Watch mode keeps them warm.
 */
export function readFontFile(path: string): Promise<Buffer> {
  let bytes = cache.get(path);
  if (!bytes) {
    bytes = readFile(path);
    cache.set(path, bytes);
  }
  return bytes;
}
