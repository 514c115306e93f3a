import { Packer, type Document } from 'docx';
import type { DocumentTree } from '../../document/tree.js';
import type { FontPlan } from '../../font-plan/plan.js';
import type { LayoutDecisions } from '../../layout/layout.js';
import type { Theme } from '../../theme/theme.js';
import { subsetFace } from '../../fonts/subset.js';
import { docxDocument } from './document.js';
import { embeddedFonts, familyNames, type EmbedFonts, type Subsetter } from './embedded-fonts.js';
import { gridParts } from './grid.js';
import { finishPackage, type Parts } from './package.js';
import { blockIds } from '../../revise/ids.js';

export interface DocxOptions {
  /** Fonts inside the file, so it looks the same where they are not installed. */
  embedFonts?: EmbedFonts;
  /** Where the subsets come from: the main thread's subsetFace, unless the side thread renders. */
  subset?: Subsetter;
}

/** The Word document of a laid-out document: what the layout decided, stated in Word's terms. */
export async function renderDocx(tree: DocumentTree, theme: Theme, plan: FontPlan, decisions: LayoutDecisions, options: DocxOptions = {}): Promise<Uint8Array> {
  // The fonts first: runs and styles name the family each embedded face has in this file.
  const fonts = await embeddedFonts(plan, options.embedFonts ?? 'subset', options.subset ?? subsetFace, decisions.kashida);
  const ids = blockIds(tree);
  const parts = packageParts(docxDocument(tree, theme, plan, decisions, familyNames(fonts), ids));
  if (decisions.grid) gridParts(parts, theme.text.size);
  return finishPackage(parts, { date: tree.meta.date, lang: tree.meta.lang, fonts, ids: ids.records });
}

/**
 * The package's parts, unzipped: the compiler Packer zips them with (docx 9.15.2,
 * pinned: tests/pins.test.ts). Packer's own zip would be unzipped again to finish the
 * parts, and zipped a second time (~60 ms for the example).
 */
function packageParts(document: Document): Parts {
  const { compiler } = Packer as unknown as { compiler: { compile(file: Document): Parts } };
  return compiler.compile(document);
}
