import { createRequire } from 'node:module';
import { isAbsolute, relative } from 'node:path';
import type { DocumentTree } from '../../document/tree.js';
import { readFontFile } from '../../fonts/files.js';
import { fileKey } from '../../fonts/manifest.js';
import type { FontPlan } from '../../fonts/plan.js';
import { projectRoot } from '../../paths.js';
import type { Theme } from '../../theme/theme.js';
import { pdfDefinition, pdfFonts } from './definition.js';
import { installGapSupport } from './gaps.js';

type PdfMake = typeof import('pdfmake') & {
  /** pdfmake's in-memory file system, looked in before the disk (not in its types). */
  virtualfs: { existsSync(path: string): boolean; writeFileSync(path: string, data: Buffer): void };
};
let loaded: PdfMake | undefined;

/** pdfmake costs ~150 ms to load: load it once, and only when a PDF is asked for. */
function pdfmake(): PdfMake {
  if (!loaded) {
    loaded = createRequire(import.meta.url)('pdfmake') as PdfMake;
    // Rendering never fetches URLs and reads files only inside the project; fonts,
    // wherever the theme found them, arrive as bytes through the virtual file system.
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

export async function renderPdf(tree: DocumentTree, theme: Theme, plan: FontPlan): Promise<Uint8Array> {
  const lib = pdfmake();
  // Hand pdfmake the font bytes already read, so each face is read once per process.
  const files = [...plan.usage.values()].map((u) => u.file).concat(plan.primary('body').normal);
  for (const file of files) {
    const key = fileKey(file);
    if (!lib.virtualfs.existsSync(key)) lib.virtualfs.writeFileSync(key, await readFontFile(file));
  }
  lib.setFonts(pdfFonts(plan));
  const buffer = await lib.createPdf(pdfDefinition(tree, theme, plan)).getBuffer();
  return new Uint8Array(buffer);
}
