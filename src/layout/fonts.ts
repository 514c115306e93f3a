import type { ComposeFont } from '../compose/types.js';
import type { FontkitFont } from '../compose/shape.js';
import type { Face } from '../fonts/manifest.js';
import { fontkit } from '../fonts/parsed.js';
import type { FontPlan, Role } from '../font-plan/plan.js';
import { subsetFace } from '../fonts/subset.js';

/**
 * The faces the layout measures and shapes with: each weight of each face the document
 * draws, as the subset holding the characters it draws (the same bytes the PDF and the
 * DOCX embed), parsed once by fontkit. A writer embeds the bytes; the layout shapes with
 * the parse.
 */

/**
 * A face's name in one weight: `face:<id>/<weight>`. Writers keep fonts in plain objects
 * indexed by name, and a theme names its faces: prefixed, `constructor` or `__proto__`
 * cannot be a key such an object inherits.
 */
export const faceName = (face: Face) => `face:${face.id}`;
export const fontKey = (face: Face, bold: boolean) => `${faceName(face)}/${bold ? 'bold' : 'normal'}`;

export function parseFontKey(key: string): { family: string; bold: boolean } {
  const at = key.lastIndexOf('/');
  return { family: key.slice(0, at), bold: key.slice(at + 1) === 'bold' };
}

export interface LayoutFont extends ComposeFont {
  face: Face;
  bold: boolean;
  /** The subset's bytes, as the writers embed them. */
  bytes: Uint8Array;
}

const TATWEEL = '\u0640';
const arabic = /\p{Script=Arabic}/u;

/**
 * The characters a face's subset holds: those it draws, and, for kashida justification
 * of Arabic, the tatweel (the text may have none; the composer draws it, and Word and
 * LibreOffice draw their own kashidas with the embedded face's).
 */
export const subsetText = (text: string, kashida = false): string => (kashida && arabic.test(text) && !text.includes(TATWEEL) ? text + TATWEEL : text);

/** The weight each role is drawn in, whose primary face sets its lines' pitch. */
const roleWeights: [Role, boolean][] = [
  ['body', false],
  ['body', true],
  ['title', true],
  ['heading', true],
  ['emphasis', false],
];

/** Every face and weight the document draws with, by fontKey, each role's primary face included (it is the strut). */
export async function layoutFonts(plan: FontPlan, lang: string, options: { kashida?: boolean } = {}): Promise<Map<string, LayoutFont>> {
  // Kashida justification draws tatweels the text does not have (compose/kashida.ts);
  // Word and LibreOffice draw their own kashidas with the embedded face's too.
  const used = [...plan.usage.values()].map((u) => ({ ...u, text: subsetText(u.text, options.kashida) }));
  for (const [role, bold] of roleWeights) {
    const face = plan.primary(role, lang);
    if (!used.some((u) => u.face === face && u.bold === bold)) used.push({ face, bold, file: bold ? face.bold : face.normal, text: '' });
  }
  const fonts = new Map<string, LayoutFont>();
  await Promise.all(
    used.map(async ({ face, bold, file, text }) => {
      const key = fontKey(face, bold);
      // An unchanged rebuild gets the same subset object back, and with it the same parse.
      const bytes = await subsetFace(file, text);
      fonts.set(key, { key, face, bold, bytes, font: fontkit().create(bytes) as FontkitFont });
    }),
  );
  // In a fixed order, whatever order the subsets arrived in.
  return new Map([...fonts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
