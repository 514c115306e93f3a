import { Packer } from 'docx';
import type { DocumentTree } from '../../document/tree.js';
import type { FontPlan } from '../../fonts/plan.js';
import type { Theme } from '../../theme/theme.js';
import { docxDocument } from './document.js';
import { embeddedFonts, type EmbedFonts } from './embedded-fonts.js';
import { finishPackage } from './package.js';

export interface DocxOptions {
  /** Fonts inside the file, so it looks the same where they are not installed. */
  embedFonts?: EmbedFonts;
}

export async function renderDocx(tree: DocumentTree, theme: Theme, plan: FontPlan, options: DocxOptions = {}): Promise<Uint8Array> {
  const packed = await Packer.toBuffer(docxDocument(tree, theme, plan));
  const fonts = await embeddedFonts(plan, options.embedFonts ?? 'subset');
  return finishPackage(new Uint8Array(packed), { date: tree.meta.date, lang: tree.meta.lang, fonts });
}
