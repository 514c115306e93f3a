import { describe, expect, it } from 'vitest';
import type { Block, DocumentTree } from '../src/document/tree.js';
import { loadFontSetup } from '../src/fonts/manifest.js';
import { planFonts } from '../src/font-plan/plan.js';
import { loadTheme } from '../src/theme/theme.js';

/**
 * A list's labels are the layout's, not the text's: the faces must hold their characters
 * even where the text has none of them (a starter with "(a)" and "(i)" lists and not one
 * parenthesis in its text drew its labels without them).
 */
describe('list labels', () => {
  it('are in the font plan, every character of them, though the text has none', async () => {
    const item = (text: string, style: '(a)' | '(i)', level: 1 | 2): Block => ({ kind: 'listItem', list: 'l1', level, style, children: [{ kind: 'text', text }] });
    const tree: DocumentTree = {
      meta: { title: 't', author: 'a', subject: 's', keywords: [], lang: 'en', date: new Date('2024-01-01T00:00:00Z'), header: '', pageLabel: '{page}', numbering: '%1.' },
      blocks: [item('Adopt a law', '(a)', 1), item('in the code', '(i)', 2), item('elsewhere', '(i)', 2)],
    };
    const theme = await loadTheme('un');
    const plan = await planFonts(tree, theme, loadFontSetup(theme));
    const drawn = [...plan.usage.values()].filter((u) => !u.bold).map((u) => u.text).join('');
    for (const char of '()aii') expect(drawn).toContain(char);
  });
});
