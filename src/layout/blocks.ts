import { composeParagraph } from '../compose/paragraph.js';
import type { Alignment, ComposedLine, ComposeRun, ParagraphStyle } from '../compose/types.js';
import { blockRuns, noteLabel, runsOf, type Role, type StyledRun } from '../document/runs.js';
import { itemNumbers, listLabels, numberLabel } from '../document/text.js';
import type { Block, BlockSource, DocumentTree, Inline } from '../document/tree.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FontPlan } from '../font-plan/plan.js';
import { directionOf, isSetSolid } from '../text/script.js';
import { characterPitch, gridPitch, kashidaJustified, textBlock, type Theme } from '../theme/theme.js';
import { fontKey, type LayoutFont } from './fonts.js';
import { resolveRuns, runDirections, stripIsolates, withoutIsolates, type ResolvedParagraph, type RunDirections } from './runs.js';
import { columnEdges, LABEL_GAP } from './columns.js';
import type { RunTag, StructureTarget } from './tags.js';

/** The paragraph styles both writers know: each has one line pitch, which the DOCX states. */
export type BlockStyle = 'title' | 'heading1' | 'heading2' | 'heading3' | 'body' | 'field' | 'note' | 'quote' | 'table';

/** A paragraph style as set: its size, its one line pitch, the space around its blocks, its strut. */
export interface StyleSpec {
  size: number;
  /** Every line's height, in points (a grid's pitch on a line grid). */
  pitch: number;
  /** The baseline's depth from a line's top. */
  ascent: number;
  spaceBefore: number;
  spaceAfter: number;
  /** The font key whose metrics set the pitch: the style's role's primary face. */
  strut: string;
}

/** A block set in lines, with what pagination needs to know about it. */
export interface ComposedBlock {
  lines: ComposedLine<RunTag>[];
  style: BlockStyle;
  spaceBefore: number;
  spaceAfter: number;
  /** Never the last thing on a page: a title or heading stays with what follows. */
  keepWithNext: boolean;
  bookmark?: string;
  pageBreakAfter?: boolean;
  /** The font key standing for the block's line metrics. */
  strut: string;
  /**
   * A title's line breaks, as offsets into its text (the bidi isolates the layout adds
   * not counted): Word breaks a Chinese title wherever a line is full, so the DOCX is
   * given these as line breaks, and both files show the same title.
   */
  breaks?: number[];
  /** Its runs' directions and isolates, where any run is right to left or isolated (the DOCX states them). */
  directions?: RunDirections;
  /**
   * Where each line starts in the text the DOCX writes for the block (no number label,
   * no isolates): the DOCX marks where the layout breaks pages (w:lastRenderedPageBreak).
   */
  lineStarts?: number[];
  /** A table's rows (caption and header row first): what pagination keeps together and repeats. */
  table?: TableShape;
}

/** How a table's lines are grouped, and where its rules go. */
export interface TableShape {
  /** Lines of the caption, then of the header row, then of each row, in order. */
  caption: number;
  header: number;
  rows: number[];
  /** The columns' edges from the line's left, in points: n + 1 for n columns. */
  edges: number[];
  /** For each line: whether it is its row's first (a rule above) and last (a rule below); undefined for the caption's. */
  rules: ({ first: boolean; last: boolean } | undefined)[];
}

/** A note's lines: its mark, then its text. */
export interface ComposedNote {
  lines: ComposedLine<RunTag>[];
  /** Its text's directions and isolates (its mark not counted), as a block's. */
  directions?: RunDirections;
  strut: string;
}

/** Superscript footnote references: pdfmake's proportions, kept from the first release. */
const SUPERSCRIPT_SIZE = 0.58;
const SUPERSCRIPT_RISE = 0.75;
/** Raised and lowered text ({{#sup}}, {{#sub}}): Word's own proportions, so both files set it alike. */
const SCRIPT_SIZE = 2 / 3;
const SUPER_RISE = 1 / 3;
const SUB_RISE = -0.14;
/** A table's rules, in points. */
export const TABLE_RULE = 0.5;

