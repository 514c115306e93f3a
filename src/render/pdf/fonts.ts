import type { TFontDictionary } from 'pdfmake/interfaces.js';
import type { ComposeFont } from '../../compose/types.js';
import type { FontkitFont } from '../../compose/shape.js';
import type { Face } from '../../fonts/manifest.js';
import { fontkit } from '../../fonts/parsed.js';
import type { FontPlan, Role } from '../../fonts/plan.js';
import { subsetFace } from '../../fonts/subset.js';

/**
 * pdfmake's name for a face. pdfmake and pdfkit keep fonts in plain objects indexed by
 * that name, and a theme names its faces: prefixed, `constructor` or `__proto__` cannot
 * be a key those objects inherit.
 */
export const pdfFamily = (face: Face) => `face:${face.id}`;

/** The renderer's name for one weight of a face: pdfmake's family and weight, joined. */
export const fontKey = (face: Face, bold: boolean) => `${pdfFamily(face)}/${bold ? 'bold' : 'normal'}`;

export function parseFontKey(key: string): { family: string; bold: boolean } {
  const at = key.lastIndexOf('/');
  return { family: key.slice(0, at), bold: key.slice(at + 1) === 'bold' };
}

export interface PdfFonts {
  /** pdfmake's font table, naming the subsets in its in-memory file system. */
  table: TFontDictionary;
  /** The same subsets, parsed, for the line composer: by fontKey. */
  compose: Map<string, ComposeFont>;
}

interface VirtualFs {
  existsSync(path: string): boolean;
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
}

/** The weight each role is drawn in, whose primary face sets every line's height. */
const roleWeights: [Role, boolean][] = [
  ['body', false],
  ['body', true],
  ['title', true],
  ['heading', true],
  ['emphasis', false],
];

/**
 * Each weight of each face the document draws with, as a subset holding the characters
 * it draws (the same subsets the DOCX embeds): pdfkit embeds it, and the composer
 * shapes with the very same parse (fontkit's parse is shared per buffer). The bytes
 * reach pdfmake through its in-memory file system, never the disk.
 */
export async function pdfFonts(vfs: VirtualFs, plan: FontPlan, lang: string): Promise<PdfFonts> {
  const used = [...plan.usage.values()];
  // Each role's primary face, even where another face drew every character: it is the strut.
  for (const [role, bold] of roleWeights) {
    const face = plan.primary(role, lang);
    if (!used.some((u) => u.face === face && u.bold === bold)) used.push({ face, bold, file: bold ? face.bold : face.normal, text: '' });
  }
  const families = new Map<string, { normal?: string; bold?: string }>();
  const compose = new Map<string, ComposeFont>();
  await Promise.all(
    used.map(async ({ face, bold, file, text }) => {
      const key = fontKey(face, bold);
      const path = `/dossier/fonts/${face.id}-${bold ? 'bold' : 'normal'}.ttf`;
      const bytes = await subsetFace(file, text);
      // An unchanged rebuild gets the same subset object back, and with it the same parse.
      if (!vfs.existsSync(path) || vfs.readFileSync(path) !== bytes) vfs.writeFileSync(path, bytes);
      const family = families.get(pdfFamily(face)) ?? {};
      family[bold ? 'bold' : 'normal'] = path;
      families.set(pdfFamily(face), family);
      compose.set(key, { key, font: fontkit().create(bytes) as FontkitFont });
    }),
  );
  const table: TFontDictionary = Object.fromEntries(
    [...families].sort(([a], [b]) => a.localeCompare(b)).map(([family, { normal, bold }]) => [
      family,
      // A weight the document never draws is never loaded; any entry will do.
      { normal: (normal ?? bold)!, bold: (bold ?? normal)!, italics: (normal ?? bold)!, bolditalics: (bold ?? normal)! },
    ]),
  );
  return { table, compose };
}
