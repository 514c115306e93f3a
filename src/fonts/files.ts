import { open } from 'node:fs/promises';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../model/load.js';
import { extractFace, isCollection } from './collection.js';
import { fileKey, type FontFile } from './manifest.js';

const cache = new Map<string, Promise<Buffer>>();

/**
 * The bytes of a font, read once per process and shared by both renderers: CJK
 * faces are 10–15 MB and reading one costs ~50 ms; watch mode keeps them warm. A
 * face of a collection comes out as a standalone font.
 */
export function readFontFile(file: FontFile): Promise<Buffer> {
  const key = fileKey(file);
  let bytes = cache.get(key);
  if (!bytes) {
    bytes = load(file);
    cache.set(key, bytes);
    bytes.catch(() => cache.delete(key));
  }
  return bytes;
}

/** Forgets every font read, when font files change under watch. */
export function forgetFontFiles(): void {
  cache.clear();
}

async function load(file: FontFile): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readShared(file.path);
  } catch (e) {
    throw new DiagnosticError([
      error('fonts/unreadable', `cannot read font file ${displayPath(file.path)} (${(e as NodeJS.ErrnoException).code})`, { file: file.path }),
    ]);
  }
  if (!isCollection(bytes)) return bytes;
  try {
    return shared(extractFace(bytes, file.index ?? 0));
  } catch (e) {
    throw new DiagnosticError([error('fonts/collection', (e as Error).message, { file: file.path, field: 'index' })]);
  }
}

/**
 * Font bytes live in shared memory, so the font subsetter's worker thread reads
 * them where they are instead of copying 15 MB (or reading the file again).
 */
async function readShared(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) throw Object.assign(new Error('file shrank while being read'), { code: 'ESHRANK' });
      at += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

function shared(bytes: Uint8Array): Buffer {
  const copy = Buffer.from(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}