/**
 * The document's blocks set in lines by the composer, each with the theme's sizes,
 * spacing and alignment; then the notes. Page furniture is set per page, later, with
 * `furniture`.
 */
export function composeBlocks(tree: DocumentTree, theme: Theme, plan: FontPlan, fonts: ReadonlyMap<string, LayoutFont>) {
  const lang = tree.meta.lang;
  const direction = directionOf(lang);
  const { width } = textBlock(theme);
  const em = theme.text.size;
  const numbers = itemNumbers(tree.blocks);
  const labels = listLabels(tree.blocks, lang);
  /**
   * How a block of one paragraph can be set again with given lines unhyphenated, for the
   * page builder's page-end hyphens (page-end-hyphens.ts). Not for a paragraph with a
   * line break ({{br}}: set in parts) or a word cut by force: its lines are kept.
   */
  const setAgain = new Map<number, (unhyphenated: readonly number[]) => Pick<ComposedBlock, 'lines' | 'lineStarts'>>();
  /** The block about to be pushed can be set again by `again`: its lines at its style's pitch, and where they start (`set` finds them anew). */
  const settable = (name: BlockStyle, lines: ComposedLine<RunTag>[], again: (unhyphenated: readonly number[]) => ComposedLine<RunTag>[]) => {
    if (singleSet && !lines.some((line) => line.cut)) setAgain.set(blocks.length, (unhyphenated) => ({ lines: pitched(again(unhyphenated), styles[name]), lineStarts: starts }));
  };
  const notes: Inline[][] = [];
  const noteSources: (BlockSource | undefined)[] = [];
  const { cell, indents } = gridOf(theme, lang);
  /** On the character grid: the body's blocks (not titles, notes, tables or furniture). */
  const onGrid = cell ? { grid: cell } : {};

  /** Resolved runs (runs.ts) as the composer's: each with its font, size and tag; raised, lowered or linked as its styled run says. */
  const composeRuns = (paragraph: ResolvedParagraph, size: number, tagOf: (run: StyledRun, index: number) => RunTag, styled: StyledRun[]): ComposeRun<RunTag>[] =>
    paragraph.runs.map((run) => {
      const from = styled[run.from]!;
      const tag = tagOf(from, run.from);
      return {
        text: run.text,
        // Hyphenated, and its words found, by the patterns of its own language.
        lang: run.lang,
        font: fonts.get(fontKey(run.face, run.bold))!,
        size: run.note ? size * SUPERSCRIPT_SIZE : from.script ? size * SCRIPT_SIZE : size,
        ...(run.note ? { rise: size * SUPERSCRIPT_SIZE * SUPERSCRIPT_RISE, attached: true, noAutospace: true } : {}),
        ...(from.script && !run.note ? { rise: size * (from.script === 'super' ? SUPER_RISE : SUB_RISE), attached: true, noAutospace: true } : {}),
        ...(from.link ? { link: true } : {}),
        tag: from.link ? { ...tag, link: from.link } : tag,
      };
    });
  const strutOf = (role: Role, bold: boolean) => fontKey(plan.primary(role, lang), bold);
  const style = (role: Role, bold: boolean, size: number, align: Alignment, extra: Partial<ParagraphStyle> = {}): ParagraphStyle => ({
    width,
    align,
    direction,
    lang,
    autospace: theme.text.autospace,
    punctuation: theme.text.punctuation,
    hyphenateCapitalized: theme.text.hyphenateCapitalized,
    kashida: kashidaJustified(theme, lang),
    lineHeight: theme.text.lineHeight,
    strut: { font: fonts.get(strutOf(role, bold))!, size },
    ...extra,
  });
  /**
   * Where each run goes in the tagged PDF's structure tree: its block's element, or an
   * inline one (a field's label, an item's number, a note reference, a span of text in
   * another language: one Span for each stretch of runs in that language).
   */
  const structure = (runs: StyledRun[], block: number, type: StructureTarget['type'], extra: Partial<StructureTarget> = {}, numbered = false): RunTag[] => {
    let spans = 0;
    let links = 0;
    const key = extra.key ?? String(block);
    return runs.map((run, i): RunTag => {
      if (i > 0 && run.lang !== runs[i - 1]!.lang) spans++;
      if (run.link && runs[i - 1]?.link !== run.link) links++;
      if (run.link && !run.note) return { structure: { block, type, ...extra, inline: { id: `${key}:link:${links}`, type: 'Link' } } };
      const target: StructureTarget = { block, type, ...extra };
      if (run.note && type !== 'Note') {
        target.inline = { id: `${block}:ref:${run.note}`, type: 'Reference' };
        return { structure: target, note: run.note - 1 };
      }
      else if (run.label) target.inline = { id: `${block}:label`, type: 'Span' };
      else if (numbered && i === 0) target.inline = { id: `${block}:number`, type: 'Lbl' };
      else if (run.lang !== lang) target.inline = { id: `${key}:lang:${spans}`, type: 'Span', lang: run.lang };
      return { structure: target };
    });
  };
  const warnings: Diagnostic[] = [];
  let breaks: number[] = [];
  /** Whether the last paragraph set was set in one piece (it had no line break). */
  let singleSet = true;
  /** The last paragraph's line starts, as ComposedBlock.lineStarts. */
  let starts: number[] = [];
  const set = (runs: StyledRun[], size: number, paragraph: ParagraphStyle, tags: RunTag[] | undefined, source: BlockSource | undefined, skip = 0): ComposedLine<RunTag>[] => {
    // A line break ({{br}}) ends a line as a paragraph's end does: each stretch between
    // breaks is set on its own, the first with the paragraph's indent. (Its run
    // directions are not given to the DOCX: Word orders such a paragraph by itself.)
    const cut = runs.findIndex((run) => run.lineBreak);
    if (cut >= 0) {
      const first = set(runs.slice(0, cut), size, paragraph, tags?.slice(0, cut), source, skip);
      const firstStarts = starts;
      const rest = set(runs.slice(cut + 1), size, { ...paragraph, indent: 0 }, tags?.slice(cut + 1), source);
      const restAt = runs.slice(0, cut + 1).reduce((length, run) => length + run.text.length, 0) - skip;
      starts = [...firstStarts, ...starts.map((start) => start + restAt)];
      breaks = [];
      directed = {};
      singleSet = false;
      return [...first, ...rest];
    }
    singleSet = true;
    return setRuns(runs, size, paragraph, tags, source, skip);
  };
  /** The last paragraph's run directions, for the DOCX: its text from `skip` (a number or a note mark, which Word writes itself). */
  let directed: { directions?: RunDirections } = {};
  const setRuns = (runs: StyledRun[], size: number, paragraph: ParagraphStyle, tags: RunTag[] | undefined, source: BlockSource | undefined, skip = 0) => {
    const resolved = resolveRuns(runs, direction, plan);
    const directions = runDirections(resolved, skip);
    directed = directions.rightToLeft.length || directions.isolates.length ? { directions } : {};
    const composed = composeRuns(resolved, size, tags ? (_, i) => tags[i]! : () => ({}), runs);
    const lines = composeParagraph(composed, paragraph, resolved.levels);
    const text = composed.map((run) => run.text).join('');
    const cut = lines.find((line) => line.cut);
    if (cut) warnings.push(overlongWord(text, cut.end, source));
    breaks = paragraph.balance ? withoutIsolates(text, lines.slice(1).map((line) => line.start)) : [];
    starts = withoutIsolates(text, lines.map((line) => line.start)).map((start) => Math.max(start - skip, 0));
    return lines;
  };

  /**
   * A table: each cell set like a paragraph in its column's width (less its padding),
   * a row's lines side by side, the row as tall as its tallest cell plus the padding;
   * columns run from the start side (right to left, from the right). The caption is
   * set above, across the measure.
   */
  const setTable = (table: Extract<Block, { kind: 'table' }>, index: number): ComposedBlock => {
    const spec = styles.table;
    const { paddingX, paddingY } = theme.table;
    const columns = table.header.length;
    const edges = columnEdges(table.widths, columns, width);
    const tableId = `table:${index}`;
    const lines: ComposedLine<RunTag>[] = [];
    const rules: TableShape['rules'] = [];
    let caption = 0;
    if (table.caption) {
      const runs = runsOf(table.caption, { role: 'body', bold: true, lang }, notes);
      const set = setRuns(runs, em, style('body', true, em, 'start', { width }), structure(runs, index, 'Caption', { key: `${index}:caption`, parents: [{ id: tableId, type: 'Table' }] }), table.cellSources?.caption ?? table.source);
      for (const line of set) lines.push({ ...line, ascent: spec.ascent, height: spec.pitch });
      caption = set.length;
      for (let i = 0; i < caption; i++) rules.push(undefined);
    }
    const rowLines: number[] = [];
    const setRow = (cells: Inline[][], r: number, header: boolean) => {
      const sources = header ? table.cellSources?.header : table.cellSources?.rows[r - 1];
      const parents: NonNullable<StructureTarget['parents']> = [{ id: tableId, type: 'Table' }, { id: `${tableId}:row:${r}`, type: 'TR' }];
      const composed = Array.from({ length: columns }, (_, c) => {
        const runs = runsOf(cells[c] ?? [], { role: 'body', bold: header, lang }, notes);
        const tags = structure(runs, index, header ? 'TH' : 'TD', { key: `${index}:${r}:${c}`, parents, ...(header ? { scope: 'Column' as const } : {}) });
        return setRuns(runs, em, style('body', header, em, 'start', { width: edges[c + 1]! - edges[c]! - 2 * paddingX, hyphenate: true }), tags, sources?.[c] ?? table.source);
      });
      const count = composed.reduce((most, cell) => Math.max(most, cell.length), 1);
      for (let k = 0; k < count; k++) {
        const first = k === 0;
        const last = k === count - 1;
        const top = first ? paddingY + TABLE_RULE : 0;
        const pieces = composed.flatMap((cell, c) => {
          const left = direction === 'rtl' ? width - edges[c + 1]! : edges[c]!;
          return (cell[k]?.pieces ?? []).map((piece) => ({ ...piece, x: piece.x + left + paddingX }));
        });
        lines.push({ pieces, rtl: direction === 'rtl', ascent: spec.ascent + top, height: spec.pitch + top + (last ? paddingY : 0), start: 0, end: 0, hyphenated: false, cut: false });
        rules.push({ first, last });
      }
      rowLines.push(count);
    };
    setRow(table.header, 0, true);
    table.rows.forEach((row, r) => setRow(row, r + 1, false));
    return {
      lines,
      style: 'table',
      // As Word spaces a table: its caption's space before (else the paragraph before's
      // space after), and after it only the next paragraph's space before.
      spaceBefore: caption ? styles.body.spaceBefore : 0,
      spaceAfter: 0,
      keepWithNext: false,
      strut: strutOf('body', false),
      table: { caption, header: rowLines[0]!, rows: rowLines.slice(1), edges: direction === 'rtl' ? edges.map((e) => width - e).reverse() : edges, rules },
    };
  };

  const headingSize = (level: number) => [theme.heading.size, theme.heading.size * 0.9, theme.text.size][level - 1]!;
  const styles = styleSpecs(theme, fonts, strutOf, headingSize, fontKey(plan.primary('body', 'en'), false));
  /** A block of a style as set: its lines, the run directions `set` just found, the style's spacing and strut, its bookmark. */
  const composed = (name: BlockStyle, lines: ComposedLine<RunTag>[], marks: { bookmark?: string }, keepWithNext = false): ComposedBlock => ({
    lines,
    ...directed,
    lineStarts: starts,
    style: name,
    spaceBefore: styles[name].spaceBefore,
    spaceAfter: styles[name].spaceAfter,
    keepWithNext,
    strut: styles[name].strut,
    ...marks,
  });
  const blocks: ComposedBlock[] = [];
  // Numbered paragraphs parted by other blocks are lists of their own in the structure
  // tree; a list after a numbered paragraph belongs to it and does not part them.
  let list = 0;
  let previous: Block | undefined;
  /** The last numbered paragraph (its L and LI), and the list items open at each level. */
  let lastNumbered: StructureTarget['parents'] = [];
  const openItems: number[] = [];
  for (const [index, block] of tree.blocks.entries()) {
    if (block.kind === 'numbered' && previous?.kind !== 'numbered' && !(previous?.kind === 'listItem' && previous.after)) list++;
    previous = block;
    const marks = 'bookmark' in block && block.bookmark ? { bookmark: block.bookmark } : {};
    const notesBefore = notes.length;
    // A table's cells are set (and their notes collected) one by one.
    const runs = block.kind === 'table' ? [] : blockRuns(block, lang, notes);
    const table = block.kind === 'table' ? setTable(block, index) : undefined;
    // A note is set after the text; a problem in it is reported at the block it is in.
    for (let i = notesBefore; i < notes.length; i++) noteSources[i] = 'source' in block ? block.source : undefined;
    switch (block.kind) {
      case 'title':
        blocks.push({ ...composed('title', set(runs, theme.title.size, style('title', true, theme.title.size, 'center', { balance: true }), structure(runs, index, 'H1'), block.source), marks, true), breaks });
        break;
      case 'heading': {
        const size = headingSize(block.level);
        const indent = indents.heading;
        const lines = set(runs, size, style('heading', true, size, 'start', { width: width - indent, ...onGrid }), structure(runs, index, `H${block.level + 1}` as StructureTarget['type']), block.source);
        // Set narrower by the indent; left to right, moved over by it (right to left, the
        // narrower measure already leaves it free at the right).
        const moved = direction === 'rtl' ? lines : lines.map((line) => ({ ...line, pieces: line.pieces.map((piece) => ({ ...piece, x: piece.x + indent })) }));
        blocks.push(composed(`heading${block.level}`, moved, marks, true));
        break;
      }
      case 'paragraph':
      case 'numbered': {
        const label: StyledRun[] = block.kind === 'numbered' ? [{ text: numberLabel(theme.numbering.format ?? tree.meta.numbering, numbers.get(block)!), role: 'body', bold: false, lang }] : [];
        const tags = block.kind === 'numbered' ? structure([...label, ...runs], index, 'LBody', { parents: (lastNumbered = numberedParents(`${block.list}#${list}`, index)) }, true) : structure(runs, index, 'P');
        const paragraph = style('body', false, em, (block.kind === 'paragraph' && block.align) || 'justify', { indent: block.kind === 'paragraph' && block.align ? 0 : indents.firstLine, hyphenate: true, ...onGrid });
        const setAgain = (unhyphenated: readonly number[]) => set([...label, ...runs], em, { ...paragraph, unhyphenated }, tags, block.source, label[0]?.text.length);
        const lines = setAgain([]);
        settable('body', lines, setAgain);
        blocks.push(composed('body', lines, marks));
        break;
      }
      case 'listItem': {
        const textIndent = indents.list * block.level;
        openItems[block.level - 1] = index;
        // L > LI for each level: a nested list's L stands in the LI of the item it belongs to.
        const parents: NonNullable<StructureTarget['parents']> = block.after ? lastNumbered!.slice() : [];
        for (let level = 1; level <= block.level; level++) {
          const under = level === 1 ? '' : `:under:${openItems[level - 2]}`;
          parents.push({ id: `L:${block.list}${under}`, type: 'L' }, { id: `LI:${openItems[level - 1]}`, type: 'LI' });
        }
        const itemTags = structure(runs, index, 'LBody', { parents });
        const itemStyle = style('body', false, em, 'justify', { width: width - textIndent, hyphenate: true, ...onGrid });
        const setItem = (unhyphenated: readonly number[]) => set(runs, em, { ...itemStyle, unhyphenated }, itemTags, block.source);
        const lines = setItem([]);
        const labelTag: RunTag = { structure: { block: index, type: 'LBody', parents, inline: { id: `${index}:label`, type: 'Lbl' } } };
        // Set on a line of its own width, never broken ("(ii)" is one label).
        const label = composeParagraph(
          composeRuns(resolveRuns([labelRun(labels.get(block)!, lang)], direction, plan), em, () => labelTag, [labelRun(labels.get(block)!, lang)]),
          style('body', false, em, 'start', { width: textIndent }),
        )[0];
        const labelLeft = label?.pieces.reduce((least, piece) => Math.min(least, piece.x), Infinity) ?? 0;
        const labelWidth = label ? label.pieces.reduce((most, piece) => Math.max(most, piece.x + piece.width), 0) - labelLeft : 0;
        // The label hangs in its level's step, set flush against the text (a word space
        // before it, so the line reads "(a) Adopt…"): "(i)" and "(iii)" end where "(ii)" ends.
        const labelAt = (direction === 'rtl' ? width - textIndent + LABEL_GAP * em : textIndent - LABEL_GAP * em - labelWidth) - labelLeft;
        const hang = (set: ComposedLine<RunTag>[]) =>
          set.map((line, i) => {
            const pieces = direction === 'rtl' ? line.pieces : line.pieces.map((piece) => ({ ...piece, x: piece.x + textIndent }));
            return i === 0 && label ? { ...line, pieces: [...label.pieces.map((piece) => ({ ...piece, x: piece.x + labelAt })), ...pieces] } : { ...line, pieces };
          });
        settable('body', lines, (unhyphenated) => hang(setItem(unhyphenated)));
        blocks.push(composed('body', hang(lines), marks));
        break;
      }
      case 'quote': {
        const indent = indents.quote;
        const align = block.attribution ? 'end' : 'justify';
        const quoteTags = structure(runs, index, 'P', { parents: [{ id: `quote:${block.quote}`, type: 'BlockQuote' }] });
        const quoteStyle = style('body', false, em, align, { width: width - 2 * indent, hyphenate: true, ...onGrid });
        const setQuote = (unhyphenated: readonly number[]) =>
          set(runs, em, { ...quoteStyle, unhyphenated }, quoteTags, block.source).map((line) => ({ ...line, pieces: line.pieces.map((piece) => ({ ...piece, x: piece.x + indent })) }));
        const lines = setQuote([]);
        settable('quote', lines, setQuote);
        blocks.push(composed('quote', lines, marks));
        break;
      }
      case 'table':
        blocks.push(table!);
        break;
      case 'field':
      {
        const fieldTags = structure(runs, index, 'P');
        const fieldStyle = style('body', false, em, 'justify', { hyphenate: true, ...onGrid });
        const setField = (unhyphenated: readonly number[]) => set(runs, em, { ...fieldStyle, unhyphenated }, fieldTags, block.source);
        const lines = setField([]);
        settable('field', lines, setField);
        blocks.push(composed('field', lines, marks));
      }
        break;
      case 'pageBreak':
        blocks.push({ lines: [], style: 'body', spaceBefore: 0, spaceAfter: 0, keepWithNext: false, pageBreakAfter: true, strut: strutOf('body', false) });
        break;
    }
  }

  // Notes: each its number raised, then its text in the footer size.
  const size = theme.footer.size;
  const composedNotes: ComposedNote[] = notes.map((note, i) => {
    const mark: StyledRun = { text: `${noteLabel(notes, i)} `, role: 'body', bold: false, lang, note: i + 1 };
    const runs = [mark, ...runsOf(note, { role: 'body', bold: false, lang }, [])];
    return {
      lines: set(runs, size, style('body', false, size, 'justify', { hyphenate: true }), structure(runs, tree.blocks.length + i, 'Note', { noteId: `note-${i + 1}` }), noteSources[i], mark.text.length),
      ...directed,
      strut: strutOf('body', false),
    };
  });

  for (const block of blocks) if (!block.table) block.lines = pitched(block.lines, styles[block.style]);
  for (const note of composedNotes) note.lines = pitched(note.lines, styles.note);

  /** A line of page furniture (page number, running header), set when its page is known. */
  const furniture = (text: string, furnitureSize: number, align: Alignment, tag: RunTag = { artifact: 'Pagination' }): ComposedLine<RunTag>[] => {
    const runs = plan.segment(text, 'body', false, lang).map(
      (segment): ComposeRun<RunTag> => ({ text: segment.text, font: fonts.get(fontKey(segment.face, false))!, size: furnitureSize, tag }),
    );
    return composeParagraph(runs, style('body', false, furnitureSize, align));
  };
  return { blocks, notes: composedNotes, styles, furniture, bodyStrut: strutOf('body', false), width, direction, warnings, setAgain, grid: cell ? { pitch: cell, perLine: theme.text.charactersPerLine! } : undefined, indents };
}

