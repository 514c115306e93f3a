import type { ComposedLine, Piece, PlacedGlyph } from '../../compose/types.js';

/**
 * Draws composed lines into pdfkit's page content: glyph ids at the positions the
 * composer chose (so justification, CJK–Latin gaps and right-to-left order are exactly
 * as composed), through the font's own subset and ToUnicode map, so the text stays
 * selectable and searchable.
 *
 * A glyph that stands for different characters in different places (Noto's Arabic
 * draws ب ت ث ن ي with one dotless body plus dot glyphs; right-to-left "(" is drawn
 * with the ")" glyph) cannot be told apart by ToUnicode alone: those clusters carry
 * their characters in an ActualText span, as LibreOffice's PDF export does.
 */

/** The part of pdfkit's EmbeddedFont this module uses. */
export interface PdfKitFont {
  id: string;
  subset: { includeGlyph(id: number): number };
  unicode: number[][];
  widths: number[];
  scale: number;
  font: { getGlyph(id: number): { advanceWidth: number } };
  ref(): unknown;
}

/** The part of pdfkit's document this module uses. */
export interface PdfKitDocument {
  page: { height: number; fonts: Record<string, unknown> };
  save(): void;
  restore(): void;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  addContent(content: string): void;
}

/** What the PDF renderer attaches to each run it hands the composer. */
export interface RunTag {
  color?: string;
}

const number = (n: number) => {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** A PDF text string in UTF-16BE with a byte order mark, as ActualText wants it. */
export function textString(text: string): string {
  let out = '<FEFF';
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i)).toUpperCase();
  return `${out}>`;
}

const codePoints = (text: string) => [...text].map((c) => c.codePointAt(0)!);
const sameCodePoints = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Draws one line whose box starts at (left, top), in pdfkit's top-down coordinates.
 * All its pieces are written under one transformation: a span of ActualText is read
 * where its glyphs stand but under the transformation in force where it ends, so a
 * span that outlived a q…Q would be read somewhere else on the page.
 */
export function drawLine(doc: PdfKitDocument, line: ComposedLine<RunTag>, left: number, top: number, fontFor: (key: string) => PdfKitFont): void {
  const pieces = line.pieces.filter((p) => p.glyphs.length);
  if (!pieces.length) return;
  const baseline = top + line.ascent;
  const ops: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const next = pieces[i + 1];
    // Right to left, a closing mark after a number or a Latin word ("2023.") stands at
    // the far left, apart from them: one span says they read "2023." together.
    if (line.rtl && next && piece.rtl && !next.rtl && isPunctuation(piece) && follows(piece, next)) {
      ops.push(`/Span <</ActualText ${textString(readingText(next) + readingText(piece))}>> BDC`);
      ops.push(...textObject(doc, piece, left, baseline, fontFor, false), ...textObject(doc, next, left, baseline, fontFor, false), 'EMC');
      i++;
      continue;
    }
    ops.push(...textObject(doc, piece, left, baseline, fontFor, true));
  }
  doc.save();
  // pdfkit's pages are set up top-down; text is written in PDF's own bottom-up space.
  doc.transform(1, 0, 0, -1, 0, doc.page.height);
  doc.addContent(ops.join('\n'));
  doc.restore();
}

/** A piece's characters in reading order. */
const readingText = (piece: Piece<RunTag>) =>
  [...piece.clusters]
    .sort(([a], [b]) => a - b)
    .map(([, text]) => text)
    .join('')
    .replace(/[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu, '');
const isPunctuation = (piece: Piece<RunTag>) => /^[\p{P}\s]+$/u.test(readingText(piece));
/** Whether `piece` comes right after `before` in reading order. */
const follows = (piece: Piece<RunTag>, before: Piece<RunTag>) => Math.min(...piece.clusters.keys()) > Math.max(...before.clusters.keys());

/** A piece as one text object (BT … ET), in PDF's bottom-up coordinates. */
function textObject(doc: PdfKitDocument, piece: Piece<RunTag>, left: number, baseline: number, fontFor: (key: string) => PdfKitFont, actualText: boolean): string[] {
  const font = fontFor(piece.font.key);
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  const x = left + piece.x;
  const y = doc.page.height - (baseline - piece.rise);
  return [
    `${fillColor(piece.tag?.color)} rg`,
    'BT',
    `1 0 0 1 ${number(x)} ${number(y)} Tm`,
    `/${font.id} ${number(piece.size)} Tf`,
    ...glyphOperators(piece, font, actualText),
    'ET',
  ];
}

/** "#444444" as PDF's RGB fill operands; black where none is given. */
function fillColor(hex: string | undefined): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
  return m ? m.slice(1).map((h) => number(parseInt(h, 16) / 255)).join(' ') : '0 0 0';
}

