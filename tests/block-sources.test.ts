import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/build.js';
import { blockInlines, blockText } from '../src/document/text.js';
import type { Block, Inline } from '../src/document/tree.js';
import { root } from './helpers.js';

/**
 * Every block that prints content carries the source of its text (file, line, column,
 * field, language) from the YAML through the templates: warnings on rendered text, the
 * DOCX's ids and layout diagnostics point back at it.
 */
const lineOf = (file: string, needle: string) => readFileSync(join(root, file), 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('block sources', () => {
  it('locates every block of the seed example at the YAML field its text was written in', async () => {
    const { tree } = await buildTree(join(root, 'examples', 'cnie-upr-2013'));
    const located = tree.blocks.filter((b) => b.kind !== 'pageBreak');
    // Every block with text of its own has a source.
    expect(located.filter((b) => !b.source).map((b) => blockText(b))).toEqual([]);
    const title = tree.blocks.find((b) => b.kind === 'title')!;
    expect(title.source).toMatchObject({ file: expect.stringMatching(/submission\.yaml$/), field: 'title', lang: 'zh-CN' });
    expect(title.source!.line).toBe(lineOf('examples/cnie-upr-2013/submission.yaml', 'title:'));
    const items = tree.blocks.filter((b): b is Extract<Block, { kind: 'numbered' }> => b.kind === 'numbered');
    expect(items).toHaveLength(6);
    // Paragraphs are located in order, each at its own line.
    const lines = items.map((b) => b.source!.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(new Set(lines).size).toBe(lines.length);
    expect(items.every((b) => /^body\[\d+\]\.paragraph$/.test(b.source!.field))).toBe(true);
    // A block a template makes from a fact is located at that fact.
    const status = tree.blocks.find((b): b is Extract<Block, { kind: 'field' }> => b.kind === 'field' && Boolean(b.bookmark))!;
    expect(status.source).toMatchObject({ file: expect.stringMatching(/profile\.yaml$/), field: 'ecosoc.status' });
    expect(status.source!.line).toBe(lineOf('examples/cnie-upr-2013/profile.yaml', 'status:'));
  });

  it('locates each language of a multilingual folder at its own entry, and notes at their definition', async () => {
    const dir = join(root, 'examples', 'cwan-water-2024');
    const { tree } = await buildTree(dir, undefined, 'fr');
    const title = tree.blocks.find((b) => b.kind === 'title')!;
    expect(title.source).toMatchObject({ field: 'title.fr', lang: 'fr' });
    expect(readFileSync(join(dir, 'submission.yaml'), 'utf8').split('\n')[title.source!.line - 1]).toMatch(/^\s*fr:/);
    const notes: Inline[] = [];
    const collect = (list: Inline[]) => list.forEach((i) => (i.kind === 'note' ? notes.push(i) : i.kind !== 'text' && collect(i.children)));
    for (const block of tree.blocks) if (block.kind !== 'field') blockInlines(block).forEach(collect);
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note.kind === 'note' && note.source?.field).toMatch(/^footnotes\.[^.]+\.fr$/);
  });
});
