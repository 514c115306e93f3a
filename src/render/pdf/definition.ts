import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ComposedLine } from '../../compose/types.js';
import type { DocumentTree } from '../../document/tree.js';
import { faceName } from '../../layout/fonts.js';
import { placedLine, type Layout } from '../../layout/layout.js';
import type { Page } from '../../layout/paginate.js';
import { TABLE_RULE } from '../../layout/blocks.js';
import type { RunTag } from '../../layout/tags.js';
import { pageLabel, pageLabelOf, type Theme } from '../../theme/theme.js';
import type { LineItem } from './pdfmake-hooks.js';

export interface PdfOptions {
  /** A tagged PDF (PDF/UA-1) with a structure tree: on unless false. */
  tags?: boolean;
}

/**
 * The layout's pages as a pdfmake document definition: every line where the layout put
 * it (pdfmake draws, it does not paginate), the rule over each page's notes, and the
 * page furniture, set per page. A pure function of the tree's metadata and the layout.
 */
export function pdfDefinition(tree: DocumentTree, theme: Theme, layout: Layout, options: PdfOptions = {}): TDocumentDefinitions {
  const { geometry, direction, furniture } = layout;
  const { margins, text } = geometry;
  const label = pageLabel(theme, tree.meta.pageLabel);
  const lineNode = (line: ComposedLine<RunTag>, strut: string, x: number, y: number, extra: object = {}): Content =>
    ({ text: [{ text: '', dossier: { dossierLine: line, width: text.width, strut } satisfies LineItem }], absolutePosition: { x, y }, ...extra }) as unknown as Content;
  const strut = layout.bodyStrut;
  const footerAlign = (page: number) => (page % 2 === 1 ? geometry.pageNumber.odd : geometry.pageNumber.even);
  const furnitureLines = (lines: ComposedLine<RunTag>[], top: number, align: 'start' | 'center' | 'end' = 'center'): Content[] => {
    let y = top;
    // A line set to one side stands `inset` in from that side (start is the right, right to left).
    const toRight = (align === 'end') !== (direction === 'rtl');
    const shift = align === 'center' ? 0 : toRight ? -geometry.pageNumber.inset : geometry.pageNumber.inset;
    return lines.map((line) => {
      const node = lineNode(line, strut, margins.left + shift, y);
      y += line.height;
      return node;
    });
  };

  const content: Content[] = [];
  const pages = layout.pages.length;
  layout.pages.forEach((page, p) => {
    if (p > 0) content.push({ text: '', pageBreak: 'before' } as Content);

    for (const rule of tableRules(layout, page.body, margins.left, margins.top)) content.push(rule);
    for (const { block, line, y } of page.body) {
      const placed = placedLine(layout, block, line);
      const bookmark = line === 0 && placed.bookmark ? { outline: true, outlineText: placed.bookmark } : {};
      content.push(lineNode(placed.line, placed.strut, margins.left, margins.top + y, bookmark));
    }
    if (page.rule) {
      const { above, length } = geometry.noteRule;
      const ruleLength = page.rule.continuation ? text.width : length;
      // The rule stands at the start side of the measure: the right, right to left.
      const x = direction === 'rtl' ? margins.left + text.width - ruleLength : margins.left;
      // The line's own coordinates place it: pdfmake keeps an absolutely positioned
      // canvas at the left margin whatever x it is given.
      content.push({
        canvas: [{ type: 'line', x1: x - margins.left, y1: 0, x2: x - margins.left + ruleLength, y2: 0, lineWidth: 0.5 }],
        absolutePosition: { x: margins.left, y: margins.top + page.rule.y + above },
      } as Content);
    }
    for (const { note, line, y } of page.notes) {
      const composed = layout.notes[note]!;
      content.push(lineNode(composed.lines[line]!, composed.strut, margins.left, margins.top + y));
    }
    // The page's furniture: the running header (after the first page) and the page number.
    const number = p + 1;
    if (theme.header.show && number > 1 && tree.meta.header) {
      for (const node of furnitureLines(furniture(tree.meta.header, theme.header.size, 'center', { color: '#444444', artifact: 'Pagination' }), geometry.headerTop)) content.push(node);
    }
    const pageNumber = pageLabelOf(label, number, pages);
    for (const node of furnitureLines(furniture(pageNumber, theme.footer.size, footerAlign(number)), geometry.footerTop, footerAlign(number))) content.push(node);
  });

  return {
    pageSize: theme.page.size,
    // Every line stands where the layout put it; pdfmake's own page (no bottom margin)
    // never sees a line it thinks does not fit and moves it to another page.
    pageMargins: [margins.left, margins.top, margins.right, 0],
    language: tree.meta.lang,
    info: {
      title: tree.meta.title,
      author: tree.meta.author,
      subject: tree.meta.subject,
      keywords: tree.meta.keywords.join('; '),
      creator: 'Dossier',
      producer: 'Dossier (pdfmake)',
      // The content's date, never the clock: the same input gives the same bytes.
      creationDate: tree.meta.date,
      modDate: tree.meta.date,
    },
    displayTitle: true,
    // Tagged PDF/UA-1: a structure tree from the document tree, furniture as Artifacts
    // (structure.ts), the pdfuaid identification in the XMP metadata (PDF 1.7 has it).
    ...(options.tags === false ? {} : { tagged: true, subset: 'PDF/UA', version: '1.7' }),
    content,
    defaultStyle: { font: faceName(layout.fonts.get(strut)!.face), fontSize: theme.text.size, lineHeight: theme.text.lineHeight },
  };
}

/**
 * A table's rules on one page: each line of a row between the column edges, a rule
 * above a row's first line and below its last, and where a row runs over the page (only
 * a row taller than a page does), at the page's edge too. Drawn as canvas lines, which
 * the tagged PDF marks as Artifacts.
 */
function tableRules(layout: Layout, placed: Page['body'], left: number, top: number): Content[] {
  const out: Content[] = [];
  const line = (x1: number, y1: number, x2: number, y2: number): Content =>
    ({ canvas: [{ type: 'line', x1, y1, x2, y2, lineWidth: TABLE_RULE }], absolutePosition: { x: 0, y: 0 } }) as Content;
  placed.forEach(({ block, line: index, y }, i) => {
    const shape = layout.blocks[block]?.table; // endnotes, past the blocks, have none
    const rule = shape?.rules[index];
    if (!shape || !rule) return;
    const height = layout.blocks[block]!.lines[index]!.height;
    const [x0, x1] = [left + shape.edges[0]!, left + shape.edges[shape.edges.length - 1]!];
    const [y0, y1] = [top + y, top + y + height];
    const previous = placed[i - 1];
    const next = placed[i + 1];
    if (rule.first || previous?.block !== block || previous.line !== index - 1) out.push(line(x0, y0, x1, y0));
    if (rule.last || next?.block !== block || next.line !== index + 1) out.push(line(x0, y1, x1, y1));
    for (const edge of shape.edges) out.push(line(left + edge, y0, left + edge, y1));
  });
  return out;
}
