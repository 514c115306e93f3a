import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { notFound, readConfined } from '../files/confined.js';
import { extractFace, isCollection } from './collection.js';
import { fontRules } from './face-file.js';
import { perFontFile, type FontFile } from './font-file.js';

const fonts = perFontFile(load);

/**
 * The bytes of a font, read once per process: CJK faces are 10–15 MB and reading
 * one costs ~50 ms. Read by the font subsetter (its worker thread), and here only
 * for full embedding and `dossier fonts`. A face of a collection comes out as a
 * standalone font.
 */
export const readFontFile = (file: FontFile): Promise<Buffer> => fonts.get(file);

/** Forgets every font read, when font files change under watch. */
export const forgetFontFiles = (): void => fonts.clear();

async function load(file: FontFile): Promise<Buffer> {
  // The path is the real one, checked when the theme was loaded: only that file will do.
  const rules = fontRules([file.path]);
  const bytes = await readConfined(file.path, rules);
  if (!bytes) throw notFound(file.path, rules);
  if (!isCollection(bytes)) return bytes;
  try {
    return Buffer.from(extractFace(bytes, file.index ?? 0));
  } catch (e) {
    throw new DiagnosticError([error('fonts/collection', (e as Error).message, { file: file.path, field: 'index' })]);
  }
}
