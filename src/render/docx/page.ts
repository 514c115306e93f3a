import { AlignmentType, DocumentGridType, Footer, Header, LineRuleType, PageNumber, Paragraph, TextRun } from 'docx';
import type { DocumentTree } from '../../document/tree.js';
import type { LayoutDecisions } from '../../layout/layout.js';
import { paragraphLevels } from '../../text/bidi.js';
import { pageLabel } from '../../theme/page.js';
import type { Theme } from '../../theme/theme.js';
import { byDirection, levelsAt } from './directions.js';
import { sectionGrid } from './grid.js';
import { wordAlignment } from './note-mark.js';
import { halfPoints, twips } from './units.js';

/**
 * The page as the layout set it, in Word's terms: its size and margins, the header's and
 * footer's distances, the page number (a field) on the side the layout put it, and the
 * running header after the first page.
 */

/** "第 {page} 页 共 {pages} 页" as text runs around Word's PAGE and NUMPAGES fields. */
function pageFields(label: string): (string | (typeof PageNumber)[keyof typeof PageNumber])[] {
  return label.split(/(\{page\}|\{pages\})/).filter(Boolean).map((part) =>
    part === '{page}' ? PageNumber.CURRENT : part === '{pages}' ? PageNumber.TOTAL_PAGES : part,
  );
}

export function pageSection(tree: DocumentTree, theme: Theme, decisions: LayoutDecisions, rtl: boolean) {
  const { geometry, styles } = decisions;
  const bidi = rtl ? { bidirectional: true } : {};
  /** Running headers are set in lines of the notes' pitch. */
  const furnitureSpacing = { line: twips(styles.note.pitch), lineRule: LineRuleType.EXACT, before: 0, after: 0 };
  // The page number's baseline where the PDF's is (the layout's geometry). Word sets an
  // exact line's baseline a descent above the line's foot, LibreOffice at four fifths of
  // its height: a line five descents tall puts both at one height, and the footer's
  // distance from the page's bottom edge (to that foot) puts the line there. A line that
  // tall must not reach above the text block, or both would shorten the page's text:
  // where the face's descent is that deep (Noto Naskh Arabic's 0.63 em under GB/T 9704's
  // 7 mm) the line is cut to fit and the foot set for LibreOffice's four fifths.
  const { footerTop, footerLine, margins, text } = geometry;
  const baseline = footerTop + footerLine.ascent;
  const numberLine = Math.min(5 * footerLine.descent, 1.25 * (baseline - (margins.top + text.height)));
  const numberSpacing = { line: twips(numberLine), lineRule: LineRuleType.EXACT, before: 0, after: 0 };
  const footer = (side: 'start' | 'center' | 'end') =>
    new Footer({
      children: [
        new Paragraph({
          alignment: wordAlignment[side],
          ...bidi,
          spacing: numberSpacing,
          // In from its side by the layout's inset (start and end read by the paragraph's direction).
          ...(side !== 'center' && geometry.pageNumber.inset ? { indent: { [side]: twips(geometry.pageNumber.inset) } } : {}),
          children: [new TextRun({ size: halfPoints(theme.footer.size), ...(rtl ? { rightToLeft: true, sizeComplexScript: halfPoints(theme.footer.size) } : {}), children: pageFields(pageLabel(theme, tree.meta.pageLabel)) })],
        }),
      ],
    });
  const header = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        ...bidi,
        spacing: furnitureSpacing,
        children: byDirection(tree.meta.header, levelsAt(paragraphLevels(tree.meta.header, rtl ? 'rtl' : 'ltr')), 0).map(
          (chunk) => new TextRun({ text: chunk.text, size: halfPoints(theme.header.size), sizeComplexScript: halfPoints(theme.header.size), color: '444444', ...(chunk.rtl ? { rightToLeft: true } : {}) }),
        ),
      }),
    ],
  });
  const emptyHeader = new Header({ children: [new Paragraph({})] });
  // Where the layout puts the page numbers; start and end read by the paragraph's direction.
  const outside = geometry.pageNumber.odd !== geometry.pageNumber.even;
  const [oddSide, evenSide] = [geometry.pageNumber.odd, geometry.pageNumber.even];
  return {
    properties: {
      // The first page has a header (and footer) of its own: no running header there.
      titlePage: true,
      page: {
        size: { width: twips(geometry.width), height: twips(geometry.height) },
        margin: {
          top: twips(geometry.margins.top),
          bottom: twips(geometry.margins.bottom),
          left: twips(geometry.margins.left),
          right: twips(geometry.margins.right),
          // Word measures the header from the page's top edge to its top, the footer
          // from the bottom edge to its line's foot.
          header: twips(geometry.headerTop),
          footer: twips(geometry.height - (baseline + numberLine / 5)),
        },
      },
      // The layout's character grid as Word's, measured on the text width in twips as Word measures it.
      ...(decisions.grid ? { grid: { type: DocumentGridType.LINES_AND_CHARS, ...sectionGrid(decisions, theme.text.size) } } : {}),
    },
    footers: outside
      ? { default: footer(oddSide), even: footer(evenSide), first: footer(oddSide) }
      : { default: footer(oddSide), first: footer(oddSide) },
    headers:
      theme.header.show && tree.meta.header
        ? { default: header, first: emptyHeader, ...(outside ? { even: header } : {}) }
        : {},
  };
}