/** The indents the layout sets, in points: each from the theme's em. */
export interface Indents {
  /** A paragraph's first line. */
  firstLine: number;
  /** Every line of a heading. */
  heading: number;
  /** A list's step, for each level. */
  list: number;
  /** A quotation's, on both sides. */
  quote: number;
}

/**
 * The character grid of a document, where its theme has one and its language is set
 * solid (a grid of 28 characters means nothing to English), and its indents: on the
 * grid an indent of n em is n whole cells ("2 characters", GB/T 9704), a fraction
 * rounded up, as Word and LibreOffice start the text after an indent on the next cell.
 */
export function gridOf(theme: Theme, lang: string): { cell: number | undefined; indents: Indents } {
  const cell = isSetSolid(lang) ? characterPitch(theme) : undefined;
  const em = theme.text.size;
  const indent = (n: number) => (cell ? Math.ceil(n - 1e-9) * cell : n * em);
  return {
    cell,
    indents: { firstLine: indent(theme.paragraph.firstLineIndent), heading: indent(theme.heading.indent), list: indent(theme.list.indent), quote: indent(theme.quote.indent) },
  };
}

/** A list label's one styled run, in the document's language. */
const labelRun = (text: string, lang: string): StyledRun => ({ text, role: 'body', bold: false, lang });

