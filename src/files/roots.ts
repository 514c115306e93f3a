import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, templatesRoot, themesRoot } from '../paths.js';

/** Where fonts are installed for everyone or for the user, on Linux, macOS and Windows. */
const systemFontFolders = [
  '/usr/share/fonts',
  '/usr/local/share/fonts',
  join(homedir(), '.fonts'),
  join(homedir(), '.local', 'share', 'fonts'),
  '/Library/Fonts',
  '/System/Library/Fonts',
  join(homedir(), 'Library', 'Fonts'),
  join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts'),
];

/**
 * The folders a build may read from: Dossier's own (templates, themes, fonts), the
 * system's font folders, and `folders` (the content folder, the installed font
 * packages, a theme's folder the user named). Each with its links followed, as the
 * files compared against them will be; folders that do not exist are left out.
 */
export async function readableRoots(folders: readonly string[]): Promise<string[]> {
  const all = [projectRoot, ...systemFontFolders, ...folders];
  const real = await Promise.all(all.map((folder) => realpath(folder).catch(() => undefined)));
  return [...new Set(real.filter((folder): folder is string => folder !== undefined))];
}

/**
 * The folders a theme file (one named by `extends`) may lie in: Dossier's themes,
 * templates and fonts, and `folders` (the content folder, the folder of a theme the
 * user named). Not the rest of the project: its package.json, another content folder
 * or .git are no theme, and a theme's values are quoted in its errors.
 */
export async function themeRoots(folders: readonly string[]): Promise<string[]> {
  const all = [themesRoot, templatesRoot, join(projectRoot, 'fonts'), ...folders];
  const real = await Promise.all(all.map((folder) => realpath(folder).catch(() => undefined)));
  return [...new Set(real.filter((folder): folder is string => folder !== undefined))];
}

/** Exactly one folder, with its links followed (the content folder, the templates). */
export async function onlyInside(folder: string): Promise<string[]> {
  return [await realpath(folder).catch(() => folder)];
}
