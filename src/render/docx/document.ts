import {
  AlignmentType,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  LevelFormat,
  LevelSuffix,
  PageBreak,
  PageNumber,
  Paragraph,
  TextRun,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import type { Block, DocumentTree, Inline } from '../../document/tree.js';
import type { Face } from '../../fonts/manifest.js';
import type { FontPlan, Role } from '../../fonts/plan.js';
import { pageLabel, type Theme } from '../../theme/theme.js';

/** Word measures in twentieths of a point (twips) and half-points. */
const twips = (pt: number) => Math.round(pt * 20);
const halfPoints = (pt: number) => Math.round(pt * 2);
const mmToTwips = (mm: number) => Math.round((mm * 1440) / 25.4);
/** `w:line` for "auto" spacing is in 240ths of a single line. */
const lineRule = (multiple: number) => Math.round(multiple * 240);

/** "第 {page} 页 共 {pages} 页" as text runs around Word's PAGE and NUMPAGES fields. */
function pageFields(label: string): (string | (typeof PageNumber)[keyof typeof PageNumber])[] {
  return label.split(/(\{page\}|\{pages\})/).filter(Boolean).map((part) =>
    part === '{page}' ? PageNumber.CURRENT : part === '{pages}' ? PageNumber.TOTAL_PAGES : part,
  );
}

export const styleIds = {
  body: 'BodyText',
  field: 'ProfileField',
  label: 'ProfileLabel',
  list: 'ListParagraph',
  title: 'Title',
  heading: (level: number) => `Heading${level}`,
} as const;

const numberingReference = 'numbered-paragraphs';

/**
 * Builds the Word document for a tree: named styles carry every layout value, so a
 * user who changes "Body Text" in Word changes every paragraph; numbered paragraphs
 * use one real numbering definition; footnotes are Word footnotes.
 */
export function docxDocument(tree: DocumentTree, theme: Theme, plan: FontPlan): Document {
  const fontSlots = (face: Face) => ({ ascii: face.family, hAnsi: face.family, eastAsia: face.family, cs: face.family });
  const roleFont = (role: Role) => fontSlots(plan.primary(role));
  const lang = tree.meta.lang;
  const em = theme.text.size;

  // Styles name each role's first face; a run that the font plan gives to another
  // face of the chain (a rare character, a symbol) names that face itself.
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  // `drawn` is how the text is drawn (for the font plan); `style` is the run's own
  // formatting on top of its paragraph or character style.
  interface Drawn {
    role: Role;
    bold: boolean;
    /** The role whose face the paragraph style already names. */
    styled: Role;
  }
  const runs = (list: Inline[], drawn: Drawn, style: IRunOptions = {}): ParagraphChild[] =>
    list.flatMap((inline): ParagraphChild[] => {
      switch (inline.kind) {
        case 'text':
          return plan.segment(inline.text, drawn.role, drawn.bold).map(
            ({ text, face }) =>
              new TextRun({ ...style, text, ...(face !== plan.primary(drawn.styled) ? { font: fontSlots(face) } : {}) }),
          );
        case 'strong':
          return runs(inline.children, { ...drawn, bold: true }, { ...style, bold: true });
        case 'emphasis':
          return runs(inline.children, { ...drawn, role: 'emphasis', styled: 'emphasis' }, { ...style, font: roleFont('emphasis') });
        case 'span':
          return runs(inline.children, drawn, { ...style, language: { value: inline.lang, eastAsia: lang } });
        case 'note': {
          const id = Object.keys(footnotes).length + 1;
          footnotes[id] = { children: [new Paragraph({ style: 'FootnoteText', children: runs(inline.children, body) })] };
          return [new FootnoteReferenceRun(id)];
        }
      }
    });
  const body: Drawn = { role: 'body', bold: false, styled: 'body' };

  // Each list id of the tree is one numbering instance: a new id restarts at 1.
  const instances = new Map<string, number>();
  const paragraph = (block: Block): Paragraph => {
    switch (block.kind) {
      case 'title':
        return new Paragraph({ style: styleIds.title, children: runs(block.children, { role: 'title', bold: true, styled: 'title' }) });
      case 'heading':
        return new Paragraph({ style: styleIds.heading(block.level), children: runs(block.children, { role: 'heading', bold: true, styled: 'heading' }) });
      case 'paragraph':
        return new Paragraph({ style: styleIds.body, children: runs(block.children, body) });
      case 'numbered': {
        if (!instances.has(block.list)) instances.set(block.list, instances.size);
        return new Paragraph({
          style: styleIds.list,
          numbering: { reference: numberingReference, level: 0, instance: instances.get(block.list)! },
          children: runs(block.children, body),
        });
      }
      case 'field':
        return new Paragraph({
          style: styleIds.field,
          children: [...runs(block.label, { ...body, bold: true }, { style: styleIds.label }), ...runs(block.value, body)],
        });
      case 'pageBreak':
        return new Paragraph({ children: [new PageBreak()] });
    }
  };
  const children = tree.blocks.map(paragraph);

  const footer = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new Footer({
      children: [
        new Paragraph({
          alignment,
          children: [new TextRun({ size: halfPoints(theme.footer.size), children: pageFields(pageLabel(theme, tree.meta.pageLabel)) })],
        }),
      ],
    });
  const header = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: tree.meta.header, size: halfPoints(theme.header.size), color: '444444' })],
      }),
    ],
  });
  const emptyHeader = new Header({ children: [new Paragraph({})] });
  // GB/T 9704 sets page numbers on the outside edge: odd pages right, even pages left.
  const outside = theme.footer.style === 'dashes';
  const margins = theme.page.margins;
  const bodyParagraph = {
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: twips(theme.paragraph.firstLineIndent * em) },
    spacing: { before: twips(theme.paragraph.spaceBefore), after: twips(theme.paragraph.spaceAfter) },
  };
  const heading = (size: number, spacing: { spaceBefore: number; spaceAfter: number }) => ({
    basedOn: 'Normal',
    next: styleIds.body,
    quickFormat: true,
    run: { font: roleFont('heading'), size: halfPoints(size), bold: true },
    paragraph: { keepNext: true, spacing: { before: twips(spacing.spaceBefore), after: twips(spacing.spaceAfter) } },
  });

  return new Document({
    title: tree.meta.title,
    creator: tree.meta.author,
    lastModifiedBy: tree.meta.author,
    subject: tree.meta.subject,
    keywords: tree.meta.keywords.join('; '),
    description: tree.meta.subject,
    revision: 1,
    features: { updateFields: false },
    evenAndOddHeaderAndFooters: theme.footer.style === 'dashes',
    footnotes,
    styles: {
      default: {
        document: {
          run: {
            font: roleFont('body'),
            size: halfPoints(em),
            language: { value: lang, eastAsia: lang },
          },
          paragraph: { spacing: { line: lineRule(theme.text.lineHeight) } },
        },
        title: {
          run: { font: roleFont('title'), size: halfPoints(theme.title.size), bold: true },
          paragraph: {
            alignment: AlignmentType.CENTER,
            keepNext: true,
            spacing: { before: twips(theme.title.spaceBefore), after: twips(theme.title.spaceAfter) },
          },
        },
        heading1: heading(theme.heading.size, theme.heading),
        heading2: heading(theme.heading.size * 0.9, theme.heading),
        heading3: heading(theme.text.size, theme.heading),
        listParagraph: { paragraph: bodyParagraph },
        footnoteText: { run: { size: halfPoints(theme.footer.size) } },
      },
      paragraphStyles: [
        { id: styleIds.body, name: 'Body Text', basedOn: 'Normal', quickFormat: true, paragraph: bodyParagraph },
        {
          id: styleIds.field,
          name: 'Profile Field',
          basedOn: 'Normal',
          quickFormat: true,
          paragraph: {
            alignment: AlignmentType.JUSTIFIED,
            spacing: { before: twips(theme.field.spaceBefore), after: twips(theme.field.spaceAfter) },
          },
        },
      ],
      characterStyles: [{ id: styleIds.label, name: 'Profile Label', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { bold: true } }],
    },
    numbering: {
      config: [
        {
          reference: numberingReference,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: theme.numbering.format,
              alignment: AlignmentType.LEFT,
              // The number sits in the first-line indent and the text follows it
              // directly, as in Chinese official documents ("1、…"), no tab.
              suffix: LevelSuffix.NOTHING,
              style: { paragraph: { indent: { left: 0, firstLine: twips(theme.paragraph.firstLineIndent * em) } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          // The first page has a header (and footer) of its own: no running header there.
          titlePage: true,
          page: {
            size: theme.page.size === 'A4' ? { width: mmToTwips(210), height: mmToTwips(297) } : { width: 12240, height: 15840 },
            margin: {
              top: mmToTwips(margins.top),
              bottom: mmToTwips(margins.bottom),
              left: mmToTwips(margins.left),
              right: mmToTwips(margins.right),
            },
          },
        },
        footers: outside
          ? { default: footer(AlignmentType.RIGHT), even: footer(AlignmentType.LEFT), first: footer(AlignmentType.RIGHT) }
          : { default: footer(AlignmentType.CENTER), first: footer(AlignmentType.CENTER) },
        headers:
          theme.header.show && tree.meta.header
            ? { default: header, first: emptyHeader, ...(outside ? { even: header } : {}) }
            : {},
        children,
      },
    ],
  });
}
