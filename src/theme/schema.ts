import { z } from 'zod';
import { chainSchema, userFaceSchema } from '../fonts/manifest.js';

/** Layout values shared by both renderers; see themes/un.yaml for units. */
const spacing = { spaceBefore: z.number().nonnegative().default(0), spaceAfter: z.number().nonnegative().default(0) };

export const themeSchema = z.strictObject({
  page: z.strictObject({
    // Any case: "Letter", "letter" and "LETTER" are one size.
    size: z.preprocess((value) => (typeof value === 'string' ? value.toUpperCase() : value), z.enum(['A4', 'LETTER'])),
    margins: z.strictObject({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() }),
  }),
  /** Font chain (fonts/manifest.yaml or `chains` below) for each role. */
  fonts: z.strictObject({ body: z.string(), heading: z.string(), title: z.string(), emphasis: z.string() }),
  /** Faces of the user's own, by path (relative to the theme file): TTF, OTF, or a TTC face by index. */
  faces: z.record(z.string(), userFaceSchema).default({}),
  /** Chains added or replaced: face ids in priority order, for every language or per writing system. */
  chains: z.record(z.string(), chainSchema).default({}),
  text: z.strictObject({
    size: z.number().positive(),
    lineHeight: z.number().positive(),
    /** Gap between Chinese and Latin letters or digits, in em (Word's autospace is about 0.25). */
    autospace: z.number().min(0).max(1).default(0.25),
    /**
     * A line grid (GB/T 9704: 22 lines a page): every line, the title's and the notes'
     * too, is exactly the text block's height divided by this ("exactly" line spacing
     * in Word), and space between blocks is whole lines, so lines stand at the same
     * heights on every page. lineHeight then does not apply.
     */
    linesPerPage: z.number().int().min(10).max(80).optional(),
    /**
     * A character grid (GB/T 9704: 28 characters a line): Chinese and Japanese text sets
     * each ideograph, kana and full-width mark in one cell of the measure divided by this
     * (Word's "lines and characters" grid); Latin letters and digits keep their own widths,
     * a stretch of them filling whole cells. Indents given in em count cells. Applies to
     * documents in a language set solid (zh, ja), to the body's paragraphs, headings,
     * fields, lists and quotations; titles, notes, tables and page furniture are off it.
     */
    charactersPerLine: z.number().int().min(10).max(80).optional(),
    /**
     * Adjacent full-width punctuation (”）, ），, ）。) set half-width, as CLREQ and JLREQ
     * allow (`compress`); or each mark in its full cell, as on a character grid (`grid`).
     */
    punctuation: z.enum(['compress', 'grid']).default('compress'),
    /** Whether words that start with a capital (names: Genève, Женева) may be hyphenated. */
    hyphenateCapitalized: z.boolean().default(false),
    /**
     * How justified Arabic lines are filled: `spaces` stretches the word spaces only;
     * `kashida` stretches them a little, then elongates words with tatweels where the
     * script allows (ALReq: one kashida a word, between two joining letters, after seen
     * and sad, before a final ha, dal, alef…), as Arabic typesetters do. Line breaks are
     * the same either way; the Word file asks Word for its kashida justification.
     */
    arabicJustify: z.enum(['spaces', 'kashida']).default('spaces'),
  }),
  paragraph: z.strictObject({
    firstLineIndent: z.number().nonnegative(),
    /** Whether paragraphs are numbered where neither the paragraph, the submission nor the kind says (content/numbered.ts); numbered without it. */
    numbered: z.boolean().optional(),
    ...spacing,
  }),
  /** indent: each list level's step, in em: a label hangs in the step, its text starts after it. */
  list: z.strictObject({ indent: z.number().positive().default(2.5) }).default({ indent: 2.5 }),
  /** indent: a block quotation's, on both sides, in em (the UN sets quoted text indented, in the text's size). */
  quote: z.strictObject({ indent: z.number().nonnegative().default(2.5) }).default({ indent: 2.5 }),
  /** padding: space between a cell's border and its text, in points, across (x) and down (y). */
  table: z.strictObject({ paddingX: z.number().nonnegative().default(4), paddingY: z.number().nonnegative().default(2) }).default({ paddingX: 4, paddingY: 2 }),
  /** Where notes stand unless the kind's guidelines or the submission say: at the page's foot, or after the text. */
  notes: z.enum(['footnotes', 'endnotes']).optional(),
  title: z.strictObject({ size: z.number().positive(), ...spacing }),
  /** indent: every line of a heading, from the start side, in em (GB/T 9704 sets headings where paragraphs start). */
  heading: z.strictObject({ size: z.number().positive(), indent: z.number().nonnegative().default(0), ...spacing }),
  field: z.strictObject({ ...spacing }),
  /** The paragraph numbering, where a theme insists on one (GB/T 9704): otherwise each language's own. */
  numbering: z.strictObject({ format: z.string().includes('%1').optional() }).default({}),
  /** Lines of a paragraph kept together at the foot of a page (orphans) and at its head (widows). */
  pagination: z.strictObject({ orphans: z.number().int().min(1).max(5).default(2), widows: z.number().int().min(1).max(5).default(2) }).default({ orphans: 2, widows: 2 }),
  header: z.strictObject({ show: z.boolean(), size: z.number().positive() }),
  footer: z.strictObject({
    size: z.number().positive(),
    /** The page label's wording comes from the templates; `dashes` sets it as "— 1 —" (GB/T 9704). */
    style: z.enum(['label', 'dashes']).default('label'),
    /**
     * Where the page number stands, in mm below the text block: with `dashes`, the dashes'
     * centre line, from the dash glyph's ink (GB/T 9704-2012 7.5: the 一字线 7 mm below);
     * with a label, the top of its line. Without it, the line starts a third into the bottom margin.
     */
    below: z.number().nonnegative().optional(),
    /** How far in from the edge a page number set to one side stands, in em of its size (GB/T 9704: one character). */
    inset: z.number().nonnegative().default(0),
  }),
});

/** A loaded theme: its faces and chains include the bundled ones, every face path real and checked. */
export type Theme = z.infer<typeof themeSchema>;

