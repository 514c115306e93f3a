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
export async function themeFor(options: { contentDir: string; theme?: string; ofKind?: Promise<string> }): Promise<Theme> {
  if (options.theme !== undefined) return loadTheme(options.theme);
  return loadTheme(await contentTheme(options.contentDir, options.ofKind), { within: options.contentDir });
}
