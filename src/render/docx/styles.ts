import { AlignmentType, LineRuleType } from 'docx';
import type { BlockStyle, Indents, StyleSpec } from '../../layout/blocks.js';
import type { Role } from '../../document/runs.js';
import { directionOf, isSetSolid } from '../../text/script.js';
import type { Theme } from '../../theme/theme.js';
import { wordAlignment } from './note-mark.js';
import { halfPoints, twips } from './units.js';

/**
 * The Word styles: every layout value a reader sees lives in a named style, so a
 * colleague who changes "Body Text" in Word changes every paragraph; each states the
 * layout's line pitch as an exact line height, and its spacing.
 */

export const styleIds = {
  body: 'BodyText',
  field: 'ProfileField',
  label: 'ProfileLabel',
  list: 'ListParagraph',
  listItem: 'ListItem',
  quote: 'Quote',
  tableText: 'TableText',
  caption: 'Caption',
  title: 'Title',
  heading: (level: number) => `Heading${level}`,
} as const;

/** Word's language settings for a tag: Latin, East Asian and complex-script text each have a slot. */
export function wordLanguage(lang: string): { value: string; eastAsia?: string; bidirectional?: string } {
  return { value: lang, ...(isSetSolid(lang) ? { eastAsia: lang } : {}), ...(directionOf(lang) === 'rtl' ? { bidirectional: lang } : {}) };
}

/** The fonts of a role's styles, slot by slot. */
type RoleFonts = (role: Role) => { ascii: string; hAnsi: string; eastAsia?: string; cs?: string };

/** The layout's indents (layout/blocks.ts), in twips as the DOCX states them (grid.ts). */
export type WordIndents = Record<keyof Indents, number>;

export function wordStyles(theme: Theme, styles: Record<BlockStyle, StyleSpec>, roleFonts: RoleFonts, lang: string, rtl: boolean, indents: WordIndents, kashida = false) {
  const em = theme.text.size;
  // Where the layout justifies with kashidas, Word is asked to as well (ST_Jc's
  // mediumKashida: Word's middle length, near the composer's two tatweels); the line
  // breaks stay Word's own, which kashidas do not move.
  const justified = kashida ? AlignmentType.MEDIUM_KASHIDA : AlignmentType.JUSTIFIED;
  const bidi = rtl ? { bidirectional: true } : {};
  // Each style states the layout's pitch as an exact line height and its spacing, so
  // Word and LibreOffice set the lines the PDF sets, as many to a page.
  const spacing = (name: BlockStyle) => ({
    line: twips(styles[name].pitch),
    lineRule: LineRuleType.EXACT,
    before: twips(styles[name].spaceBefore),
    after: twips(styles[name].spaceAfter),
  });
  const bodyParagraph = {
    alignment: justified,
    indent: { firstLine: indents.firstLine },
    spacing: spacing('body'),
  };
  // Outline levels follow the document, as the PDF's tags do: the title is its one
  // first-level heading (H1), Heading n is level n + 1 (H2–H4). Word's navigation pane,
  // a table of contents and LibreOffice's tagged PDF export all read these levels.
  const heading = (level: 1 | 2 | 3) => ({
    basedOn: 'Normal',
    next: styleIds.body,
    quickFormat: true,
    run: { font: roleFonts('heading'), size: halfPoints(styles[`heading${level}`].size), sizeComplexScript: halfPoints(styles[`heading${level}`].size), bold: true, boldComplexScript: true },
    paragraph: { keepNext: true, outlineLevel: level, indent: { left: indents.heading }, spacing: spacing(`heading${level}`) },
  });

  // Notes, at the page's foot or after the text, in the layout's note style.
  const noteText = {
    run: { size: halfPoints(styles.note.size), sizeComplexScript: halfPoints(styles.note.size) },
    paragraph: { spacing: spacing('note'), alignment: justified },
  };
  return {
      default: {
        document: {
          run: {
            font: roleFonts('body'),
            size: halfPoints(em),
            sizeComplexScript: halfPoints(em),
            language: wordLanguage(lang),
          },
          // Word's own widow and orphan control (two lines at a page's foot and head), as the PDF's.
          // docx types the defaults without widowControl, but writes it: two lines at a
          // page's foot and head, as the PDF keeps them.
          paragraph: { spacing: spacing('body'), ...({ widowControl: true } as object), ...bidi },
        },
        title: {
          run: { font: roleFonts('title'), size: halfPoints(theme.title.size), sizeComplexScript: halfPoints(theme.title.size), bold: true, boldComplexScript: true },
          paragraph: {
            alignment: AlignmentType.CENTER,
            keepNext: true,
            outlineLevel: 0,
            spacing: spacing('title'),
          },
        },
        heading1: heading(1),
        heading2: heading(2),
        heading3: heading(3),
        listParagraph: { paragraph: bodyParagraph },
        footnoteText: noteText,
        endnoteText: noteText,
      },
      paragraphStyles: [
        { id: styleIds.body, name: 'Body Text', basedOn: 'Normal', quickFormat: true, paragraph: bodyParagraph },
        { id: styleIds.listItem, name: 'List', basedOn: 'Normal', quickFormat: true, paragraph: { alignment: justified, spacing: spacing('body') } },
        {
          id: styleIds.quote,
          name: 'Quote',
          basedOn: 'Normal',
          next: styleIds.body,
          quickFormat: true,
          paragraph: { alignment: justified, indent: { start: indents.quote, end: indents.quote }, spacing: spacing('quote') },
        },
        { id: styleIds.tableText, name: 'Table Text', basedOn: 'Normal', quickFormat: true, paragraph: { alignment: wordAlignment.start, spacing: spacing('table') } },
        {
          id: styleIds.caption,
          name: 'Caption',
          basedOn: 'Normal',
          next: styleIds.body,
          quickFormat: true,
          run: { bold: true, boldComplexScript: true },
          paragraph: { alignment: wordAlignment.start, keepNext: true, spacing: { ...spacing('table'), before: twips(styles.body.spaceBefore) } },
        },
        {
          id: styleIds.field,
          name: 'Profile Field',
          basedOn: 'Normal',
          quickFormat: true,
          paragraph: {
            alignment: justified,
            spacing: spacing('field'),
          },
        },
      ],
      characterStyles: [
        { id: styleIds.label, name: 'Profile Label', basedOn: 'DefaultParagraphFont', quickFormat: true, run: { bold: true, boldComplexScript: true } },
      ],
    };
}
