import { composeParagraph } from '../../compose/paragraph.js';
import type { Alignment, ComposedLine, ComposeRun, ParagraphStyle } from '../../compose/types.js';
import { blockRuns, noteLabel, runsOf, type Role, type StyledRun } from '../../document/runs.js'; // note mark (issue 24)
import { itemNumbers, numberLabel } from '../../document/text.js';
import type { Block, BlockSource, DocumentTree, Inline } from '../../document/tree.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StructureTarget } from './structure.js';
import type { FontPlan } from '../../fonts/plan.js';
import { directionOf } from '../../text/script.js';
import { gridPitch, textBlock, type Theme } from '../../theme/theme.js';
import type { RunTag } from './draw.js';
import { fontKey, type PdfFonts } from './fonts.js';

/** A block set in lines, with what pagination needs to know about it. */
export interface ComposedBlock {
  lines: ComposedLine<RunTag>[];
  spaceBefore: number;
  spaceAfter: number;
  /** Never the last thing on a page: a title or heading stays with what follows. */
  keepWithNext: boolean;
  bookmark?: string;
  pageBreakAfter?: boolean;
  /** A rule above the block (the line over the notes). */
  ruleAbove?: boolean;
  /** The font key standing for the block's line metrics. */
  strut: string;
}

/** Superscript footnote references: pdfmake's proportions, kept from the first release. */
const SUPERSCRIPT_SIZE = 0.58;
const SUPERSCRIPT_RISE = 0.75;

const RIGHT_TO_LEFT_ISOLATE = '\u2067';
const LEFT_TO_RIGHT_ISOLATE = '\u2066';
const POP_ISOLATE = '\u2069';

/**
 * The document's blocks set in lines by the composer, each with the theme's sizes,
 * spacing and alignment; then the notes. Page furniture is set per page, later, with
 * `furniture`.
 */
