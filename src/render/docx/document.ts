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
import type { FaceSet } from '../../fonts/manifest.js';
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
export function docxDocument(tree: DocumentTree, theme: Theme, faces: FaceSet): Document {
  const family = (role: string) => {
    const face = faces.get(role);
    if (!face) throw new Error(`theme names font "${role}", which is not in fonts/manifest.yaml`);
    return face.family;
  };
  const fontSlots = (role: string) => {
    const name = family(role);
    return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
  };
  const lang = tree.meta.lang;
  const em = theme.text.size;

  const footnotes: Record<number, { children: Paragraph[] }> = {};
  const runs = (list: Inline[], style: IRunOptions = {}): ParagraphChild[] =>
    list.flatMap((inline): ParagraphChild[] => {
      switch (inline.kind) {
        case 'text':
          return [new TextRun({ ...style, text: inline.text })];
        case 'strong':
          return runs(inline.children, { ...style, bold: true });
        case 'emphasis':
          return runs(inline.children, { ...style, font: fontSlots(theme.fonts.emphasis) });
        case 'span':
          return runs(inline.children, { ...style, language: { value: inline.lang, eastAsia: lang } });
        case 'note': {
          const id = Object.keys(footnotes).length + 1;
          footnotes[id] = { children: [new Paragraph({ style: 'FootnoteText', children: runs(inline.children) })] };
          return [new FootnoteReferenceRun(id)];
        }
      }
    });

  // Each list id of the tree is one numbering instance: a new id restarts at 1.
  const instances = new Map<string, number>();
  const paragraph = (block: Block): Paragraph => {
    switch (block.kind) {
      case 'title':
        return new Paragraph({ style: styleIds.title, children: runs(block.children) });
      case 'heading':
        return new Paragraph({ style: styleIds.heading(block.level), children: runs(block.children) });
      case 'paragraph':
        return new Paragraph({ style: styleIds.body, children: runs(block.children) });
      case 'numbered': {
        if (!instances.has(block.list)) instances.set(block.list, instances.size);
        return new Paragraph({
          style: styleIds.list,
          numbering: { reference: numberingReference, level: 0, instance: instances.get(block.list)! },
          children: runs(block.children),
        });
      }
      case 'field':
        return new Paragraph({
          style: styleIds.field,
          children: [...runs(block.label, { style: styleIds.label }), ...runs(block.value)],
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
    run: { font: fontSlots(theme.fonts.heading), size: halfPoints(size), bold: true },
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
            font: fontSlots(theme.fonts.body),
            size: halfPoints(em),
            language: { value: lang, eastAsia: lang },
          },
          paragraph: { spacing: { line: lineRule(theme.text.lineHeight) } },
        },
        title: {
          run: { font: fontSlots(theme.fonts.title), size: halfPoints(theme.title.size), bold: true },
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
