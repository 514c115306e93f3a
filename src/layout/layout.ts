import type { ComposedLine } from '../compose/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DocumentTree } from '../document/tree.js';
import type { FontPlan } from '../font-plan/plan.js';
import type { Direction } from '../text/script.js';
import { gridPitch, kashidaJustified, pageLabel, pageLabelOf, type Theme } from '../theme/theme.js';
import { composeBlocks, type BlockStyle, type ComposedBlock, type ComposedNote, type Indents, type StyleSpec } from './blocks.js';
import { layoutFonts, type LayoutFont } from './fonts.js';
import { pageGeometry, type PageGeometry } from './geometry.js';
import type { NotePlacement } from './note-placement.js';
import { avoidPageEndHyphens } from './page-end-hyphens.js';
import { paginate, type FlowBlock, type Page } from './paginate.js';
import type { RunTag } from './tags.js';
import type { RunDirections } from './runs.js';

/**
 * The layout stage: the document tree set in lines and pages, once, for every writer.
 * Each run's face, weight, language and direction, each line's breaks, each style's
 * line pitch, where every page breaks and which page each note stands on are decided
 * here; the PDF writer draws the lines where they stand, and the DOCX writer states
 * the same geometry, pitches and breaks so that Word and LibreOffice set the same pages.
 */
export interface Layout {
  lang: string;
  direction: Direction;
  geometry: PageGeometry;
  /** One per block of the tree, in order. */
  blocks: ComposedBlock[];
  /** The notes, numbered from 1 in order of their calls. */
  notes: ComposedNote[];
  /** Where they stand: at the foot of the page of their call, or after the text. */
  notePlacement: NotePlacement;
  pages: Page[];
  /** Each paragraph style's size, line pitch and spacing, in points. */
  styles: Record<BlockStyle, StyleSpec>;
  /** Lines of page furniture (a page number, a running header), set when their page is known. */
  furniture: ReturnType<typeof composeBlocks>['furniture'];
  fonts: ReadonlyMap<string, LayoutFont>;
  /** The font key of the body's primary face: the strut of furniture lines. */
  bodyStrut: string;
  /** Problems found while setting lines (a word longer than a line). */
  warnings: Diagnostic[];
  /** Justified lines of this Arabic document take part of their stretch in kashidas (compose/kashida.ts). */
  kashida: boolean;
  /** The character grid the body is set on (GB/T 9704), where there is one: its cell and the cells a line. */
  grid: CharacterGrid | undefined;
  /** The indents as set, in points (on a grid, whole cells). */
  indents: Indents;
}

export interface CharacterGrid {
  pitch: number;
  perLine: number;
}

/** A page keeps this many body lines however many notes its lines call. */
const MIN_BODY_LINES = 4;

export async function layOut(tree: DocumentTree, theme: Theme, plan: FontPlan, options: { notes?: NotePlacement } = {}): Promise<Layout> {
  const kashida = kashidaJustified(theme, tree.meta.lang);
  const fonts = await layoutFonts(plan, tree.meta.lang, { kashida });
  const { blocks, notes, styles, furniture, bodyStrut, direction, warnings, setAgain, grid, indents } = composeBlocks(tree, theme, plan, fonts);
  // A page number's line (any page's: only its digits differ) places the page numbers.
  const sampleNumber = pageLabelOf(pageLabel(theme, tree.meta.pageLabel), 1, 1);
  const geometry = pageGeometry(theme, gridPitch(theme), furniture(sampleNumber.trim() ? sampleNumber : '1', theme.footer.size, 'center')[0]!);
  const { orphans, widows } = theme.pagination;
  const notePlacement = options.notes ?? 'footnotes';
  const endnotes = notePlacement === 'endnotes';
  const flow: FlowBlock[] = blocks.map((block) => ({
    lines: block.lines.map((line) => ({ height: line.height, notes: endnotes ? [] : notesCalled(line) })),
    spaceBefore: block.spaceBefore,
    spaceAfter: block.spaceAfter,
    keepWithNext: block.keepWithNext,
    ...(block.pageBreakAfter ? { pageBreakAfter: true } : {}),
    ...(block.table ? tableFlow(block.table) : {}),
  }));
  // Endnotes follow the text as blocks of their own (block numbers after the tree's),
  // under the rule that stands over footnotes.
  if (endnotes) {
    notes.forEach((note, i) => {
      flow.push({
        lines: note.lines.map((line) => ({ height: line.height, notes: [] })),
        spaceBefore: i === 0 ? styles.body.spaceAfter : 0,
        spaceAfter: 0,
        keepWithNext: false,
        ...(i === 0 ? { ruleAbove: true } : {}),
      });
    });
  }
  const pages = paginate(
    flow,
    endnotes ? [] : notes.map((note) => ({ lines: note.lines.map((line) => line.height) })),
    {
      height: geometry.text.height,
      orphans,
      widows,
      noteRule: geometry.noteRule.above + geometry.noteRule.below,
      minBody: MIN_BODY_LINES * styles.body.pitch,
    },
  );
  avoidPageEndHyphens(blocks, pages, setAgain, notesCalled);
  return { lang: tree.meta.lang, direction, geometry, blocks, notes, notePlacement, pages, styles, furniture, fonts, bodyStrut, warnings, kashida, grid, indents };
}

