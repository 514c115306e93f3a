import { createRequire } from 'node:module';
import { isAbsolute, relative } from 'node:path';
import type { DocumentTree } from '../../document/tree.js';
import { readFontFile } from '../../fonts/files.js';
import { filesUsed } from '../../fonts/usage.js';
import type { FaceSet } from '../../fonts/manifest.js';
import { projectRoot } from '../../paths.js';
import type { Theme } from '../../theme/theme.js';
import { pdfDefinition, pdfFonts } from './definition.js';
import { installGapSupport } from './gaps.js';

type PdfMake = typeof import('pdfmake') & {
  /** pdfmake's in-memory file system, looked in before the disk (not in its types). */
  virtualfs: { existsSync(path: string): boolean; writeFileSync(path: string, data: Buffer): void };
};
let loaded: PdfMake | undefined;

/** pdfmake costs ~130 ms to load: load it once, and only when a PDF is asked for. */
function pdfmake(): PdfMake {
  if (!loaded) {
    loaded = createRequire(import.meta.url)('pdfmake') as PdfMake;
    // Rendering never fetches URLs and reads files only inside the project (fonts).
    loaded.setUrlAccessPolicy(() => false);
    loaded.setLocalAccessPolicy((path) => isInside(projectRoot, path));
    installGapSupport();
  }
  return loaded;
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export async function renderPdf(tree: DocumentTree, theme: Theme, faces: FaceSet): Promise<Uint8Array> {
  const lib = pdfmake();
  // pdfmake reads font files itself unless they are in its virtual file system:
  // hand it the bytes already read, so each face is read once per process.
  for (const path of filesUsed(tree, theme, faces)) {
    if (!lib.virtualfs.existsSync(path)) lib.virtualfs.writeFileSync(path, await readFontFile(path));
  }
  lib.setFonts(pdfFonts(faces));
  const buffer = await lib.createPdf(pdfDefinition(tree, theme, faces)).getBuffer();
  return new Uint8Array(buffer);
}
