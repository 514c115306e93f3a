import { createRequire } from 'node:module';
import type { DocumentTree } from '../../document/tree.js';
import { readFontFile } from '../../fonts/files.js';
import { fileKey } from '../../fonts/manifest.js';
import { fontkit } from '../../fonts/parsed.js';
import type { FontPlan } from '../../fonts/plan.js';
import { isInside, projectRoot } from '../../paths.js';
import type { Theme } from '../../theme/theme.js';
import { pdfDefinition, pdfFonts } from './definition.js';
import { installGapSupport } from './gaps.js';

type PdfMake = typeof import('pdfmake') & {
  /** pdfmake's in-memory file system, looked in before the disk (not in its types). */
  virtualfs: { existsSync(path: string): boolean; readFileSync(path: string): Buffer; writeFileSync(path: string, data: Buffer): void };
};
let loaded: PdfMake | undefined;

/** pdfmake costs ~150 ms to load: load it once, and only when a PDF is asked for. */
export function pdfmake(): PdfMake {
  if (!loaded) {
    fontkit(); // before pdfkit loads: it then shares the parsed fonts
    loaded = createRequire(import.meta.url)('pdfmake') as PdfMake;
    // Rendering never fetches URLs and reads files only inside the project; fonts,
    // wherever the theme found them, arrive as bytes through the virtual file system.
    loaded.setUrlAccessPolicy(() => false);
    loaded.setLocalAccessPolicy((path) => isInside(projectRoot, path));
    installGapSupport();
  }
  return loaded;
}

export async function renderPdf(tree: DocumentTree, theme: Theme, plan: FontPlan): Promise<Uint8Array> {
  const lib = pdfmake();
  // Hand pdfmake the font bytes already read, so each face is read once per process.
  const files = [...plan.usage.values()].map((u) => u.file).concat(plan.primary('body').normal);
  for (const file of files) {
    const key = fileKey(file);
    const bytes = await readFontFile(file);
    // A font file changed under watch comes back as a new buffer: replace the old one.
    if (!lib.virtualfs.existsSync(key) || lib.virtualfs.readFileSync(key) !== bytes) lib.virtualfs.writeFileSync(key, bytes);
  }
  lib.setFonts(pdfFonts(plan));
  const buffer = await lib.createPdf(pdfDefinition(tree, theme, plan)).getBuffer();
  return new Uint8Array(buffer);
}
