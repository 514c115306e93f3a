import { createHash } from 'node:crypto';
import { readFontFile } from '../../fonts/files.js';
import type { FontFile } from '../../fonts/font-file.js';
import type { Face } from '../../fonts/manifest.js';
import type { FontPlan } from '../../font-plan/plan.js';
import { renameFamily } from '../../fonts/rename.js';
import { subsetFace } from '../../fonts/subset.js';
import { subsetText } from '../../layout/fonts.js';
import { charsetOf } from './charset.js';

export type EmbedFonts = 'subset' | 'full' | 'none';
export type Subsetter = (file: FontFile, text: string) => Promise<Uint8Array>;

/** A face to embed: the family name the file knows it by, and the font files of the weights the document draws. */
export interface EmbeddedFont {
  /** The family runs, styles and the font table name, and the embedded fonts' own name table. */
  name: string;
  /** The face's real family name, where `name` is not it: a machine that has the face may use it. */
  altName?: string;
  /** Word's character set for the face (charset.ts). */
  charset: number;
  regular?: Uint8Array;
  bold?: Uint8Array;
}

/**
 * The faces a DOCX embeds: each weight the document draws, subset to its characters
 * (or whole).
 *
 * A subset goes in under a family name of its own, the real one and a tag made from
 * the subsets' bytes ("Noto Serif SC 3F9A2C"), written into the fonts' name tables
 * too. An application holds one face per family name for every file it has open:
 * under the real name, the zh-Hant file's subset of Noto Serif TC met the few
 * characters of it the zh-CN file embeds, and LibreOffice drew the rest blank. The tag
 * changes only with the glyphs, so the same subsets keep the same name (and builds stay
 * byte-identical), and two files whose faces share a name share the same glyphs. A
 * whole face ('full') keeps its real name: it lacks nothing another file could supply.
 */
export async function embeddedFonts(plan: FontPlan, mode: EmbedFonts, subset: Subsetter = subsetFace, kashida = false): Promise<EmbeddedFont[]> {
  if (mode === 'none') return [];
  const byFamily = new Map<string, { face: Face; regular?: Uint8Array; bold?: Uint8Array }>();
  for (const { face, bold, file, text } of plan.usage.values()) {
    const data = mode === 'full' ? await readFontFile(file) : await subset(file, subsetText(text, kashida));
    const font = byFamily.get(face.family) ?? { face };
    font[bold ? 'bold' : 'regular'] = data;
    byFamily.set(face.family, font);
  }
  return [...byFamily.values()].map(({ face, regular, bold }) => {
    const charset = charsetOf(face, plan, regular ?? bold);
    if (mode === 'full') return { name: face.family, charset, ...(regular ? { regular } : {}), ...(bold ? { bold } : {}) };
    const tag = tagOf(face.family, regular, bold);
    const name = `${shortened(face.family, maxFamily - tag.length - 1)} ${tag}`;
    const renamed = (font: Uint8Array | undefined) => (font ? renameFamily(font, name, tag) : undefined);
    return { name, altName: face.family, charset, ...(regular ? { regular: renamed(regular) } : {}), ...(bold ? { bold: renamed(bold) } : {}) };
  });
}

/**
 * Windows takes 31 characters of a family name (LOGFONT's face name): a longer one is
 * not matched with its embedded font. The tag is kept whole, the real name shortened.
 */
const maxFamily = 31;
const shortened = (family: string, length: number) => [...family].slice(0, length).join('').trimEnd();

/** Six hex digits of the hash of a family's subsets: the same glyphs, the same tag. */
function tagOf(family: string, regular: Uint8Array | undefined, bold: Uint8Array | undefined): string {
  const hash = createHash('sha256').update(family);
  for (const font of [regular, bold]) hash.update(font ? `\0${font.length}\0` : '\0-\0').update(font ?? new Uint8Array());
  return hash.digest('hex').slice(0, 6).toUpperCase();
}

/** The family each face's text is set in, in a file embedding these fonts: its own where it has one. */
export function familyNames(fonts: EmbeddedFont[]): ReadonlyMap<string, string> {
  return new Map(fonts.flatMap((font) => (font.altName ? [[font.altName, font.name] as const] : [])));
}