export function layoutDocument(tree: DocumentTree, theme: Theme, plan: FontPlan, fonts: PdfFonts) {
  const lang = tree.meta.lang;
  const direction = directionOf(lang);
  const { width } = textBlock(theme);
  const em = theme.text.size;
  const numbers = itemNumbers(tree.blocks);
  const notes: Inline[][] = [];
  const noteSources: (BlockSource | undefined)[] = [];

  /**
   * Styled runs cut where the face changes, each with its composer font. A stretch in a
   * language written the other way (an Arabic quotation in Chinese text) is isolated
   * (UAX #9's RLI…PDI, as HTML's <bdi>), so its words keep their own order as a whole.
   */
  const composeRuns = (runs: StyledRun[], size: number, tagOf: (run: StyledRun, index: number) => RunTag = () => ({})): ComposeRun<RunTag>[] => {
    const out: ComposeRun<RunTag>[] = [];
    let isolated = false;
    const control = (text: string): ComposeRun<RunTag> => ({ ...out.at(-1)!, text });
    for (const [index, run] of runs.entries()) {
      const tag = tagOf(run, index);
      const other = directionOf(run.lang) !== direction;
      const segments = plan.segment(run.text, run.role, run.bold, run.lang).map((segment): ComposeRun<RunTag> => ({
        text: segment.text,
        font: fonts.compose.get(fontKey(segment.face, run.bold))!,
        size: run.note ? size * SUPERSCRIPT_SIZE : size,
        ...(run.note ? { rise: size * SUPERSCRIPT_SIZE * SUPERSCRIPT_RISE, attached: true, noAutospace: true } : {}),
        tag,
      }));
      if (!segments.length) continue;
      if (isolated && !other) out.push(control(POP_ISOLATE));
      if (!isolated && other) out.push({ ...segments[0]!, text: direction === 'ltr' ? RIGHT_TO_LEFT_ISOLATE : LEFT_TO_RIGHT_ISOLATE });
      isolated = other;
      for (const segment of segments) out.push(segment);
    }
    if (isolated) out.push(control(POP_ISOLATE));
    return out;
  };
  const strutOf = (role: Role, bold: boolean) => fontKey(plan.primary(role, lang), bold);
  const style = (role: Role, bold: boolean, size: number, align: Alignment, extra: Partial<ParagraphStyle> = {}): ParagraphStyle => ({
    width,
    align,
    direction,
    lang,
    autospace: theme.text.autospace,
    lineHeight: theme.text.lineHeight,
    strut: { font: fonts.compose.get(strutOf(role, bold))!, size },
    ...extra,
  });
  /**
   * Where each run goes in the tagged PDF's structure tree: its block's element, or an
   * inline one (a field's label, an item's number, a note reference, a span of text in
   * another language: one Span for each stretch of runs in that language).
   */
  const structure = (runs: StyledRun[], block: number, type: StructureTarget['type'], extra: Partial<StructureTarget> = {}, numbered = false): RunTag[] => {
    let spans = 0;
    return runs.map((run, i): RunTag => {
      if (i > 0 && run.lang !== runs[i - 1]!.lang) spans++;
      const target: StructureTarget = { block, type, ...extra };
      if (run.note && type !== 'Note') target.inline = { id: `${block}:ref:${run.note}`, type: 'Reference' };
      else if (run.label) target.inline = { id: `${block}:label`, type: 'Span' };
      else if (numbered && i === 0) target.inline = { id: `${block}:number`, type: 'Lbl' };
      else if (run.lang !== lang) target.inline = { id: `${block}:lang:${spans}`, type: 'Span', lang: run.lang };
      return { structure: target };
    });
  };
  const warnings: Diagnostic[] = [];
  const set = (runs: StyledRun[], size: number, paragraph: ParagraphStyle, tags: RunTag[] | undefined, source: BlockSource | undefined) => {
    const composed = composeRuns(runs, size, tags ? (_, i) => tags[i]! : undefined);
    const lines = composeParagraph(composed, paragraph);
    const cut = lines.find((line) => line.cut);
    if (cut) warnings.push(overlongWord(composed.map((run) => run.text).join(''), cut.end, source));
    return lines;
  };

  const headingSize = (level: number) => [theme.heading.size, theme.heading.size * 0.9, theme.text.size][level - 1]!;
  const blocks: ComposedBlock[] = [];
  // Numbered paragraphs parted by other blocks are lists of their own in the structure tree.
  let list = 0;
  let previous: Block['kind'] | undefined;
  for (const [index, block] of tree.blocks.entries()) {
    if (block.kind === 'numbered' && previous !== 'numbered') list++;
    previous = block.kind;
    const marks = 'bookmark' in block && block.bookmark ? { bookmark: block.bookmark } : {};
    const notesBefore = notes.length;
    const runs = blockRuns(block, lang, notes);
    // A note is set after the text; a problem in it is reported at the block it is in.
    for (let i = notesBefore; i < notes.length; i++) noteSources[i] = 'source' in block ? block.source : undefined;
    switch (block.kind) {
      case 'title':
        blocks.push({
          lines: set(runs, theme.title.size, style('title', true, theme.title.size, 'center', { balance: true }), structure(runs, index, 'H1'), block.source),
          spaceBefore: theme.title.spaceBefore,
          spaceAfter: theme.title.spaceAfter,
          keepWithNext: true,
          strut: strutOf('title', true),
          ...marks,
        });
        break;
      case 'heading': {
        const size = headingSize(block.level);
        const indent = theme.heading.indent * em;
        const lines = set(runs, size, style('heading', true, size, 'start', { width: width - indent }), structure(runs, index, `H${block.level + 1}` as StructureTarget['type']), block.source);
        blocks.push({
          // Set narrower by the indent; left to right, moved over by it (right to left, the
          // narrower measure already leaves it free at the right).
          lines: direction === 'rtl' ? lines : lines.map((line) => ({ ...line, pieces: line.pieces.map((piece) => ({ ...piece, x: piece.x + indent })) })),
          spaceBefore: theme.heading.spaceBefore,
          spaceAfter: theme.heading.spaceAfter,
          keepWithNext: true,
          strut: strutOf('heading', true),
          ...marks,
        });
        break;
      }
      case 'paragraph':
      case 'numbered': {
        const label: StyledRun[] = block.kind === 'numbered' ? [{ text: numberLabel(theme.numbering.format ?? tree.meta.numbering, numbers.get(block)!), role: 'body', bold: false, lang }] : [];
        blocks.push({
          lines: set(
            [...label, ...runs],
            em,
            style('body', false, em, (block.kind === 'paragraph' && block.align) || 'justify', { indent: block.kind === 'paragraph' && block.align ? 0 : theme.paragraph.firstLineIndent * em, hyphenate: true }), // align (issue 24)
            block.kind === 'numbered' ? structure([...label, ...runs], index, 'LBody', { list: `${block.list}#${list}` }, true) : structure(runs, index, 'P'),
            block.source,
          ),
          spaceBefore: theme.paragraph.spaceBefore,
          spaceAfter: theme.paragraph.spaceAfter,
          keepWithNext: false,
          strut: strutOf('body', false),
          ...marks,
        });
        break;
      }
      case 'field':
        blocks.push({
          lines: set(runs, em, style('body', false, em, 'justify', { hyphenate: true }), structure(runs, index, 'P'), block.source),
          spaceBefore: theme.field.spaceBefore,
          spaceAfter: theme.field.spaceAfter,
          keepWithNext: false,
          strut: strutOf('body', false),
          ...marks,
        });
        break;
      case 'pageBreak':
        blocks.push({ lines: [], spaceBefore: 0, spaceAfter: 0, keepWithNext: false, pageBreakAfter: true, strut: strutOf('body', false) });
        break;
    }
  }

  // Notes, after a short rule: each its number raised, then its text in the footer size.
  const size = theme.footer.size;
  notes.forEach((note, i) => {
    const mark: StyledRun = { text: `${noteLabel(notes, i)} `, role: 'body', bold: false, lang, note: i + 1 }; // note mark (issue 24)
    const runs = [mark, ...runsOf(note, { role: 'body', bold: false, lang }, [])];
    blocks.push({
      lines: set(runs, size, style('body', false, size, 'justify', { hyphenate: true }), structure(runs, tree.blocks.length + i, 'Note', { noteId: `note-${i + 1}` }), noteSources[i]),
      spaceBefore: 0,
      spaceAfter: 0,
      keepWithNext: false,
      ...(i === 0 ? { ruleAbove: true } : {}),
      strut: strutOf('body', false),
    });
  });

  // On a line grid every line is one pitch tall, set around its middle, and space
  // between blocks is whole lines: pages keep their lines at the same heights, and a
  // page that ends short (a paragraph moved for its widows) is left short, not stretched.
  const pitch = gridPitch(theme);
  if (pitch) {
    const onGrid = (space: number) => Math.round(space / pitch) * pitch;
    for (const block of blocks) {
      block.lines = block.lines.map((line) => ({ ...line, ascent: line.ascent - (line.height - pitch) / 2, height: pitch }));
      block.spaceBefore = onGrid(block.spaceBefore);
      block.spaceAfter = onGrid(block.spaceAfter);
    }
  }

  /** A line of page furniture (page number, running header), set when its page is known. */
  const furniture = (text: string, furnitureSize: number, align: Alignment, tag: RunTag = { artifact: 'Pagination' }): ComposedLine<RunTag>[] => {
    const runs = plan.segment(text, 'body', false, lang).map(
      (segment): ComposeRun<RunTag> => ({ text: segment.text, font: fonts.compose.get(fontKey(segment.face, false))!, size: furnitureSize, tag }),
    );
    return composeParagraph(runs, style('body', false, furnitureSize, align));
  };
  return { blocks, furniture, width, direction, warnings };
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
  const word = [...text.slice(start, end).replace(/[\u2066-\u2069]/g, '')];
  const shown = word.length > 24 ? `${word.slice(0, 20).join('')}…` : word.join('');
  return {
    severity: 'warning',
    rule: 'layout/overlong-word',
    message: `"${shown}" (${word.length.toLocaleString('en')} characters) is longer than a line: the PDF breaks it across lines, with no hyphen`,
    ...(source ? { file: source.file, line: source.line, column: source.column, field: source.field } : {}),
    suggestion: 'put spaces in it, or shorten it',
  };
}
