import subsetFont from 'subset-font';
import { readFontFile } from './files.js';
import type { FontFile } from './manifest.js';

/**
 * A TrueType font holding only the glyphs needed for `text` (harfbuzz's subsetter),
 * so a DOCX embeds ~100 KB instead of a 15 MB CJK face.
 */
export async function subsetFace(file: FontFile, text: string): Promise<Buffer> {
  // Digits and the space are always kept: page numbers are fields Word fills in later.
  return subsetFont(await readFontFile(file), `${text}0123456789 `, { targetFormat: 'sfnt' });
}
