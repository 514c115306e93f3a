import { blockInlines, blockText, plainText } from '../document/text.js';
import type { DocumentTree, Inline } from '../document/tree.js';
import { countWords } from '../text/words.js';

/** Every word the document shows, footnotes included (OHCHR counts them). */
export function documentWords(tree: DocumentTree): number {
  const notes = (list: Inline[]): string =>
    list.map((i) => (i.kind === 'note' ? plainText(i.children) : i.kind === 'text' ? '' : notes(i.children))).join(' ');
  return tree.blocks.reduce((sum, b) => {
    const inlines = blockInlines(b).flat();
    return sum + countWords(blockText(b), tree.meta.lang) + countWords(notes(inlines), tree.meta.lang);
  }, 0);
}
