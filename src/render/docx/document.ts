import {
  AlignmentType,
  Bookmark,
  Document,
  ExternalHyperlink,
  EndnoteReferenceRun,
  FootnoteReferenceRun,
  LastRenderedPageBreak,
  LevelFormat,
  LevelSuffix,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { blockRuns, runsOf, type Role, type StyledRun } from '../../document/runs.js';
import { customMarkReference, wordAlignment } from './note-mark.js';
import { atBreaks, byDirection, isolatesAt, rightToLeftAt } from './directions.js';
import { cellStretches, gridLabelSize, gridScale, indentTwips, latinUndetermined, sectionGrid } from './grid.js';
import { pageSection } from './page.js';
import { styleIds, wordLanguage, wordStyles } from './styles.js';
import { halfPoints, twips } from './units.js';
import { numberFollowedBySpace } from '../../document/text.js';
import type { Block, DocumentTree, Inline, ListStyle } from '../../document/tree.js';
import { columnEdges, LABEL_GAP } from '../../layout/columns.js';
import type { Face } from '../../fonts/manifest.js';
import type { FontPlan } from '../../font-plan/plan.js';
import type { LayoutDecisions } from '../../layout/layout.js';
import { canHyphenate } from '../../text/hyphenation.js';
import type { RunDirections } from '../../layout/runs.js';
import { directionOf, hasIdeographs, isSetSolid, writingSystem } from '../../text/script.js';
import type { Theme } from '../../theme/theme.js';
import { blockIds, type BlockIds, type TableIds } from '../../revise/ids.js';




const numberingReference = 'numbered-paragraphs';


/**
 * Builds the Word document for a tree: named styles carry every layout value, so a
 * user who changes "Body Text" in Word changes every paragraph; numbered paragraphs
 * use one real numbering definition; footnotes are Word footnotes. Word composes its
 * own lines from the same styled runs the PDF is set from: right-to-left paragraphs
 * are `w:bidi`, Arabic runs `w:rtl` with their complex-script font, size and weight,
 * and every run names the face the font plan chose for its characters.
 */
export function docxDocument(
  tree: DocumentTree,
  theme: Theme,
  plan: FontPlan,
  decisions: LayoutDecisions,
  familyNames: ReadonlyMap<string, string> = new Map(),
  ids: BlockIds = blockIds(tree),
): Document {
  const { geometry, styles } = decisions;
  const lineBreaks = new Map(decisions.lineBreaks);
  /** Where pages start in each block's text (layout.ts, pageStarts). */
  const pageStarts = new Map<number, number[]>();
  for (const [block, offset] of decisions.pageStarts) pageStarts.set(block, [...(pageStarts.get(block) ?? []), offset]);
  const rowStarts = new Set(decisions.rowStarts.map(([block, row]) => `${block}:${row}`));
  /** Where Word last put a page break: a run of its own, which readers that do not paginate break at. */
  const pageMark = () => new TextRun({ children: [new LastRenderedPageBreak()] });
  const blockDirections = new Map(decisions.directions.blocks);
  const noteDirections = new Map(decisions.directions.notes);
  const lang = tree.meta.lang;
  const rtl = directionOf(lang) === 'rtl';
  const numbering = theme.numbering.format ?? tree.meta.numbering;
  const eastAsian = isSetSolid(lang);
  const em = theme.text.size;

  /**
   * A face in the font slots text uses: Latin always, East Asian only for Chinese text
   * (a style: for a Chinese document), complex script for right-to-left text. A face
   * embedded under a family name of its own (embedded-fonts.ts) is named by that.
   */
  const slots = (face: Face, eastAsia: boolean, complex: boolean) => {
    const family = familyNames.get(face.family) ?? face.family;
    return { ascii: family, hAnsi: family, ...(eastAsia ? { eastAsia: family } : {}), ...(complex ? { cs: family } : {}) };
  };
  /** What a role's styles name: its face for the document's language. */
  const roleFonts = (role: Role) => slots(plan.primary(role, lang), eastAsian, rtl);

  const footnotes: Record<number, { children: Paragraph[] }> = {};
  const endnoteTexts: Record<number, { children: Paragraph[] }> = {};
  const endnotes = decisions.notePlacement === 'endnotes';
  const notes: Inline[][] = [];
  /**
   * Word runs for styled runs: cut where the face changes (the font plan) and where
   * the direction changes; a run names its own face only where its style does not,
   * and its own language only where the document's is not it.
   */
  const wordRuns = (runs: StyledRun[], styledRole: Role, styledBold: boolean, breaks: number[] = [], directions?: RunDirections, scale?: number, pages: number[] = []): ParagraphChild[] => {
    // Right-to-left runs are those the layout's bidi levels put at an odd level, and the
    // text carries the isolates the layout put around a span written the other way: Word
    // and LibreOffice run the bidi algorithm on the text, so they order it as the PDF does
    // ("Human Rights Council." keeps its full stop inside Arabic; ")" after "CWAN" is the Arabic's).
    const rtlAt = rightToLeftAt(directions);
    const isolates = isolatesAt(directions);
    let at = 0;
    /** Page starts not yet marked: each once, before the first run or piece at or after it. */
    const unmarked = [...pages];
    const marksBefore = (offset: number): TextRun[] => {
      const due = unmarked.filter((page) => page <= offset);
      unmarked.splice(0, due.length);
      return due.length ? [pageMark()] : [];
    };
    const children = runs.flatMap((run): ParagraphChild[] => {
      const start = at;
      at += run.text.length;
      if (run.lineBreak) return [...marksBefore(start), new TextRun({ break: 1 })];
      const before = [...marksBefore(start), ...isolates(start)];
      if (run.note) {
        // Word footnotes, or Word endnotes where the layout sets the notes after the text.
        const collected = endnotes ? endnoteTexts : footnotes;
        const id = Object.keys(collected).length + 1;
        const children = wordRuns(runsOf(notes[run.note - 1]!, { role: 'body', bold: false, lang }, []), 'body', false, [], noteDirections.get(run.note - 1));
        collected[id] = { children: [new Paragraph({ style: endnotes ? 'EndnoteText' : 'FootnoteText', ...(rtl ? { bidirectional: true } : {}), children })] };
        if (!/^\d+$/.test(run.text)) return [...before, customMarkReference(id, run.text, endnotes ? 'endnote' : 'footnote')];
        return [...before, endnotes ? new EndnoteReferenceRun(id) : new FootnoteReferenceRun(id)];
      }
      const role = run.role === 'emphasis' ? 'emphasis' : styledRole;
      const styled = plan.primary(role, lang);
      let offset = start;
      const children = plan.segment(run.text, run.role, run.bold, run.lang).flatMap(({ text, face }) => {
        const chunks = atBreaks(byDirection(text, rtlAt, offset), [...breaks, ...unmarked]);
        offset += text.length;
        // On the grid, characters that take a cell are drawn at the width that gives each one cell (grid.ts).
        const stretches = (text: string): [string, boolean][] => (scale && !run.script ? cellStretches(text) : [[text, false]]);
        return chunks.flatMap((chunk) => {
          const made = stretches(chunk.text).map(([text, cells], k) => {
          const options: IRunOptions = {
            text,
            ...(chunk.breakBefore && k === 0 && breaks.includes(chunk.start) ? { break: 1 } : {}),
            ...(cells ? { scale } : {}),
            ...(run.label ? { style: styleIds.label } : {}),
            ...(run.bold && !styledBold && !run.label ? { bold: true, boldComplexScript: true } : {}),
            ...(chunk.rtl ? { rightToLeft: true } : {}),
            ...(face !== styled || (chunk.rtl && !rtl) || (hasIdeographs(chunk.text) && !eastAsian) || run.role === 'emphasis'
              ? { font: slots(face, hasIdeographs(chunk.text), rtl || chunk.rtl) }
              : {}),
            ...(run.lang !== lang ? { language: wordLanguage(run.lang) } : scale && !cells && eastAsian ? { language: latinUndetermined(lang) } : {}),
            ...(run.script === 'super' ? { superScript: true } : run.script === 'sub' ? { subScript: true } : {}),
          };
          return new TextRun(options);
          });
          return [...marksBefore(chunk.start), ...made];
        });
      });
      // A link is Word's w:hyperlink, its address an external relationship.
      return (before as ParagraphChild[]).concat(run.link ? [new ExternalHyperlink({ link: run.link, children })] : children);
    });
    return children.concat(isolates(at));
  };
  const bidi = rtl ? { bidirectional: true } : {};
  const grid = sectionGrid(decisions, em);
  /** The width (w:w) of cell characters at a size, in blocks the layout set on the grid. */
  const onGrid = (size: number) => (grid ? gridScale(size, grid.charSpace) : undefined);
  const headingSizes = [styles.heading1.size, styles.heading2.size, styles.heading3.size];

  // Each list id of the tree is one numbering instance: a new id restarts at 1.
  const instances = new Map<string, number>();
  // Each list of the body is a numbering definition of its own, a level for each depth.
  const lists = new Map<string, (ListStyle | undefined)[]>();
  // The indents as the layout set them (on a grid, whole cells).
  const indentOf = indentTwips(decisions, em);
  const indents = { firstLine: indentOf(decisions.indents.firstLine), heading: indentOf(decisions.indents.heading), list: indentOf(decisions.indents.list), quote: indentOf(decisions.indents.quote) };
  /** A paragraph's runs inside the hidden bookmark that names where its text comes from (revise/ids.ts). */
  const identified = (name: string | undefined, children: ParagraphChild[]): ParagraphChild[] => (name ? [new Bookmark({ id: name, children })] : children);
  const paragraph = (block: Block, index: number): Paragraph | Table | (Paragraph | Table)[] => {
    const pages = pageStarts.get(index);
    if (block.kind === 'table') return table(block, pages, (row) => rowStarts.has(`${index}:${row}`), ids.tables.get(index));
    const runs = blockRuns(block, lang, notes);
    const directions = blockDirections.get(index);
    const textRuns = (runs: StyledRun[], styledRole: Role, styledBold: boolean, breaks: number[] = [], directions?: RunDirections, scale?: number, pages?: number[]) =>
      identified(ids.blocks[index], wordRuns(runs, styledRole, styledBold, breaks, directions, scale, pages));
    switch (block.kind) {
      case 'listItem': {
        const levels = lists.get(block.list) ?? [];
        levels[block.level - 1] ??= block.style;
        lists.set(block.list, levels);
        return new Paragraph({ style: styleIds.listItem, ...bidi, numbering: { reference: `list:${block.list}`, level: block.level - 1 }, children: textRuns(runs, 'body', false, [], directions, onGrid(em), pages) });
      }
      case 'quote':
        return new Paragraph({ style: styleIds.quote, ...bidi, ...(block.attribution ? { alignment: wordAlignment.end } : {}), children: textRuns(runs, 'body', false, [], directions, onGrid(em), pages) });
      case 'title':
        return new Paragraph({ style: styleIds.title, ...bidi, children: textRuns(runs, 'title', true, lineBreaks.get(index), directions, undefined, pages) });
      case 'heading':
        return new Paragraph({ style: styleIds.heading(block.level), ...bidi, children: textRuns(runs, 'heading', true, [], directions, onGrid(headingSizes[block.level - 1]!), pages) });
      case 'paragraph':
        return new Paragraph({ style: styleIds.body, ...bidi, ...(block.align ? { alignment: wordAlignment[block.align] } : {}), children: textRuns(runs, 'body', false, [], directions, onGrid(em), pages) });
      case 'numbered': {
        if (!instances.has(block.list)) instances.set(block.list, instances.size);
        return new Paragraph({
          style: styleIds.list,
          ...bidi,
          numbering: { reference: numberingReference, level: 0, instance: instances.get(block.list)! },
          children: textRuns(runs, 'body', false, [], directions, onGrid(em), pages),
        });
      }
      case 'field':
        return new Paragraph({ style: styleIds.field, ...bidi, children: textRuns(runs, 'body', false, [], directions, onGrid(em), pages) });
      case 'pageBreak':
        return new Paragraph({ children: [new PageBreak()] });
    }
  };
  /**
   * A table as Word makes one: its columns the layout's widths, every row kept on one
   * page (w:cantSplit), the header row repeated on each page (w:tblHeader); the caption
   * a paragraph before it, kept with it.
   */
  const { paddingX, paddingY } = theme.table;
  const table = (block: Extract<Block, { kind: 'table' }>, pages: number[] | undefined, startsPage: (row: number) => boolean, cellIds: TableIds | undefined): (Paragraph | Table)[] => {
    const out: (Paragraph | Table)[] = [];
    // Bold where the layout sets it bold; a run says so itself unless its style is bold (Caption is, Table Text is not).
    const cellRuns = (cell: Inline[], bold: boolean, styledBold: boolean, name: string | undefined, pages?: number[]) =>
      identified(name, wordRuns(runsOf(cell, { role: 'body', bold, lang }, notes), 'body', styledBold, [], undefined, undefined, pages));
    if (block.caption) out.push(new Paragraph({ style: styleIds.caption, ...bidi, children: cellRuns(block.caption, true, true, cellIds?.caption, pages) }));
    const columns = block.header.length;
    const edges = columnEdges(block.widths, columns, geometry.text.width);
    const widths = Array.from({ length: columns }, (_, c) => twips(edges[c + 1]!) - twips(edges[c]!));
    /** A row; one a page starts with has the mark in its first cell, where Word writes it. */
    const row = (cells: Inline[][], header: boolean, names: (string | undefined)[] = [], pageStart = false) =>
      new TableRow({
        cantSplit: true,
        ...(header ? { tableHeader: true } : {}),
        children: widths.map(
          (width, c) =>
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              children: [new Paragraph({ style: styleIds.tableText, ...bidi, children: [...(pageStart && c === 0 ? [pageMark()] : []), ...cellRuns(cells[c] ?? [], header, false, names[c])] })],
            }),
        ),
      });
    out.push(
      new Table({
        rows: [row(block.header, true, cellIds?.header), ...block.rows.map((cells, r) => row(cells, false, cellIds?.rows[r], startsPage(r)))],
        width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        margins: { left: twips(paddingX), right: twips(paddingX), top: twips(paddingY), bottom: twips(paddingY) },
        ...(rtl ? { visuallyRightToLeft: true } : {}),
      }),
    );
    return out;
  };
  const children = tree.blocks.flatMap((block, i) => paragraph(block, i));
  /** A list's levels as Word's: each level's label in its step, the text after it. */
  const listLevels = (styles: (ListStyle | undefined)[]): ILevelsOptions[] =>
    styles.map((style, level) => ({
      level,
      ...wordListLevel(style ?? 'bullet', level, writingSystem(lang) === 'Arab'),
      // Set flush against the text, as the PDF sets it: the label ends a gap before the text.
      alignment: AlignmentType.END,
      suffix: LevelSuffix.TAB,
      style: { paragraph: { indent: { start: indentOf(decisions.indents.list * (level + 1)), hanging: twips(LABEL_GAP * em) } } },
    }));

  return new Document({
    title: tree.meta.title,
    creator: tree.meta.author,
    lastModifiedBy: tree.meta.author,
    subject: tree.meta.subject,
    keywords: tree.meta.keywords.join('; '),
    description: tree.meta.subject,
    revision: 1,
    features: { updateFields: false },
    // Word hyphenates as the composer does: no more than two hyphenated line ends in a
    // row, words in capitals left whole (Word's nearest to leaving names whole), in its
    // default zone of a quarter inch.
    ...(canHyphenate(lang)
      ? { hyphenation: { autoHyphenation: true, consecutiveHyphenLimit: 2, doNotHyphenateCaps: !theme.text.hyphenateCapitalized, hyphenationZone: 360 } }
      : {}),
    evenAndOddHeaderAndFooters: decisions.geometry.pageNumber.odd !== decisions.geometry.pageNumber.even,
    footnotes,
    endnotes: endnoteTexts,
    styles: wordStyles(theme, styles, roleFonts, lang, rtl, indents, decisions.kashida),
    numbering: {
      config: [
        {
          reference: numberingReference,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: numbering,
              alignment: AlignmentType.LEFT,
              // The number sits in the first-line indent; the text follows it directly
              // in Chinese ("1、…") and after a space elsewhere ("1. …", "1- …"), no tab.
              suffix: numberFollowedBySpace(numbering) ? LevelSuffix.SPACE : LevelSuffix.NOTHING,
              // On the grid the number's "、" takes one cell, as the text's marks do: LibreOffice
              // draws a number at full width whatever its w:w, so it is set in the size that fits.
              style: { paragraph: { indent: { left: 0, firstLine: indents.firstLine } }, ...(grid && onGrid(em) ? { run: { size: gridLabelSize(grid.charSpace, em) } } : {}) },
            },
          ],
        },
        ...[...lists].map(([list, levels]) => ({ reference: `list:${list}`, levels: listLevels(levels) })),
      ],
    },
    sections: [
      {
        ...pageSection(tree, theme, decisions, rtl),
        children,
      },
    ],
  });
}

/** Word's numbering format and label text for a list style at a level (0-based): listLabel's labels, counted by Word. */
function wordListLevel(style: ListStyle, level: number, arabic: boolean): Pick<ILevelsOptions, 'format' | 'text'> {
  const n = `%${level + 1}`;
  switch (style) {
    case 'bullet':
      return { format: LevelFormat.BULLET, text: '\u2022' };
    case '1.':
      return { format: LevelFormat.DECIMAL, text: `${n}.` };
    case '(a)':
      return { format: arabic ? LevelFormat.ARABIC_ABJAD : LevelFormat.LOWER_LETTER, text: `(${n})` };
    case 'a)':
      return { format: arabic ? LevelFormat.ARABIC_ABJAD : LevelFormat.LOWER_LETTER, text: `${n})` };
    case '(i)':
      return arabic ? { format: LevelFormat.DECIMAL, text: `\u2019${n}\u2018` } : { format: LevelFormat.LOWER_ROMAN, text: `(${n})` };
  }
}
