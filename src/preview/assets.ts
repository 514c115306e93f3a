import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { projectRoot } from '../paths.js';

/**
 * The files the page is made of, all from the package: its own (src/preview/page/)
 * and the viewers' from node_modules, so the preview works offline and asks no other
 * host for anything. A request names a file by a path of the page's; nothing else on
 * the disk can be asked for.
 */
const resolver = createRequire(import.meta.url);
/** A package's folder: docx-preview exports no package.json, so its main file's is found. */
const packageDir = (name: string, main: string) => normalize(join(dirname(resolver.resolve(name)), main));

const pageDir = join(projectRoot, 'src', 'preview', 'page');

/** Served paths to files, or to folders whose files are served under the path. */
const files: Record<string, () => string> = {
  '/': () => join(pageDir, 'index.html'),
  '/vendor/pdf.mjs': () => join(packageDir('pdfjs-dist', '..'), 'build', 'pdf.min.mjs'),
  '/vendor/pdf.worker.mjs': () => join(packageDir('pdfjs-dist', '..'), 'build', 'pdf.worker.min.mjs'),
  '/vendor/jszip.js': () => join(packageDir('jszip/package.json', '.'), 'dist', 'jszip.min.js'),
  '/vendor/docx-preview.js': () => join(packageDir('docx-preview', '.'), 'docx-preview.min.js'),
};
/** pdf.js's character maps and standard fonts, for a PDF that needs them. */
const folders: Record<string, () => string> = {
  '/vendor/cmaps/': () => join(packageDir('pdfjs-dist', '..'), 'cmaps'),
  '/vendor/standard_fonts/': () => join(packageDir('pdfjs-dist', '..'), 'standard_fonts'),
};

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};

/** The asset at a served path, or undefined when there is none. */
export async function asset(path: string): Promise<{ type: string; bytes: Buffer } | undefined> {
  let file = Object.hasOwn(files, path) ? files[path]!() : undefined;
  for (const [prefix, folder] of Object.entries(folders)) {
    const name = path.slice(prefix.length);
    // One plain file name: no way up or across.
    if (path.startsWith(prefix) && /^[\w.-]+$/.test(name) && !name.startsWith('.')) file = folder() + sep + name;
  }
  // The page's own scripts and style, by plain name.
  if (/^\/[a-z][\w-]*\.(js|css)$/.test(path)) file = join(pageDir, path.slice(1));
  if (!file) return undefined;
  try {
    return { type: types[extname(file)] ?? 'application/octet-stream', bytes: await readFile(file) };
  } catch {
    return undefined;
  }
}