/** The L and LI of a numbered paragraph: a list that follows it nests in its LI. */
function numberedParents(list: string, block: number): NonNullable<StructureTarget['parents']> {
  return [{ id: `numbered:${list}`, type: 'L' }, { id: `LI:${block}`, type: 'LI' }];
}

/**
 * No style's lines further apart than 1.1 times what the theme's Latin face gives at the
 * same size. Noto Naskh Arabic's box (1.069 + 0.634 em, for its tallest stacks of marks)
 * times the line height set Arabic at 2.2 em where Latin is at 1.77 em: loose, as Arabic
 * typesetters would not set it. At 1.95 em the marks of running text (from -0.31 to
 * 0.95 em in the examples) stay 0.7 em clear of the next line's.
 */
const MOST_OVER_LATIN = 1.1;

/**
 * Each style's size, pitch and spacing. One line pitch per style, its strut's (its
 * role's primary face at its size, times the theme's line height): a line holding a
 * taller face (Arabic in English text) keeps it, as Word's exact spacing does. On a line
 * grid every line is one grid pitch and space between blocks is whole lines: pages keep
 * their lines at the same heights, and a page that ends short is left short.
 */
function styleSpecs(
  theme: Theme,
  fonts: ReadonlyMap<string, LayoutFont>,
  strutOf: (role: Role, bold: boolean) => string,
  headingSize: (level: number) => number,
  latinStrut: string,
): Record<BlockStyle, StyleSpec> {
  const grid = gridPitch(theme);
  const onGrid = (space: number) => (grid ? Math.round(space / grid) * grid : space);
  const spec = (size: number, strut: string, spaceBefore: number, spaceAfter: number): StyleSpec => {
    const { descent, height } = strutLine(fonts.get(strut)!, size, theme.text.lineHeight);
    const latin = fonts.get(latinStrut);
    const cap = latin ? MOST_OVER_LATIN * strutLine(latin, size, theme.text.lineHeight).height : Infinity;
    const pitch = grid ?? Math.min(height, cap);
    return {
      size,
      pitch,
      // The leading above the text, as Word and LibreOffice set an exact line height: the
      // baseline a descent above the line's foot, so both files draw it at one height.
      ascent: pitch - descent,
      spaceBefore: onGrid(spaceBefore),
      spaceAfter: onGrid(spaceAfter),
      strut,
    };
  };
  const heading = (level: number) => spec(headingSize(level), strutOf('heading', true), theme.heading.spaceBefore, theme.heading.spaceAfter);
  const body = strutOf('body', false);
  return {
    title: spec(theme.title.size, strutOf('title', true), theme.title.spaceBefore, theme.title.spaceAfter),
    heading1: heading(1),
    heading2: heading(2),
    heading3: heading(3),
    body: spec(theme.text.size, body, theme.paragraph.spaceBefore, theme.paragraph.spaceAfter),
    field: spec(theme.text.size, body, theme.field.spaceBefore, theme.field.spaceAfter),
    note: spec(theme.footer.size, body, 0, 0),
    quote: spec(theme.text.size, body, theme.paragraph.spaceBefore, theme.paragraph.spaceAfter),
    table: spec(theme.text.size, body, 0, 0),
  };
}

