/**
 * The document tree: the single intermediate representation between the templates
 * and the renderers (pandoc's AST, in small). Templates produce it; the PDF and DOCX
 * renderers consume it and nothing else. It holds content and structure, never
 * layout values: those come from the theme.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'emphasis'; children: Inline[] }
  /** A run in another language than the document's, e.g. an English acronym. */
  | { kind: 'span'; lang: string; children: Inline[] }
  /**
   * A footnote, anchored where it stands; its text is the children. `mark` is a symbol
   * drawn instead of a number ("*": the UN marks a title's or a line's note so).
   */
  | { kind: 'note'; children: Inline[]; source?: BlockSource; mark?: string }
  /** A link: an https:, http: or mailto: address (checked where it is written), its text the children. */
  | { kind: 'link'; href: string; children: Inline[] }
  /** Raised or lowered smaller text: French "74e", Spanish "74º", H₂O. */
  | { kind: 'script'; position: 'super' | 'sub'; children: Inline[] }
  /** A line break inside a paragraph (an address, a signature). */
  | { kind: 'break'; children: [] };

/** How a list's items are labelled: bullets, 1. 2., (a) (b), (i) (ii), a) b). */
export const listStyles = ['bullet', '1.', '(a)', '(i)', 'a)'] as const;
export type ListStyle = (typeof listStyles)[number];

/** A table cell's text. */
export type Cell = Inline[];

/**
 * Where each text of a table was written, shaped as the table (its caption, its header
 * cells, each row's cells), so a problem in row 2, cell 3 is reported there and not at
 * the table's first text (its `source`).
 */
export interface CellSources {
  caption?: BlockSource;
  header: (BlockSource | undefined)[];
  rows: (BlockSource | undefined)[][];
}

/**
 * Where a block comes from: the content field its text was written in (or, for a block
 * a template makes, the template and the field it prints), so a problem found in the
 * rendered text, an id in the DOCX or a layout diagnostic points back at the YAML.
 */
export interface BlockSource {
  /** The file, as diagnostics print it (relative to the working directory when possible). */
  file: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. `body[3].paragraph`; for a template's block, `template:profile.hbs`. */
  field: string;
  /** The language of the text the block holds. */
  lang: string;
  /** The `id:` of the body entry the text belongs to, where the content gives one: the DOCX's id then survives entries moving. */
  entry?: string;
  /** The block's text is a document template's wording around this field (a fact, a label), not a text written in the content. */
  template?: boolean;
}

interface Bookmarked {
  /** Text of the PDF outline entry / DOCX heading bookmark pointing here. */
  bookmark?: string;
  /** Where the block's text was written; absent only for blocks with no text of their own. */
  source?: BlockSource;
}

export type Block =
  | ({ kind: 'title'; children: Inline[] } & Bookmarked)
  | ({ kind: 'heading'; level: 1 | 2 | 3; children: Inline[] } & Bookmarked)
  /** `align`: set at the start, centred or at the end of the line (a masthead's symbol, a date set right) rather than justified. */
  | ({ kind: 'paragraph'; children: Inline[]; align?: 'start' | 'center' | 'end' } & Bookmarked)
  /** A paragraph of a numbered list; items with the same `list` count on together. */
  | ({ kind: 'numbered'; list: string; children: Inline[] } & Bookmarked)
  /**
   * An item of a list, at its nesting level (1 to 3). Items of one `list` (a body entry
   * with its nested lists) count together: a level's count restarts after an item of a
   * shallower level. `after`: the list follows a numbered paragraph and belongs to it
   * (the UN's "1. … (a) … (b) …"), which numbering the next paragraph continues.
   */
  | ({ kind: 'listItem'; list: string; level: 1 | 2 | 3; style: ListStyle; after?: boolean; children: Inline[] } & Bookmarked)
  /** A paragraph of a block quotation; `attribution`: the line naming its source. Parts with one `quote` id are one quotation. */
  | ({ kind: 'quote'; quote: string; attribution?: boolean; children: Inline[] } & Bookmarked)
  /**
   * A table: header cells, rows of cells (never more than the header's), an optional
   * caption. `widths`: each column's share of the measure in percent, where given.
   */
  | ({ kind: 'table'; caption?: Inline[]; widths: (number | undefined)[]; header: Cell[]; rows: Cell[][]; cellSources?: CellSources } & Bookmarked)
  /** A "label: value" line, such as the profile's facts. */
  | ({ kind: 'field'; label: Inline[]; value: Inline[] } & Bookmarked)
  | { kind: 'pageBreak' };

export interface DocumentMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** BCP 47 tag of the main language, e.g. zh-CN. */
  lang: string;
  /** Creation date; comes from the content, never from the clock. */
  date: Date;
  /** Running header text (pages after the first, where the theme shows one). */
  header: string;
  /** Page label with {page} and {pages}, e.g. "第 {page} 页 共 {pages} 页". */
  pageLabel: string;
  /** How numbered paragraphs are labelled in this language; %1 is the number: "%1、", "%1.", "%1-". */
  numbering: string;
}

export interface DocumentTree {
  meta: DocumentMeta;
  blocks: Block[];
}

export type BlockKind = Block['kind'];
