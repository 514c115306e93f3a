import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder: src/ (or dist/ once compiled) sits directly in it. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const templatesRoot = join(projectRoot, 'templates');
/** One YAML file per kind of submission: its rules, their sources, its theme and fields. */
export const kindsRoot = join(projectRoot, 'kinds');
/** The built-in layout themes. */
export const themesRoot = join(projectRoot, 'themes');

/** Whether `path` is `root` or lies under it (both absolute). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** A path as the user should see it: relative to the current folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
