import type { DocumentTree } from '../document/tree.js';
import type { LayoutDecisions } from '../layout/layout.js';
import { makeSubset, subsetChars } from '../fonts/harfbuzz.js';
import { useCacheFolder } from '../fonts/subset-cache.js';
import { planOf, type PlanData } from '../font-plan/plan.js';
import type { EmbedFonts } from '../render/docx/embedded-fonts.js';
import { renderDocx } from '../render/docx/render.js';
import { documentWords } from '../rules/word-count.js';
import type { Theme } from '../theme/theme.js';

/** A DOCX to render: what the main thread's renderer would take, as data. */
export interface DocxJob {
  tree: DocumentTree;
  theme: Theme;
  plan: PlanData;
  /** The layout's decisions the DOCX states (geometry, pitches, the title's breaks). */
  decisions: LayoutDecisions;
  embedFonts: EmbedFonts;
  /** The subset cache folder, if any. */
  cache: string | undefined;
}

/**
 * The DOCX, with the subsets this thread made (or the cache had) for the PDF; and the
 * document's words, counted here while the main thread lays out the PDF (Chinese word
 * boundaries are ICU's dictionary's: ~0.6 µs a character).
 */
export async function renderDocxJob({ tree, theme, plan, decisions, embedFonts, cache }: DocxJob): Promise<{ data: Uint8Array; words: number }> {
  useCacheFolder(cache); // for the deflated font programs
  const data = await renderDocx(tree, theme, planOf(plan), decisions, { embedFonts, subset: (file, text) => makeSubset(file, subsetChars(text), cache) });
  // Its own buffer, to be handed over whole.
  return { data: data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice(), words: documentWords(tree) };
}
