import type { Role, StyledRun } from '../document/runs.js';
import type { Face } from '../fonts/manifest.js';
import type { FontPlan } from '../font-plan/plan.js';
import { paragraphLevels, type Levels } from '../text/bidi.js';
import { directionOf, type Direction } from '../text/script.js';

/**
 * Runs resolved once, for every writer: a paragraph's styled runs cut where the face
 * changes (the font plan), a stretch in a language written the other way wrapped in
 * bidi isolates (UAX #9's RLI/LRI…PDI, as HTML's <bdi>: "Human Rights Council." inside
 * Arabic keeps its full stop at its own end), and the bidi levels computed on that text,
 * isolates included. The PDF composer sets these runs at these levels; the DOCX is
 * given the same isolates and directions (`runDirections`), since Word and LibreOffice
 * run the bidi algorithm on the text they are given, not on `w:rtl`.
 */
export interface ResolvedRun {
  text: string;
  face: Face;
  bold: boolean;
  role: Role;
  lang: string;
  /** A footnote reference: the note's index from 1. */
  note?: number;
  label?: boolean;
  /** Index of the styled run it comes from (a control: the run whose face it borrows). */
  from: number;
  /** A bidi isolate the layout added: it draws nothing and is no part of the content's text. */
  control?: true;
}

export interface ResolvedParagraph {
  runs: ResolvedRun[];
  /** The levels of the runs' text, controls included; undefined when all are 0. */
  levels: Levels | undefined;
}

const RIGHT_TO_LEFT_ISOLATE = '\u2067';
const LEFT_TO_RIGHT_ISOLATE = '\u2066';
const POP_ISOLATE = '\u2069';
const isolates = /[\u2066-\u2069]/g;

export function resolveRuns(styled: StyledRun[], direction: Direction, plan: FontPlan): ResolvedParagraph {
  const runs: ResolvedRun[] = [];
  let isolated = false;
  const control = (text: string): ResolvedRun => ({ ...runs.at(-1)!, text, control: true });
  for (const [from, run] of styled.entries()) {
    const other = directionOf(run.lang) !== direction;
    const segments = plan.segment(run.text, run.role, run.bold, run.lang).map(
      ({ text, face }): ResolvedRun => ({
        text,
        face,
        bold: run.bold,
        role: run.role,
        lang: run.lang,
        ...(run.note ? { note: run.note } : {}),
        ...(run.label ? { label: true } : {}),
        from,
      }),
    );
    if (!segments.length) continue;
    if (isolated && !other) runs.push(control(POP_ISOLATE));
    if (!isolated && other) runs.push({ ...segments[0]!, text: direction === 'ltr' ? RIGHT_TO_LEFT_ISOLATE : LEFT_TO_RIGHT_ISOLATE, control: true });
    isolated = other;
    for (const segment of segments) runs.push(segment);
  }
  if (isolated) runs.push(control(POP_ISOLATE));
  return { runs, levels: paragraphLevels(runs.map((run) => run.text).join(''), direction) };
}

/**
 * What a writer that sets its own lines needs to reproduce the levels: offsets are into
 * the styled runs' text (controls not counted), from `skip` on (a note's mark, which
 * Word writes as a field of its own, is skipped).
 */
export interface RunDirections {
  /** [start, end) stretches the bidi algorithm sets right to left (odd levels). */
  rightToLeft: [number, number][];
  /** Each isolate the layout added: inserted before the character at `offset`; whether it stands at an odd level. */
  isolates: [offset: number, control: string, rightToLeft: boolean][];
}

export function runDirections(paragraph: ResolvedParagraph, skip = 0): RunDirections {
  const rightToLeft: [number, number][] = [];
  const controls: RunDirections['isolates'] = [];
  const levels = paragraph.levels?.levels;
  let at = 0; // in the text with controls
  let offset = -skip; // in the text without them, from `skip`
  for (const run of paragraph.runs) {
    for (let i = 0; i < run.text.length; i++, at++) {
      const rtl = levels !== undefined && levels[at]! % 2 === 1;
      if (run.control) {
        controls.push([Math.max(offset, 0), run.text[i]!, rtl]);
        continue;
      }
      if (offset >= 0 && rtl) {
        const last = rightToLeft.at(-1);
        if (last && last[1] === offset) last[1]++;
        else rightToLeft.push([offset, offset + 1]);
      }
      offset++;
    }
  }
  return { rightToLeft, isolates: controls };
}

/** Offsets into resolved text as offsets into the text without the isolates the layout added. */
export function withoutIsolates(text: string, offsets: number[]): number[] {
  return offsets.map((offset) => offset - (text.slice(0, offset).match(isolates)?.length ?? 0));
}

/** Text without the isolates the layout added. */
export const stripIsolates = (text: string): string => text.replace(isolates, '');
