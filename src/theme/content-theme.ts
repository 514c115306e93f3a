import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { kindTheme } from '../kinds/kind-theme.js';
import { loadTheme, type Theme } from './theme.js';

/** The content folder's own theme.yaml where it has one, else its kind's theme (kinds/<kind>.yaml), else `un`. */
export async function contentTheme(contentDir: string, ofKind?: Promise<string>): Promise<string> {
  const own = join(contentDir, 'theme.yaml');
  return (await lstat(own).then(() => true, () => false)) ? own : (ofKind ?? kindTheme(contentDir));
}

/**
 * The theme asked for, else the content folder's own, else its kind's. A content folder's
 * theme came with the folder, from whoever wrote it: it may use files of that folder
 * only (besides Dossier's own and the system's fonts). A theme named on the command
 * line was chosen by the user, and may use files beside it.
 */
export async function themeFor(options: { contentDir: string; theme?: string; ofKind?: Promise<string>; keptThemes?: KeptThemes }): Promise<Theme> {
  const [name, within] = options.theme !== undefined ? [options.theme, undefined] : [await contentTheme(options.contentDir, options.ofKind), options.contentDir];
  const key = `${name}\0${within ?? ''}`;
  const kept = options.keptThemes?.get(key);
  if (kept) return kept;
  const loaded = loadTheme(name, within === undefined ? {} : { within });
  options.keptThemes?.set(key, loaded);
  loaded.catch(() => options.keptThemes?.delete(key));
  return loaded;
}

/**
 * Themes loaded, by what named them, for a caller that knows when their files change
 * (watch: a theme, its fonts and the manifest were ~12 ms of a 40 ms rebuild, read and
 * checked again though no file of theirs had changed). The caller empties it when they may have.
 */
export type KeptThemes = Map<string, Promise<Theme>>;
