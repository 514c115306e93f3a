import type { Block, DocumentTree, Inline } from './tree.js';
import { append } from '../append.js';
import { tableTexts } from './text.js';

/**
 * Styled runs: the one pass that decides how each piece of a block's text is drawn
 * (which font role, bold or not, in which language), read alike by the font plan,
 * the PDF composer and the DOCX writer, so they cannot disagree.
 */

/** The font a run is drawn with, by its job: themes map each role to a font chain. */
export type Role = 'body' | 'heading' | 'title' | 'emphasis';

export interface StyledRun {
  text: string;
  role: Role;
  bold: boolean;
  /** BCP 47 tag of the run's language: the block's, or a span's. */
  lang: string;
  /** Set on a footnote reference: the note's index in the document, from 1 (its text is its label: its number, or its mark). */
  note?: number;
  /** Part of a field's label ("简介："). */
  label?: boolean;
  /** Part of a link's text: where it leads. */
  link?: string;
  /** Raised (French "74e") or lowered, in smaller type. */
  script?: 'super' | 'sub';
  /** A line break inside the paragraph; its text is empty. */
  lineBreak?: boolean;
}

/** How a block's text starts out: its role and weight. */
export function blockStyle(block: Block): { role: Role; bold: boolean } {
  switch (block.kind) {
    case 'title':
      return { role: 'title', bold: true };
    case 'heading':
      return { role: 'heading', bold: true };
    default:
      return { role: 'body', bold: false };
  }
}

/**
 * The runs of a list of inlines. Footnotes are collected into `notes` (numbered from
 * notes.length + 1) and leave a reference run where they stand.
 */
export function runsOf(inlines: Inline[], style: { role: Role; bold: boolean; lang: string }, notes: Inline[][]): StyledRun[] {
  const runs: StyledRun[] = [];
  const labels = noteLabelsOf(notes);
  type Marks = Pick<StyledRun, 'link' | 'script'>;
  const visit = (list: Inline[], role: Role, bold: boolean, lang: string, marks: Marks = {}) => {
    for (const inline of list) {
      switch (inline.kind) {
        case 'text':
          if (inline.text) runs.push({ text: inline.text, role, bold, lang, ...marks });
          break;
        case 'strong':
          visit(inline.children, role, true, lang, marks);
          break;
        case 'emphasis':
          visit(inline.children, 'emphasis', bold, lang, marks);
          break;
        case 'span':
          visit(inline.children, role, bold, inline.lang, marks);
          break;
        case 'link':
          visit(inline.children, role, bold, lang, { ...marks, link: inline.href });
          break;
        case 'script':
          visit(inline.children, role, bold, lang, { ...marks, script: inline.position });
          break;
        case 'break':
          runs.push({ text: '', role, bold, lang, lineBreak: true });
          break;
        case 'note':
          notes.push(inline.children);
          labels.push(inline.mark ?? String(labels.filter(isNumber).length + 1));
          runs.push({ text: labels[labels.length - 1]!, role: 'body', bold: false, lang, note: notes.length });
          break;
      }
    }
  };
  visit(inlines, style.role, style.bold, style.lang);
  return runs;
}

/**
 * Each note's label, by the notes list a document's runs are collected into: a marked
 * note ("*") shows its mark, and the others are numbered 1, 2, 3 among themselves, so a
 * title's "*" does not make the first footnote "2".
 */
const noteLabels = new WeakMap<Inline[][], string[]>();
const isNumber = (label: string) => /^\d+$/.test(label);
function noteLabelsOf(notes: Inline[][]): string[] {
  let labels = noteLabels.get(notes);
  if (!labels) noteLabels.set(notes, (labels = []));
  return labels;
}

/** The label of the i-th note (from 0) collected into `notes`: its mark or its number. */
export function noteLabel(notes: Inline[][], i: number): string {
  return noteLabelsOf(notes)[i] ?? String(i + 1);
}

/** A field's runs: its label in bold, then its value. */
export function blockRuns(block: Block, lang: string, notes: Inline[][]): StyledRun[] {
  if (block.kind === 'pageBreak') return [];
  const style = { ...blockStyle(block), lang };
  if (block.kind === 'field') {
    const label = runsOf(block.label, { ...style, bold: true }, notes).map((run) => ({ ...run, label: true }));
    return [...label, ...runsOf(block.value, style, notes)];
  }
  if (block.kind === 'table') {
    // The caption and the header row in bold, as the layout sets them; the cells in order.
    const bold = new Set<Inline[]>(block.caption ? [block.caption, ...block.header] : block.header);
    return tableTexts(block).flatMap((cell) => runsOf(cell, { ...style, bold: bold.has(cell) }, notes));
  }
  return runsOf(block.children, style, notes);
}

/**
 * Every run the document draws, footnote texts included (in the body role), in
 * document order: what the font plan must find a face for.
 */
export function documentRuns(tree: DocumentTree): StyledRun[] {
  const notes: Inline[][] = [];
  const runs = tree.blocks.flatMap((block) => blockRuns(block, tree.meta.lang, notes));
  for (const note of notes) append(runs, runsOf(note, { role: 'body', bold: false, lang: tree.meta.lang }, []));
  return runs;
}

