import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { blockInlines, blockText, plainText, tableCells } from './text.js';
import type { Block, BlockSource, DocumentTree, Inline } from './tree.js';
import { breakablePlaces } from '../text/script.js';

/**
 * Runs of thousands of characters with nowhere to break a line, in the text as the
 * templates rendered it: `{{profile.names.acronym}}` fifty times over is one word of
 * 100,000 letters that no YAML value holds (issue 21). The PDF would cut such a run
 * letter by letter (compose/items.ts), at a cost that grows with its length; it is
 * refused instead, at the source of the block that holds it. No real word comes near
 * the limit; model/source.ts checks the YAML's own values against it before templates run.
 */
export const MAX_UNBROKEN_RUN = 2_000;

export function unbreakableRuns(tree: DocumentTree): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const block of tree.blocks) {
    if (block.kind === 'pageBreak') continue;
    for (const { text, source } of [...textsOf(block), ...notesOf(block)]) {
      const run = runOverLimit(text);
      if (run === undefined) continue;
      problems.push(problem(run, source ?? block.source));
      break;
    }
    if (problems.length >= 20) break;
  }
  return problems;
}

/**
 * The longest unbroken run of `text` where it reaches MAX_UNBROKEN_RUN, else undefined.
 * A text shorter than the limit (nearly every paragraph) is not scanned: the scan makes
 * a match per break opportunity, one per character of Chinese text (~25 ms of a 200-page
 * build, and its garbage).
 */
export function runOverLimit(text: string): number | undefined {
  if (text.length < MAX_UNBROKEN_RUN) return undefined;
  const run = longestRun(text);
  return run < MAX_UNBROKEN_RUN ? undefined : run;
}

/**
 * The length, in UTF-16 units, of the longest stretch between two break opportunities:
 * one pass over the text (a regular expression counting repetitions, /[^\s]{2000,}/,
 * goes back over each shorter run from every position in it).
 */
export function longestRun(text: string): number {
  let longest = 0;
  let from = 0;
  for (const m of breakablePlaces(text)) {
    longest = Math.max(longest, m.index - from);
    from = m.index + m[0].length;
  }
  return Math.max(longest, text.length - from);
}

/** A block's texts, each with where it was written: a table's each cell apart, so a problem is located at its cell. */
function textsOf(block: Exclude<Block, { kind: 'pageBreak' }>): { text: string; source: BlockSource | undefined }[] {
  if (block.kind === 'table') return tableCells(block).map(({ inlines, source }) => ({ text: plainText(inlines), source }));
  return [{ text: blockText(block), source: block.source }];
}

/** The texts of the notes a block's inlines hold (the PDF sets each as a paragraph of its own). */
function notesOf(block: Exclude<Block, { kind: 'pageBreak' }>): { text: string; source: BlockSource | undefined }[] {
  const notes: { text: string; source: BlockSource | undefined }[] = [];
  const walk = (inlines: Inline[]) => {
    for (const inline of inlines) {
      if (inline.kind === 'note') notes.push({ text: plainText(inline.children), source: inline.source });
      if (inline.kind !== 'text') walk(inline.children);
    }
  };
  for (const inlines of blockInlines(block)) walk(inlines);
  return notes;
}

function problem(length: number, source: BlockSource | undefined): Diagnostic {
  return error('content/unbreakable', `${length.toLocaleString('en')} characters without a space or a Chinese character, as the templates print it: a line cannot hold them`, {
    ...(source ? { file: source.file, line: source.line, column: source.column, field: source.field } : {}),
    suggestion: `break it up with spaces, or shorten it to under ${MAX_UNBROKEN_RUN.toLocaleString('en')} characters`,
  });
}