/**
 * A line the pages place, by the block number the page builder knows: a block of the
 * tree, or (past them) an endnote set after the text.
 */
export function placedLine(layout: Layout, block: number, line: number): { line: ComposedLine<RunTag>; strut: string; bookmark?: string } {
  const composed: ComposedBlock | ComposedNote = layout.blocks[block] ?? layout.notes[block - layout.blocks.length]!;
  const bookmark: string | undefined = block < layout.blocks.length ? layout.blocks[block]!.bookmark : undefined;
  return { line: composed.lines[line]!, strut: composed.strut, ...(bookmark ? { bookmark } : {}) };
}

/** A table's rows kept together, its caption and header row with the first; the header row repeated. */
function tableFlow(table: NonNullable<ComposedBlock['table']>): Pick<FlowBlock, 'groups' | 'repeat'> {
  const [first = 0, ...rest] = table.rows;
  return { groups: [table.caption + table.header + first, ...rest], repeat: [table.caption, table.caption + table.header] };
}

/** The notes a line calls, in order: the note runs its pieces carry. */
function notesCalled(line: ComposedBlock['lines'][number]): number[] {
  const called: number[] = [];
  for (const piece of line.pieces) {
    const note = piece.tag?.note;
    if (note !== undefined && !called.includes(note)) called.push(note);
  }
  return called.sort((a, b) => a - b);
}

/**
 * What a writer that lets its reader set the lines (Word, LibreOffice) must be told so
 * that they set the same pages: the geometry, each style's pitch, the title's breaks.
 * Plain data: it crosses to the side thread.
 */
export interface LayoutDecisions {
  geometry: PageGeometry;
  styles: Record<BlockStyle, StyleSpec>;
  /** Line breaks inside a block (a title's), by the block's index in the tree. */
  lineBreaks: [number, number[]][];
  notePlacement: NotePlacement;
  /**
   * Each paragraph's run directions and bidi isolates, as the PDF sets them, by the
   * block's index in the tree (and a note's, from 0): only those with a right-to-left
   * or isolated run. Word and LibreOffice run the bidi algorithm on the text they are
   * given, so the DOCX writes these isolates into its text and marks these runs `w:rtl`.
   */
  directions: { blocks: [number, RunDirections][]; notes: [number, RunDirections][] };
  pages: number;
  /** Justified paragraphs are justified with kashidas, as Word can (`w:jc` mediumKashida). */
  kashida: boolean;
  /** The character grid, which the DOCX states as Word's (w:docGrid), and the indents as set. */
  grid: CharacterGrid | undefined;
  indents: Indents;
  /**
   * Where each page after the first starts, as [block, offset into the text the DOCX
   * writes for it], in order: the DOCX marks them w:lastRenderedPageBreak, as Word does
   * after laying a document out, so a reader that does not paginate (docx-preview, in
   * `dossier preview`) shows the layout's pages. Left out: a page an explicit page break
   * starts (the DOCX breaks there already), one that starts in the endnotes.
   */
  pageStarts: [number, number][];
  /** Pages that start at a row of a table: [block, row of its body, from 0]; marked in the row's first cell. */
  rowStarts: [number, number][];
}

export function decisionsOf(layout: Layout): LayoutDecisions {
  const lineBreaks: [number, number[]][] = [];
  layout.blocks.forEach((block, i) => {
    if (block.breaks?.length) lineBreaks.push([i, block.breaks]);
  });
  const directions: LayoutDecisions['directions'] = { blocks: [], notes: [] };
  layout.blocks.forEach((block, i) => {
    if (block.directions) directions.blocks.push([i, block.directions]);
  });
  layout.notes.forEach((note, i) => {
    if (note.directions) directions.notes.push([i, note.directions]);
  });
  return { geometry: layout.geometry, styles: layout.styles, lineBreaks, notePlacement: layout.notePlacement, directions, pages: layout.pages.length, kashida: layout.kashida, grid: layout.grid, indents: layout.indents, ...pageStarts(layout) };
}

function pageStarts(layout: Layout): Pick<LayoutDecisions, 'pageStarts' | 'rowStarts'> {
  const pageStarts: [number, number][] = [];
  const rowStarts: [number, number][] = [];
  for (const page of layout.pages.slice(1)) {
    const first = page.body[0];
    if (!first) continue;
    const block = layout.blocks[first.block];
    if (!block || layout.blocks[first.block - 1]?.pageBreakAfter) continue;
    if (!block.table) {
      const offset = block.lineStarts?.[first.line];
      if (offset !== undefined) pageStarts.push([first.block, offset]);
      continue;
    }
    // A table's caption is a paragraph before it, marked at its start.
    const { caption, header, rows } = block.table;
    if (first.line === 0 && caption) {
      pageStarts.push([first.block, 0]);
      continue;
    }
    // Further on, the page starts with the header row set again, then a row of the body.
    const line = page.body.find((placed) => placed.block === first.block && placed.line >= caption + header)?.line;
    if (line === undefined) continue;
    let start = caption + header;
    for (const [row, count] of rows.entries()) {
      if (start === line) {
        if (row > 0) rowStarts.push([first.block, row]);
        break;
      }
      start += count;
    }
  }
  return { pageStarts, rowStarts };
}
