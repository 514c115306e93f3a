import type { Content, ContentText, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { itemNumbers } from '../../document/text.js';
import type { Block, DocumentTree, Inline } from '../../document/tree.js';
import type { FontPlan, Role } from '../../fonts/plan.js';
import { mmToPt, pageLabel, type Theme } from '../../theme/theme.js';
import { keepTailTogether, withAutospace } from './inline-layout.js';

/**
 * Turns the document tree into a pdfmake document definition: a pure function of
 * (tree, theme, font plan), so it can be tested without writing a file.
 */
export function pdfDefinition(tree: DocumentTree, theme: Theme, plan: FontPlan): TDocumentDefinitions {
  const notes: Inline[][] = [];
  const numbers = itemNumbers(tree.blocks);
  const em = theme.text.size;
  const { margins } = theme.page;

  // pdfmake does not pass a parent's style down into nested text arrays, so the
  // inline tree is flattened into leaves that each carry their whole style, and
  // each leaf names the face that draws it (the font plan's per-character fallback).
  type Style = Omit<ContentText, 'text'>;
  const leaves = (text: string, role: Role, style: Style): ContentText[] =>
    plan.segment(text, role, Boolean(style.bold)).map((run) => ({ ...style, text: run.text, font: run.face.id }));
  const inlines = (list: Inline[], role: Role, style: Style = {}): ContentText[] =>
    list.flatMap((inline): ContentText[] => {
      switch (inline.kind) {
        case 'text':
          return leaves(inline.text, role, style);
        case 'strong':
          return inlines(inline.children, role, { ...style, bold: true });
        case 'emphasis':
          return inlines(inline.children, 'emphasis', style);
        case 'span':
          return inlines(inline.children, role, style);
        case 'note':
          notes.push(inline.children);
          return leaves(String(notes.length), 'body', { ...style, bold: false, sup: true });
      }
    });

  const gapFor = (leaf: ContentText) => ((leaf.fontSize as number | undefined) ?? em) * theme.text.autospace;
  const spaced = (list: ContentText[]) => keepTailTogether(withAutospace(list, gapFor));
  const text = (list: Inline[], role: Role, style: Style = {}) => spaced(inlines(list, role, style));

  const outline = (block: Block) =>
    'bookmark' in block && block.bookmark ? { outline: true, outlineText: block.bookmark } : {};

  const content: Content[] = tree.blocks.map((block): Content => {
    switch (block.kind) {
      case 'title':
        return { text: text(block.children, 'title', { bold: true }), style: 'title', ...outline(block) };
      case 'heading':
        return { text: text(block.children, 'heading', { bold: true }), style: `heading${block.level}`, ...outline(block) };
      case 'paragraph':
        return { text: text(block.children, 'body'), style: 'body', ...outline(block) };
      case 'numbered': {
        const label = theme.numbering.format.replace('%1', String(numbers.get(block)));
        return { text: spaced([...leaves(label, 'body', {}), ...inlines(block.children, 'body')]), style: 'body', ...outline(block) };
      }
      case 'field':
        return {
          text: spaced([...inlines(block.label, 'body', { bold: true }), ...inlines(block.value, 'body')]),
          style: 'field',
          ...outline(block),
        };
      case 'pageBreak':
        return { text: '', pageBreak: 'after' };
    }
  });

  if (notes.length) {
    content.push({
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.5 }],
      margin: [0, em, 0, em / 2],
    });
    notes.forEach((note, i) =>
      content.push({ text: [...leaves(`${i + 1} `, 'body', { sup: true }), ...text(note, 'body')], style: 'note' }),
    );
  }

  const heading = (size: number, spacing: { spaceBefore: number; spaceAfter: number }) => ({
    fontSize: size,
    bold: true,
    margin: [0, spacing.spaceBefore, 0, spacing.spaceAfter] as [number, number, number, number],
  });
  const label = pageLabel(theme, tree.meta.pageLabel);
  const footerText = (page: number, pages: number) => label.replace('{page}', String(page)).replace('{pages}', String(pages));
  // GB/T 9704 sets page numbers on the outside edge: odd pages right, even pages left.
  const footerAlignment = (page: number) => (theme.footer.style === 'dashes' ? (page % 2 ? 'right' : 'left') : 'center');
  const sideMargins = [mmToPt(margins.left), 0, mmToPt(margins.right), 0] as const;

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
    content,
    header: (page: number) =>
      theme.header.show && page > 1 && tree.meta.header
        ? {
            text: leaves(tree.meta.header, 'body', {}),
            fontSize: theme.header.size,
            alignment: 'center',
            color: '#444444',
            margin: [sideMargins[0], mmToPt(margins.top) / 2, sideMargins[2], 0],
          }
        : null,
    footer: (page: number, pages: number) => ({
      text: leaves(footerText(page, pages), 'body', {}),
      alignment: footerAlignment(page),
      fontSize: theme.footer.size,
      margin: [sideMargins[0], mmToPt(margins.bottom) / 3, sideMargins[2], 0],
    }),
    defaultStyle: {
      font: plan.primary('body').id,
      fontSize: em,
      lineHeight: theme.text.lineHeight,
    },
    styles: {
      body: {
        alignment: 'justify',
        leadingIndent: theme.paragraph.firstLineIndent * em,
        margin: [0, theme.paragraph.spaceBefore, 0, theme.paragraph.spaceAfter],
      },
      field: { alignment: 'justify', margin: [0, theme.field.spaceBefore, 0, theme.field.spaceAfter] },
      title: { ...heading(theme.title.size, theme.title), alignment: 'center' },
      heading1: heading(theme.heading.size, theme.heading),
      heading2: heading(theme.heading.size * 0.9, theme.heading),
      heading3: heading(theme.text.size, theme.heading),
      note: { fontSize: theme.footer.size, alignment: 'justify' },
    },
  };
}

/**
 * pdfmake's font table: one entry per face, by id, naming the files by their keys in
 * pdfmake's virtual file system (see render.ts). CJK faces have no italic: upright.
 */
