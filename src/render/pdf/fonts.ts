import type { TFontDictionary } from 'pdfmake/interfaces.js';
import { parseFontKey, type LayoutFont } from '../../layout/fonts.js';

interface VirtualFs {
  existsSync(path: string): boolean;
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
}

/**
 * pdfmake's font table for the layout's faces: the subsets' bytes reach it through its
 * in-memory file system, never the disk; pdfkit embeds them and draws the glyphs the
 * layout placed.
 */
export function pdfFontTable(vfs: VirtualFs, fonts: ReadonlyMap<string, LayoutFont>): TFontDictionary {
  const families = new Map<string, { normal?: string; bold?: string }>();
  for (const [key, { bytes }] of fonts) {
    const { family, bold } = parseFontKey(key);
    const path = `/dossier/fonts/${family.slice('face:'.length)}-${bold ? 'bold' : 'normal'}.ttf`;
    if (!vfs.existsSync(path) || vfs.readFileSync(path) !== bytes) vfs.writeFileSync(path, bytes);
    const entry = families.get(family) ?? {};
    entry[bold ? 'bold' : 'normal'] = path;
    families.set(family, entry);
  }
  return Object.fromEntries(
    [...families].map(([family, { normal, bold }]) => [
      family,
      // A weight the document never draws is never loaded; any entry will do.
      { normal: (normal ?? bold)!, bold: (bold ?? normal)!, italics: (normal ?? bold)!, bolditalics: (bold ?? normal)! },
    ]),
  );
}
