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
  fillColor(color: string): void;
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

/** A cluster's code points; one array per distinct text, never changed (pdfkit only reads its ToUnicode entries). */
const pointsOf = new Map<string, number[]>();
const codePoints = (text: string) => {
  let points = pointsOf.get(text);
  if (!points) pointsOf.set(text, (points = [...text].map((c) => c.codePointAt(0)!)));
  return points;
};
const sameCodePoints = (a: number[], b: number[]) => a === b || (a.length === b.length && a.every((v, i) => v === b[i]));
/** A cluster's glyphs with its base glyph first, its marks after; as they are where none is raised. */
const baseFirst = (cluster: PlacedGlyph[]) =>
  cluster.every((g) => g.dy === 0) ? cluster : [...cluster].sort((p, q) => Number(p.dy !== 0) - Number(q.dy !== 0));

/** Draws one line whose box starts at (left, top), in pdfkit's top-down coordinates. */
export function drawLine(doc: PdfKitDocument, line: ComposedLine<RunTag>, left: number, top: number, fontFor: (key: string) => PdfKitFont): void {
  const pieces = line.pieces.filter((p) => p.glyphs.length);
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const next = pieces[i + 1];
    // Right to left, a closing mark after a number or a Latin word ("2023.") stands at
    // the far left, apart from them: one span says they read "2023." together.
    if (line.rtl && next && piece.rtl && !next.rtl && isPunctuation(piece) && follows(piece, next)) {
      doc.addContent(`/Span <</ActualText ${textString(readingText(next) + readingText(piece))}>> BDC`);
      drawPiece(doc, piece, left, top + line.ascent, fontFor, false);
      drawPiece(doc, next, left, top + line.ascent, fontFor, false);
      doc.addContent('EMC');
      i++;
      continue;
    }
    drawPiece(doc, piece, left, top + line.ascent, fontFor, true);
  }
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

function drawPiece(doc: PdfKitDocument, piece: Piece<RunTag>, left: number, baseline: number, fontFor: (key: string) => PdfKitFont, actualText: boolean): void {
  const font = fontFor(piece.font.key);
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  doc.save();
  if (piece.tag?.color) doc.fillColor(piece.tag.color);
  // pdfkit's pages are set up top-down; text is written in PDF's own bottom-up space.
  doc.transform(1, 0, 0, -1, 0, doc.page.height);
  const x = left + piece.x;
  const y = doc.page.height - (baseline - piece.rise);
  doc.addContent(['BT', `1 0 0 1 ${number(x)} ${number(y)} Tm`, `/${font.id} ${number(piece.size)} Tf`, ...glyphOperators(piece, font, actualText), 'ET'].join('\n'));
  doc.restore();
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

  for (const group of readingGroups(piece)) {
    // The base glyph of each cluster first, its marks after: extraction places a
    // cluster where its first glyph is. A cluster's first glyph stands for its
    // characters, any dots or marks split off it for nothing; where a glyph already
    // stands for something else, or a group joins clusters, ActualText says.
    const ordered = group.length === 1 ? baseFirst(group[0]!) : group.flatMap(baseFirst);
    let conflict = group.length > 1;
    const glyphs = ordered.map((g, k): [PlacedGlyph, number] => {
      const means = k === 0 || ordered[k - 1]!.cluster !== g.cluster ? codePoints(text(g.cluster)) : [];
      const gid = font.subset.includeGlyph(g.id);
      font.widths[gid] ??= font.font.getGlyph(g.id).advanceWidth * font.scale;
      font.unicode[gid] ??= means;
      if (!sameCodePoints(font.unicode[gid]!, means)) conflict = true;
      return [g, gid];
    });
    if (conflict && actualText) {
      flush();
      const reading = group.map((c) => c[0]!.cluster).sort((a, b) => a - b).map(text).join('');
      ops.push(`/Span <</ActualText ${textString(reading)}>> BDC`);
      for (const [g, gid] of glyphs) draw(g, gid);
      flush();
      ops.push('EMC');
    } else for (const [g, gid] of glyphs) draw(g, gid);
  }
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
