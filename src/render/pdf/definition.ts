import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ComposedLine } from '../../compose/types.js';
import type { DocumentTree } from '../../document/tree.js';
import type { FontPlan } from '../../fonts/plan.js';
import { gridPitch, mmToPt, pageLabel, type Theme } from '../../theme/theme.js';
import type { RunTag } from './draw.js';
import { fontKey, type PdfFonts } from './fonts.js';
import { layoutDocument, type ComposedBlock } from './layout.js';
import type { LineItem } from './pdfmake-hooks.js';
import { append } from '../../append.js';

export interface PdfOptions {
  /** A tagged PDF (PDF/UA-1) with a structure tree: on unless false. */
  tags?: boolean;
}

/**
 * Turns the document tree into a pdfmake document definition: the composer sets every
 * line, and pdfmake stacks them into pages. A pure function of (tree, theme, font
 * plan, fonts), so it can be tested without writing a file.
 */
export function pdfDefinition(tree: DocumentTree, theme: Theme, plan: FontPlan, fonts: PdfFonts, options: PdfOptions = {}): TDocumentDefinitions {
  const { blocks, furniture, width, direction } = layoutDocument(tree, theme, plan, fonts);
  const { margins } = theme.page;
  const label = pageLabel(theme, tree.meta.pageLabel);
  const lineNode = (line: ComposedLine<RunTag>, strut: string): Content =>
    ({ text: [{ text: '', dossier: { dossierLine: line, width, strut } satisfies LineItem }] }) as unknown as Content;
  const sideMargins = [mmToPt(margins.left), 0, mmToPt(margins.right), 0] as const;
  const strut = fontKey(plan.primary('body', tree.meta.lang), false);
  // GB/T 9704 sets page numbers on the outside edge: odd pages right, even pages left
  // (mirrored for right-to-left documents, which open from the other side).
  const outside = (page: number) => ((page % 2 === 1) !== (direction === 'rtl') ? 'end' : 'start');
  const footerAlign = (page: number) => (theme.footer.style === 'dashes' ? outside(page) : 'center');

  return {
    pageSize: theme.page.size,
    pageMargins: [mmToPt(margins.left), mmToPt(margins.top), mmToPt(margins.right), mmToPt(margins.bottom)],
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
    content: paginate(blocks, theme, lineNode),
    header: (page: number) =>
      theme.header.show && page > 1 && tree.meta.header
        ? {
            stack: furniture(tree.meta.header, theme.header.size, 'center', { color: '#444444', artifact: 'Pagination' }).map((l) => lineNode(l, strut)),
            margin: [sideMargins[0], mmToPt(margins.top) / 2, sideMargins[2], 0],
          }
        : null,
    footer: (page: number, pages: number) => ({
      stack: furniture(label.replace('{page}', String(page)).replace('{pages}', String(pages)), theme.footer.size, footerAlign(page)).map((l) =>
        lineNode(l, strut),
      ),
      margin: [sideMargins[0], mmToPt(margins.bottom) / 3, sideMargins[2], 0],
    }),
    defaultStyle: { font: plan.primary('body', tree.meta.lang).id, fontSize: theme.text.size, lineHeight: theme.text.lineHeight },
  };
}

/**
 * Blocks as pdfmake nodes that break across pages the way a typesetter breaks them:
 * a paragraph's first `orphans` lines and its last `widows` lines stay together (so
 * a paragraph of two or three lines moves whole), and a title or heading stays with
 * the first lines of what follows it.
 */
function paginate(blocks: ComposedBlock[], theme: Theme, lineNode: (line: ComposedLine<RunTag>, strut: string) => Content): Content[] {
  const { orphans, widows } = theme.pagination;
  const together = (nodes: Content[]): Content => (nodes.length === 1 ? nodes[0]! : ({ stack: nodes, unbreakable: true } as Content));
  const out: Content[] = [];
  let carried: Content | undefined;
  for (const block of blocks) {
    if (block.pageBreakAfter) {
      if (carried) out.push(carried);
      carried = undefined;
      out.push({ text: '', pageBreak: 'after' });
      continue;
    }
    const lines = block.lines.map((line) => lineNode(line, block.strut));
    if (!lines.length) continue;
    if (block.bookmark) Object.assign(lines[0] as object, { outline: true, outlineText: block.bookmark });
    const n = lines.length;
    let groups: Content[] =
      n < orphans + widows ? [together(lines)] : [together(lines.slice(0, orphans)), ...lines.slice(orphans, n - widows), together(lines.slice(n - widows))];
    groups[0] = { stack: [groups[0]!], margin: [0, block.spaceBefore, 0, 0], ...(isUnbreakable(groups[0]!) ? { unbreakable: true } : {}) } as Content;
    const last = groups.length - 1;
    groups[last] = { stack: [groups[last]!], margin: [0, 0, 0, block.spaceAfter], ...(isUnbreakable(groups[last]!) ? { unbreakable: true } : {}) } as Content;
    if (block.ruleAbove) {
      // On a line grid the rule takes one line's height, so the notes stay on the grid.
      const pitch = gridPitch(theme);
      const [above, below] = pitch ? [pitch / 2, pitch / 2] : [theme.text.size, theme.text.size / 2];
      const rule: Content = { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.5 }], margin: [0, above, 0, below] };
      groups[0] = together([rule, groups[0]!]);
    }
    if (carried) groups = [together([carried, groups[0]!]), ...groups.slice(1)];
    carried = undefined;
    if (block.keepWithNext) carried = together(groups);
    else append(out, groups);
  }
  if (carried) out.push(carried);
  return out;
}

const isUnbreakable = (node: Content) => Boolean((node as { unbreakable?: boolean }).unbreakable);
