import { readFontFile } from '../../fonts/files.js';
import type { FontFile } from '../../fonts/font-file.js';
import type { FontPlan } from '../../fonts/plan.js';
import { subsetFace } from '../../fonts/subset.js';

export type EmbedFonts = 'subset' | 'full' | 'none';
export type Subsetter = (file: FontFile, text: string) => Promise<Uint8Array>;

/** A face to embed: its family name and the font files of the weights the document draws. */
export interface EmbeddedFont {
  name: string;
  regular?: Uint8Array;
  bold?: Uint8Array;
}

/** The faces a DOCX embeds: each weight the document draws, subset to its characters (or whole). */
export async function embeddedFonts(plan: FontPlan, mode: EmbedFonts, subset: Subsetter = subsetFace): Promise<EmbeddedFont[]> {
  if (mode === 'none') return [];
  const byFamily = new Map<string, EmbeddedFont>();
  for (const { face, bold, file, text } of plan.usage.values()) {
    const data = mode === 'full' ? await readFontFile(file) : await subset(file, text);
    const font = byFamily.get(face.family) ?? { name: face.family };
    font[bold ? 'bold' : 'regular'] = data;
    byFamily.set(face.family, font);
  }
  return [...byFamily.values()];
}
