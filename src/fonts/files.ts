import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { notFound, readConfined } from '../files/confined.js';
import { extractFace, isCollection } from './collection.js';
import { fontRules } from './face-file.js';
import { perFontFile, type FontFile } from './font-file.js';
import { statSignature } from './subset-cache.js';

const fonts = perFontFile(load);
const signatures = new WeakMap<Uint8Array, string>();

/**
 * The bytes of a font, read once per process: CJK faces are 10–15 MB and reading
 * one costs ~50 ms. Read by the font subsetter (its worker thread), and here only
 * for full embedding and `dossier fonts`. A face of a collection comes out as a
 * standalone font.
 */
export const readFontFile = (file: FontFile): Promise<Buffer> => fonts.get(file);

/** What the file was when these bytes were read from it (subset-cache.ts); undefined if it could not be told. */
export const signatureOf = (bytes: Uint8Array): string | undefined => signatures.get(bytes);

/** Forgets every font read, when font files change under watch. */
export const forgetFontFiles = (): void => fonts.clear();

async function load(file: FontFile): Promise<Buffer> {
  // The path is the real one, checked when the theme was loaded: only that file will do.
  const rules = fontRules([file.path]);
  // Taken before reading: a file changed meanwhile then has a signature the bytes do not.
  const signature = statSignature(file);
  const bytes = await readConfined(file.path, rules);
  if (!bytes) throw notFound(file.path, rules);
  let face = bytes;
  try {
    if (isCollection(bytes)) face = Buffer.from(extractFace(bytes, file.index ?? 0));
  } catch (e) {
    throw new DiagnosticError([error('fonts/collection', (e as Error).message, { file: file.path, field: 'index' })]);
  }
  if (signature !== undefined) signatures.set(face, signature);
  return face;
}
