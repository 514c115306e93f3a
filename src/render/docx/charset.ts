import { parseCmap } from '../../fonts/coverage.js';
import type { Face } from '../../fonts/manifest.js';
import type { FontPlan } from '../../font-plan/plan.js';
import { readSfnt } from '../../fonts/sfnt.js';

/**
 * Word's `w:charset` for an embedded face (a Windows character set number; the
 * font table writes it in hexadecimal, as Word does): the character set Word takes as
 * the face's script when it looks for a face for text (and picks a substitute when the
 * face is missing). Decided here alone, from what the face is for:
 *  - the writing system it is first choice for in the theme's chains (a face Dossier
 *    chose for Simplified Chinese is GB2312, for Traditional Big5, for Arabic Arabic);
 *  - otherwise Russian only for a face that draws Cyrillic and no Latin letter (as
 *    embedded: a subset of a Russian-only text), else ANSI, the Latin faces' set.
 */
const charsets: Record<string, number> = {
  Hans: 134, // GB2312_CHARSET, written 86 (the attribute is hexadecimal)
  Hant: 136, // CHINESEBIG5_CHARSET, 88
  Arab: 178, // ARABIC_CHARSET, B2
};
const RUSSIAN = 204; // RUSSIAN_CHARSET, CC
const ANSI = 0; // ANSI_CHARSET, 00

export function charsetOf(face: Face, plan: FontPlan, embedded: Uint8Array | undefined): number {
  const charset = charsets[writingSystemOf(face, plan) ?? ''];
  if (charset !== undefined) return charset;
  return embedded && cyrillicOnly(embedded) ? RUSSIAN : ANSI;
}

/**
 * The writing system a face is first choice for: the chain list of the theme's roles it
 * stands earliest in (`default` for the list of every other system); the first role's
 * list where two put it as early.
 */
function writingSystemOf(face: Face, plan: FontPlan): string | undefined {
  let best: { system: string; at: number } | undefined;
  for (const name of Object.values(plan.data.roles)) {
    const chain = plan.data.chains.get(name);
    if (!chain) continue;
    for (const [system, faces] of [...chain.bySystem, ['default', chain.default] as const]) {
      const at = faces.findIndex((f) => f.id === face.id);
      if (at >= 0 && (!best || at < best.at)) best = { system, at };
    }
  }
  return best?.system;
}

const has = (cmap: ReturnType<typeof parseCmap>, from: number, to: number) => {
  for (let cp = from; cp <= to; cp++) if (cmap.hasGlyphForCodePoint(cp)) return true;
  return false;
};

/** Whether the font has Cyrillic letters (А–я) and no basic Latin letter. */
function cyrillicOnly(font: Uint8Array): boolean {
  const table = readSfnt(font).tables.find((t) => t.tag === 'cmap');
  if (!table) return false;
  const cmap = parseCmap(Buffer.from(table.data.buffer, table.data.byteOffset, table.data.byteLength));
  return has(cmap, 0x410, 0x44f) && !has(cmap, 0x41, 0x5a) && !has(cmap, 0x61, 0x7a);
}