/** TJ arrays placing each glyph where the composer put it, with ActualText where ToUnicode cannot say. */
function glyphOperators(piece: Piece<RunTag>, font: PdfKitFont, actualText: boolean): string[] {
  const ops: string[] = [];
  let tj: string[] = [];
  const flush = () => {
    if (tj.length) ops.push(`[${tj.join(' ')}] TJ`);
    tj = [];
  };
  let pen = 0;
  let rise = 0;
  const draw = (g: PlacedGlyph, gid: number) => {
    if (g.dy !== rise) {
      flush();
      ops.push(`${number(g.dy)} Ts`);
      rise = g.dy;
    }
    const adjust = g.x - pen;
    if (Math.abs(adjust) > 1e-4) tj.push(number((-adjust * 1000) / piece.size));
    tj.push(`<${hex4(gid)}>`);
    pen = g.x + (font.widths[gid]! * piece.size) / 1000;
  };
  const text = (cluster: number) => piece.clusters.get(cluster) ?? '';
  /** Puts the glyph into the font's subset; a glyph first seen `means` those code points. */
  const include = (id: number, means: number[]) => {
    const gid = font.subset.includeGlyph(id);
    font.widths[gid] ??= font.font.getGlyph(id).advanceWidth * font.scale;
    font.unicode[gid] ??= means;
    return gid;
  };
  /** Glyphs in a span whose ActualText is `reading`; without one where `reading` is undefined. */
  const span = (reading: string | undefined, glyphs: [PlacedGlyph, number][]) => {
    flush();
    if (reading !== undefined) ops.push(`/Span <</ActualText ${textString(reading)}>> BDC`);
    for (const [g, gid] of glyphs) draw(g, gid);
    flush();
    if (reading !== undefined) ops.push('EMC');
  };

  // A cluster's base glyphs carry its characters; its dots and marks are drawn after
  // all of them, in a span that reads as nothing: text extraction takes a character's
  // place from its glyphs, and a zero-width mark standing inside its letter would read
  // as a step backwards, splitting the line.
  const marks: [PlacedGlyph, number][] = [];
  for (const group of readingGroups(piece)) {
    // The glyphs on the baseline (a mark alone, where nothing else is).
    const onBaseline = (cluster: PlacedGlyph[]) => (cluster.some((g) => g.dy === 0) ? cluster.filter((g) => g.dy === 0) : cluster.slice(0, 1));
    const bases = group.flatMap(onBaseline);
    let conflict = group.length > 1;
    const glyphs = bases.map((g, k): [PlacedGlyph, number] => {
      const means = k === 0 || bases[k - 1]!.cluster !== g.cluster ? codePoints(text(g.cluster)) : [];
      const gid = include(g.id, means);
      if (!sameCodePoints(font.unicode[gid]!, means)) conflict = true;
      return [g, gid];
    });
    for (const cluster of group) for (const g of cluster) if (!bases.includes(g)) marks.push([g, include(g.id, [])]);
    if (conflict && actualText) span(group.map((c) => c[0]!.cluster).sort((a, b) => a - b).map(text).join(''), glyphs);
    else for (const [g, gid] of glyphs) draw(g, gid);
  }
  if (marks.length) span(actualText ? '' : undefined, marks);
  flush();
  if (rise) ops.push('0 Ts');
  return ops;
}

/**
 * The piece's glyphs by cluster, in drawing order; right to left, a punctuation mark
 * joins the letter it belongs to ("ة." closing a word, "(ا" opening one) where the
 * two are drawn side by side, so what reads as one is extracted as one.
 */
function readingGroups(piece: Piece<RunTag>): PlacedGlyph[][][] {
  const clusters = groupBy(piece.glyphs, (g) => g.cluster);
  if (!piece.rtl) return clusters.map((c) => [c]);
  const text = (c: PlacedGlyph[]) => piece.clusters.get(c[0]!.cluster) ?? '';
  const punctuation = (c: PlacedGlyph[]) => /^\p{P}+$/u.test(text(c));
  const groups: PlacedGlyph[][][] = [];
  for (const cluster of clusters) {
    const last = groups[groups.length - 1];
    const previous = last?.[last.length - 1];
    // Drawn left to right, a right-to-left word's logical end comes first.
    const adjacent = previous && Math.abs(previous[0]!.cluster - cluster[0]!.cluster) <= Math.max(text(previous).length, text(cluster).length);
    if (last && adjacent && (punctuation(previous) !== punctuation(cluster)) && last.length < 2) last.push(cluster);
    else groups.push([cluster]);
  }
  return groups;
}

/** Consecutive items with the same key, as groups. */
function groupBy<T, K>(items: T[], key: (item: T) => K): T[][] {
  const groups: T[][] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && key(last[0]!) === key(item)) last.push(item);
    else groups.push([item]);
  }
  return groups;
}
