import { describe, expect, it } from 'vitest';
import { paginate, type FlowBlock, type FlowNote, type Page, type PageFrame } from '../src/layout/paginate.js';

/** The page builder on synthetic lines: every line and note line placed once, in order, where the rules say. */
const frame: PageFrame = { height: 100, orphans: 2, widows: 2, noteRule: 5, minBody: 40 };
const para = (n: number, calls: Record<number, number[]> = {}, extra: Partial<FlowBlock> = {}): FlowBlock => ({
  lines: Array.from({ length: n }, (_, i) => ({ height: 10, notes: calls[i] ?? [] })),
  spaceBefore: 0,
  spaceAfter: 0,
  keepWithNext: false,
  ...extra,
});
const note = (n: number, height = 5): FlowNote => ({ lines: Array.from({ length: n }, () => height) });

function expectEverythingOnce(pages: Page[], blocks: FlowBlock[], notes: FlowNote[]) {
  const body = pages.flatMap((p) => p.body.map((l) => `${l.block}:${l.line}`));
  expect(body).toEqual(blocks.flatMap((b, i) => b.lines.map((_, j) => `${i}:${j}`)));
  const noteLines = pages.flatMap((p) => p.notes.map((l) => `${l.note}:${l.line}`));
  expect(noteLines).toEqual(notes.flatMap((n, i) => n.lines.map((_, j) => `${i}:${j}`)));
  for (const p of pages) {
    const bodyEnd = Math.max(0, ...p.body.slice(-1).map((l) => l.y + 10));
    const notesTop = p.rule?.y ?? frame.height;
    expect(bodyEnd).toBeLessThanOrEqual(notesTop + 1e-9);
  }
}
const pageOf = (pages: Page[], block: number, line: number) => pages.findIndex((p) => p.body.some((l) => l.block === block && l.line === line));
const notePage = (pages: Page[], n: number) => pages.findIndex((p) => p.notes.some((l) => l.note === n));

describe('the page builder', () => {
  it('keeps a table\'s rows whole and sets its header row again at the top of each page a row starts', () => {
    // A caption line, a header line, then rows of 2, 3, 2, 3, 2 lines: groups of 1 + 1 + 2, 3, 2, 3, 2.
    const table = para(14, {}, { groups: [4, 3, 2, 3, 2], repeat: [1, 2] });
    const blocks = [para(5), table];
    const pages = paginate(blocks, [], frame);
    // Page 1: 5 lines, the caption, header and first row (4), not the 3-line row (12 > 10).
    expect(pages[0]!.body.map((l) => `${l.block}:${l.line}`)).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '1:0', '1:1', '1:2', '1:3']);
    // Page 2 starts with the header line (1:1) again, then whole rows.
    expect(pages[1]!.body.map((l) => `${l.block}:${l.line}`)).toEqual(['1:1', '1:4', '1:5', '1:6', '1:7', '1:8', '1:9', '1:10', '1:11']);
    expect(pages[2]!.body.map((l) => `${l.block}:${l.line}`)).toEqual(['1:1', '1:12', '1:13']);
  });

  it('fills pages and keeps two lines of a paragraph at either side of a break', () => {
    const blocks = [para(9), para(3)];
    const pages = paginate(blocks, [], frame);
    expectEverythingOnce(pages, blocks, []);
    // 10 lines fit a page; the 3-line paragraph cannot be split 1 + 2: it moves whole.
    expect(pages.map((p) => p.body.length)).toEqual([9, 3]);
  });

  it('sets a footnote at the foot of the page of its call, the body giving way', () => {
    const blocks = [para(9, { 2: [0] }), para(6)];
    const notes = [note(4)];
    const pages = paginate(blocks, notes, frame);
    expectEverythingOnce(pages, blocks, notes);
    expect(notePage(pages, 0)).toBe(pageOf(pages, 0, 2));
    // 4 note lines of 5 and the rule take 25: 7 body lines fit, two of the 9 must not be widowed.
    expect(pages[0]!.body.length).toBe(7);
    expect(pages[0]!.notes.at(-1)!.y + 5).toBeCloseTo(frame.height);
    expect(pages[0]!.rule).toEqual({ y: 75, continuation: false });
  });

  it('continues a note too long for its page on the next, under a continuation rule', () => {
    const blocks = [para(6, { 5: [0] }), para(10)];
    const notes = [note(20)];
    const pages = paginate(blocks, notes, frame);
    expectEverythingOnce(pages, blocks, notes);
    expect(notePage(pages, 0)).toBe(0);
    expect(pages[1]!.notes[0]).toMatchObject({ note: 0 });
    expect(pages[1]!.rule?.continuation).toBe(true);
  });

  it('leaves a page full of calls at least its minimum of body lines, each note on the page of its call', () => {
    const blocks = [para(30, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [i, [i]])))];
    const notes = Array.from({ length: 30 }, () => note(1, 8));
    const pages = paginate(blocks, notes, frame);
    expectEverythingOnce(pages, blocks, notes);
    for (const p of pages.slice(0, -1)) expect(p.body.length * 10).toBeGreaterThanOrEqual(frame.minBody);
    for (let n = 0; n < notes.length; n++) expect(notePage(pages, n)).toBe(pageOf(pages, 0, n));
  });

  it('never drops a title and heading kept with what follows when together they are taller than a page', () => {
    const blocks = [para(8, {}, { keepWithNext: true }), para(6, {}, { keepWithNext: true }), para(5)];
    const pages = paginate(blocks, [], frame);
    expectEverythingOnce(pages, blocks, []);
    expect(pages.length).toBe(2);
  });

  it('gives a long note no more than the body leaves: the body keeps its minimum, the note continues', () => {
    const blocks = [para(12, { 0: [0] })];
    const notes = [note(30)];
    const pages = paginate(blocks, notes, frame);
    expectEverythingOnce(pages, blocks, notes);
    expect(pages[0]!.body.length * 10).toBeGreaterThanOrEqual(frame.minBody);
    expect(pages[1]!.rule?.continuation).toBe(true);
  });

  it('starts a new page after an explicit break, and sets space between blocks but not at a page top', () => {
    const blocks = [para(2, {}, { pageBreakAfter: true, spaceAfter: 7 }), para(2, {}, { spaceBefore: 3 }), para(2, {}, { spaceBefore: 4 })];
    const pages = paginate(blocks, [], frame);
    expectEverythingOnce(pages, blocks, []);
    expect(pages.map((p) => p.body.map((l) => l.y))).toEqual([[0, 10], [3, 13, 27, 37]]);
  });

  it('is linear: 100,000 lines with a note every ten lines', () => {
    const blocks = Array.from({ length: 10_000 }, (_, i) => para(10, { 4: [i] }));
    const notes = Array.from({ length: blocks.length }, () => note(2));
    const started = performance.now();
    const pages = paginate(blocks, notes, frame);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(pages.reduce((sum, p) => sum + p.body.length, 0)).toBe(100_000);
  });
});
