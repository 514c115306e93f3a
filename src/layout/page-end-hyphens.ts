import type { ComposedLine } from '../compose/types.js';
import type { ComposedBlock } from './blocks.js';
import type { Page } from './paginate.js';
import type { RunTag } from './tags.js';

type SetAgain = (unhyphenated: readonly number[]) => Pick<ComposedBlock, 'lines' | 'lineStarts'>;

/**
 * No word divided across two pages (a reader turns the page in the middle of it): where
 * a page's last line ends with a hyphen and the paragraph goes on overleaf, the
 * paragraph is set again with that line unhyphenated. Its lines stay as many and as
 * tall, so the pages the page builder made stand as they are, and the Word file, which
 * sets its own lines but breaks pages where the same lines fall, still agrees; the new
 * setting is kept only if every note called before the page's end is still called
 * there. Otherwise the hyphen stays (the guide: the two files agreeing on pages wins
 * over a page-end hyphen).
 */
export function avoidPageEndHyphens(blocks: ComposedBlock[], pages: readonly Page[], setAgain: ReadonlyMap<number, SetAgain>, notesCalled: (line: ComposedLine<RunTag>) => number[]): void {
  const avoided = new Map<number, number[]>();
  for (const page of pages) {
    const last = page.body.at(-1);
    if (!last || last.block >= blocks.length) continue;
    const lines = blocks[last.block]!.lines;
    if (!lines[last.line]?.hyphenated || last.line === lines.length - 1) continue;
    const list = avoided.get(last.block) ?? [];
    list.push(last.line);
    avoided.set(last.block, list);
  }
  for (const [index, unhyphenated] of avoided) {
    const again = setAgain.get(index);
    if (!again) continue;
    const before = blocks[index]!.lines;
    const set = again(unhyphenated);
    const after = set.lines;
    if (after.length !== before.length || unhyphenated.some((line) => after[line]!.hyphenated)) continue;
    if (after.some((line, i) => line.height !== before[i]!.height)) continue;
    if (!unhyphenated.every((end) => sameNotesUpTo(before, after, end, notesCalled))) continue;
    // Its lines start elsewhere now: the DOCX's page marks (lineStarts) follow them.
    Object.assign(blocks[index]!, set);
  }
}

/** Whether lines [0, end] call the same notes in both settings: no call crosses the page's end. */
function sameNotesUpTo(before: ComposedLine<RunTag>[], after: ComposedLine<RunTag>[], end: number, notesCalled: (line: ComposedLine<RunTag>) => number[]): boolean {
  const upTo = (lines: ComposedLine<RunTag>[]) => lines.slice(0, end + 1).flatMap(notesCalled).join(',');
  return upTo(before) === upTo(after);
}
