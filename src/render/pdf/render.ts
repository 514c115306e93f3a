import { createRequire } from 'node:module';
import type { TFontDictionary } from 'pdfmake/interfaces.js';
import type { DocumentTree } from '../../document/tree.js';
import { fontkit } from '../../fonts/parsed.js';
import type { FontPlan } from '../../fonts/plan.js';
import { subsetFace } from '../../fonts/subset.js';
import { isInside, projectRoot } from '../../paths.js';
import type { Theme } from '../../theme/theme.js';
import { pdfDefinition } from './definition.js';
import { installGapSupport } from './gaps.js';

type PdfMake = typeof import('pdfmake') & {
  /** pdfmake's in-memory file system, looked in before the disk (not in its types). */
  virtualfs: { existsSync(path: string): boolean; readFileSync(path: string): Uint8Array; writeFileSync(path: string, data: Uint8Array): void };
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
  lib.setFonts(await subsetFonts(lib, plan));
  const buffer = await lib.createPdf(pdfDefinition(tree, theme, plan)).getBuffer();
  return new Uint8Array(buffer);
}

/**
 * pdfmake's font table, each weight of each face drawn as a subset holding the
 * characters the document draws with it (the same subsets the DOCX embeds). pdfkit
 * then parses ~100 KB instead of a 15 MB face, and subsets again for the PDF. The
 * bytes reach pdfmake through its in-memory file system, never the disk.
 */
async function subsetFonts(lib: PdfMake, plan: FontPlan): Promise<TFontDictionary> {
  const used = [...plan.usage.values()];
  const body = plan.primary('body');
  // The default style's face must be there even if another face drew every character.
  if (!used.some((u) => u.face === body && !u.bold)) used.push({ face: body, bold: false, file: body.normal, text: '' });
  const fonts: Record<string, { normal?: string; bold?: string }> = {};
  for (const { face, bold, file, text } of used) {
    const path = `/dossier/fonts/${face.id}-${bold ? 'bold' : 'normal'}.ttf`;
    const bytes = await subsetFace(file, text);
    // An unchanged rebuild gets the same subset object back, and pdfkit its parse.
    if (!lib.virtualfs.existsSync(path) || lib.virtualfs.readFileSync(path) !== bytes) lib.virtualfs.writeFileSync(path, bytes);
    (fonts[face.id] ??= {})[bold ? 'bold' : 'normal'] = path;
  }
  const table: TFontDictionary = {};
  for (const [id, { normal, bold }] of Object.entries(fonts)) {
    // A weight the document never draws is never loaded; any entry will do.
    table[id] = { normal: (normal ?? bold)!, bold: (bold ?? normal)!, italics: (normal ?? bold)!, bolditalics: (bold ?? normal)! };
  }
  return table;
}
