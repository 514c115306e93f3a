import { readFile } from 'node:fs/promises';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';
import { extractFace, isCollection } from './collection.js';
import { fileKey, type FontFile } from './font-file.js';

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
    bytes = await readFile(file.path);
  } catch (e) {
    throw new DiagnosticError([
      error('fonts/unreadable', `cannot read font file ${displayPath(file.path)} (${(e as NodeJS.ErrnoException).code})`, { file: file.path }),
    ]);
  }
  if (!isCollection(bytes)) return bytes;
  try {
    return Buffer.from(extractFace(bytes, file.index ?? 0));
  } catch (e) {
    throw new DiagnosticError([error('fonts/collection', (e as Error).message, { file: file.path, field: 'index' })]);
  }
}

