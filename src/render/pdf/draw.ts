import type { ComposedLine, Piece } from '../../compose/types.js';

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

const codePoints = (text: string) => [...text].map((c) => c.codePointAt(0)!);
const sameCodePoints = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Draws one line whose box starts at (left, top), in pdfkit's top-down coordinates. */
export function drawLine(doc: PdfKitDocument, line: ComposedLine<RunTag>, left: number, top: number, fontFor: (key: string) => PdfKitFont): void {
  const baseline = top + line.ascent;
  for (const piece of line.pieces) {
    if (!piece.glyphs.length) continue;
    const font = fontFor(piece.font.key);
    if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
    doc.save();
    if (piece.tag?.color) doc.fillColor(piece.tag.color);
    // pdfkit's pages are set up top-down; text is written in PDF's own bottom-up space.
    doc.transform(1, 0, 0, -1, 0, doc.page.height);
    const x = left + piece.x;
    const y = doc.page.height - (baseline - piece.rise);
    doc.addContent(['BT', `1 0 0 1 ${number(x)} ${number(y)} Tm`, `/${font.id} ${number(piece.size)} Tf`, ...glyphOperators(piece, font), 'ET'].join('\n'));
    doc.restore();
  }
}

/** TJ arrays placing each glyph where the composer put it, with ActualText where ToUnicode cannot say. */
function glyphOperators(piece: Piece<RunTag>, font: PdfKitFont): string[] {
  const ops: string[] = [];
  let tj: string[] = [];
  const flush = () => {
    if (tj.length) ops.push(`[${tj.join(' ')}] TJ`);
    tj = [];
  };
  let pen = 0;
  let rise = 0;
  const glyphs = [...piece.glyphs];
  for (let i = 0; i < glyphs.length; ) {
    // One cluster: the glyphs that together draw its characters.
    let j = i + 1;
    while (j < glyphs.length && glyphs[j]!.cluster === glyphs[i]!.cluster) j++;
    // The base glyph first, its dots and marks after: positions are absolute, and text
    // extraction places a cluster where its first glyph is.
    const cluster = glyphs.slice(i, j).sort((p, q) => Number(p.dy !== 0) - Number(q.dy !== 0));
    glyphs.splice(i, j - i, ...cluster);
    const text = piece.clusters.get(glyphs[i]!.cluster) ?? '';
    const wanted = codePoints(text);
    // The cluster's first glyph stands for its characters, any dots or marks split off
    // it for nothing; where a glyph already stands for something else, ActualText says.
    let actualText = false;
    const ids = cluster.map((g, k) => {
      const gid = font.subset.includeGlyph(g.id);
      font.widths[gid] ??= font.font.getGlyph(g.id).advanceWidth * font.scale;
      const means = k === 0 ? wanted : [];
      if (font.unicode[gid] == null) font.unicode[gid] = means;
      else if (!sameCodePoints(font.unicode[gid]!, means)) actualText = true;
      return gid;
    });
    if (actualText) {
      flush();
      ops.push(`/Span <</ActualText ${textString(text)}>> BDC`);
    }
    for (let k = i; k < j; k++) {
      const g = glyphs[k]!;
      const gid = ids[k - i]!;
      if (g.dy !== rise) {
        flush();
        ops.push(`${number(g.dy)} Ts`);
        rise = g.dy;
      }
      const adjust = g.x - pen;
      if (Math.abs(adjust) > 1e-4) tj.push(number((-adjust * 1000) / piece.size));
      tj.push(`<${hex4(gid)}>`);
      pen = g.x + (font.widths[gid]! * piece.size) / 1000;
    }
    if (actualText) {
      flush();
      ops.push('EMC');
    }
    i = j;
  }
  flush();
  if (rise) ops.push('0 Ts');
  return ops;
}