/** Lines at their style's pitch, the baseline where the style's is. */
function pitched(lines: ComposedLine<RunTag>[], style: StyleSpec): ComposedLine<RunTag>[] {
  return lines.map((line) => ({ ...line, ascent: style.ascent, height: style.pitch }));
}

/** A strut's descent at a size, and the height of its line. */
function strutLine(font: LayoutFont, size: number, lineHeight: number): { descent: number; height: number } {
  const { ascent, descent, unitsPerEm } = font.font;
  const a = (ascent / unitsPerEm) * size;
  const d = (-descent / unitsPerEm) * size;
  return { descent: d, height: (a + d) * lineHeight };
}


/**
 * The warning for a block whose lines cut a word longer than the line (compose/items.ts,
 * forcedBreaks): which word, located at the block's source where it has one.
 */
function overlongWord(text: string, cutAt: number, source: BlockSource | undefined): Diagnostic {
  let start = cutAt;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  let end = cutAt;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  const word = [...stripIsolates(text.slice(start, end))];
  const shown = word.length > 24 ? `${word.slice(0, 20).join('')}…` : word.join('');
  return {
    severity: 'warning',
    rule: 'layout/overlong-word',
    message: `"${shown}" (${word.length.toLocaleString('en')} characters) is longer than a line: the PDF breaks it across lines, with no hyphen`,
    ...(source ? { file: source.file, line: source.line, column: source.column, field: source.field } : {}),
    suggestion: 'put spaces in it, or shorten it',
  };
}
