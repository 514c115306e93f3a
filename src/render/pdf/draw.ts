import type { ComposedLine, Piece, PlacedGlyph } from '../../compose/types.js';
import type { RunTag, StructureTarget } from '../../layout/tags.js';
import { withoutSilent } from '../../text/script.js';
import { StructureTree, type TaggingDocument } from './structure.js';

/**
 * Draws composed lines into pdfkit's page content: glyph ids at the positions the
 * composer chose (so justification, CJK–Latin gaps and right-to-left order are exactly
 * as composed), through the font's own subset and ToUnicode map, so the text stays
 * selectable and searchable, and, in a tagged PDF, as marked content of the structure
 * elements the layout named (structure.ts).
 *
 * Every glyph id of a subset says exactly what it draws: a glyph that stands for other
 * characters elsewhere (Noto's Arabic draws ب ت ث ن ي with one dotless body; right to
 * left, "(" is drawn with the ")" glyph) is drawn through a copy of its outline under
 * an id of its own. Right-to-left text is written in reading order.
 */

/** The part of pdfkit's EmbeddedFont this module uses. */
export interface PdfKitFont {
  id: string;
  /** fontkit's TTFSubset (or CFFSubset): `glyphs` lists the original ids the subset copies, in order. */
  subset: { includeGlyph(id: number): number; mapping: Record<number, number>; glyphs: number[] };
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
  /** A /Link annotation to `url` over the box (top-down coordinates); with a structParent, its OBJR joins that element. */
  link(x: number, y: number, w: number, h: number, url: string, options?: object): void;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  addContent(content: string): void;
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

/**
 * Where a line's content goes: straight into the page, or (tagged) into marked-content
 * sequences of structure elements. Sequences are never nested: poppler ends the outer
 * one at the inner one's EMC, and what reads a tagged PDF by structure loses the rest.
 * A few glyphs that must read as other text (a closing mark with what it closes) are a
 * sequence of their own, a Span with ActualText.
 */
class LineWriter {
  /** The marked content made, with the piece it belongs to, to join its element in reading order. */
  readonly marked: [StructureTarget, number, unknown][] = [];
  private open = false;

  constructor(
    private readonly doc: PdfKitDocument & Partial<TaggingDocument>,
    private readonly structure: StructureTree | undefined,
  ) {}

  /** Starts the content of `target` (reading position `at`), optionally to be read as `actual`. */
  begin(target: StructureTarget | undefined, at: number, actual?: string): void {
    const doc = this.doc as PdfKitDocument & TaggingDocument;
    if (this.structure && target) {
      const options = { ...(target.inline?.lang ? { lang: target.inline.lang } : {}), ...(actual !== undefined ? { actual } : {}) };
      this.marked.push([target, at, doc.markStructureContent(actual !== undefined ? 'Span' : StructureTree.tag(target), options)]);
      this.open = true;
    } else if (actual !== undefined) {
      doc.addContent(`/Span <</ActualText ${textString(actual)}>> BDC`);
      this.open = true;
    }
  }

  end(): void {
    if (!this.open) return;
    if (this.structure) (this.doc as TaggingDocument).endMarkedContent();
    else this.doc.addContent('EMC');
    this.open = false;
  }

  write(ops: string[]): void {
    if (ops.length) this.doc.addContent(ops.join('\n'));
  }
}

/**
 * Draws one line whose box starts at (left, top), in pdfkit's top-down coordinates.
 * All its pieces are written under one transformation: a span of ActualText is read
 * where its glyphs stand but under the transformation in force where it ends.
 */
export function drawLine(
  doc: PdfKitDocument & Partial<TaggingDocument>,
  line: ComposedLine<RunTag>,
  left: number,
  top: number,
  fontFor: (key: string) => PdfKitFont,
  structure?: StructureTree,
): void {
  const pieces = line.pieces.filter((p) => p.glyphs.length);
  if (!pieces.length) return;
  const baseline = top + line.ascent;
  const artifact = pieces[0]!.tag?.artifact;
  const tree = artifact ? undefined : structure;
  const writer = new LineWriter(doc, tree);

  doc.save();
  // pdfkit's pages are set up top-down; text is written in PDF's own bottom-up space.
  doc.transform(1, 0, 0, -1, 0, doc.page.height);
  if (structure && artifact) (doc as TaggingDocument).markContent('Artifact', { type: artifact });
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const next = pieces[i + 1];
    // Right to left, a closing mark after a number or a Latin word ("2023.") stands at
    // the far left, apart from them: they are one sequence that reads "2023.", in the
    // structure element of the word it closes.
    if (line.rtl && next && piece.rtl && !next.rtl && isPunctuation(piece) && follows(piece, next)) {
      // Drawn left to right, so the span covers both; the mark's glyph reads as nothing
      // and the last character of the word as itself and the mark (for what reads by
      // ToUnicode in stream order, ignoring ActualText).
      writer.begin(next.tag?.structure, firstCluster(next), readingText(next) + readingText(piece));
      writer.write(textObject(doc, piece, left, baseline, fontFor, writer, { silent: true }));
      writer.write(textObject(doc, next, left, baseline, fontFor, writer, { append: readingText(piece) }));
      writer.end();
      i++;
      continue;
    }
    writer.begin(piece.tag?.structure, firstCluster(piece));
    writer.write(textObject(doc, piece, left, baseline, fontFor, writer, { groupsApart: true }));
    writer.end();
  }
  if (structure && artifact) (doc as TaggingDocument).endMarkedContent();
  doc.restore();
  // The line's content joins its elements in reading order (right to left, the line
  // was written from the left, its last words first); an element is made, and joins its
  // parent, when its first content does, so an inline Span sits between the right words.
  if (tree) for (const [target, , content] of writer.marked.sort((a, b) => a[1] - b[1])) tree.element(target).add(content);
  linkAnnotations(doc, pieces, left, top, line.height, tree);
}

/**
 * A /Link annotation over each stretch of a line that is a link's text (its pieces side
 * by side), so a click opens the address; in a tagged PDF the annotation is also a kid
 * (OBJR) of the link's Link element, and its Contents say where it leads.
 */
function linkAnnotations(doc: PdfKitDocument, pieces: Piece<RunTag>[], left: number, top: number, height: number, tree: StructureTree | undefined): void {
  const stretches: { url: string; from: number; to: number; target: StructureTarget | undefined }[] = [];
  for (const piece of [...pieces].sort((a, b) => a.x - b.x)) {
    const url = piece.tag?.link;
    if (!url) continue;
    const last = stretches[stretches.length - 1];
    if (last && last.url === url && Math.abs(last.to - piece.x) < 0.5) last.to = piece.x + piece.width;
    else stretches.push({ url, from: piece.x, to: piece.x + piece.width, target: piece.tag?.structure });
  }
  for (const { url, from, to, target } of stretches) {
    const parent = tree && target?.inline?.type === 'Link' ? { structParent: tree.element(target) } : {};
    doc.link(left + from, top, to - from, height, url, { ...parent, Contents: new String(url) });
  }
}

const firstCluster = (piece: Piece<RunTag>) => extreme(piece.clusters.keys(), -1);
const lastCluster = (piece: Piece<RunTag>) => extreme(piece.clusters.keys(), 1);

/** The least (sign -1) or greatest (sign 1) of the numbers: a loop, as Math.min(...n) overflows the stack past ~120k. */
function extreme(numbers: Iterable<number>, sign: -1 | 1): number {
  let best = -sign * Infinity;
  for (const n of numbers) if (n * sign > best * sign) best = n;
  return best;
}

/** A piece's characters in reading order. */
const readingText = (piece: Piece<RunTag>) =>
  withoutSilent(
    [...piece.clusters]
      .sort(([a], [b]) => a - b)
      .map(([, text]) => text)
      .join(''),
  );
const isPunctuation = (piece: Piece<RunTag>) => /^[\p{P}\s]+$/u.test(readingText(piece));
/** Whether `piece` comes right after `before` in reading order. */
const follows = (piece: Piece<RunTag>, before: Piece<RunTag>) => firstCluster(piece) > lastCluster(before);

/** How a piece's glyphs read (see drawLine). */
interface Reading {
  /** Groups that read as one (see readingGroups) each get a sequence of their own. */
  groupsApart?: boolean;
  /** Every glyph reads as nothing (a mark whose reading another piece carries). */
  silent?: boolean;
  /** The piece's last character in reading order reads as itself and this. */
  append?: string;
}

/**
 * A piece as one text object (BT … ET), in PDF's bottom-up coordinates. Where it holds
 * groups that read as one (see readingGroups), the writer gives each a sequence of its own.
 */
function textObject(
  doc: PdfKitDocument,
  piece: Piece<RunTag>,
  left: number,
  baseline: number,
  fontFor: (key: string) => PdfKitFont,
  writer: LineWriter,
  reading: Reading,
): string[] {
  const font = fontFor(piece.font.key);
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  const x = left + piece.x;
  const y = doc.page.height - (baseline - piece.rise);
  const ops = [`${fillColor(piece.tag?.color)} rg`, 'BT', `1 0 0 1 ${number(x)} ${number(y)} Tm`, `/${font.id} ${number(piece.size)} Tf`];
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

  // Each cluster's first glyph on the baseline stands for its characters, the dots and
  // marks drawn with it for nothing. Right to left, clusters are written in reading
  // order (positions are absolute, so any order draws the same page): what reads the
  // content stream in order, as screen readers read a tagged PDF, reads the words as
  // written. A group that reads as one is drawn left to right (an ActualText span is
  // read between its first glyph and its last), its mark reading as nothing and its
  // letter as the letter and the mark.
  const last = lastCluster(piece);
  const meaning = (cluster: number) => (reading.silent ? '' : text(cluster) + (cluster === last && reading.append ? reading.append : ''));
  const glyphsOf = (cluster: PlacedGlyph[], means: string): [PlacedGlyph, number][] => {
    // A kashida's tatweels stand for nothing: its letters do (compose/kashida.ts).
    const onBaseline = cluster.findIndex((g) => g.dy === 0 && !g.kashida);
    const first = onBaseline < 0 ? cluster.findIndex((g) => !g.kashida) : onBaseline;
    return [cluster[first]!, ...cluster.filter((_, k) => k !== first)].map((g, k): [PlacedGlyph, number] => [
      g,
      glyphId(font, g.id, k === 0 ? codePoints(means) : [], k === 0 ? reach.get(g) : undefined),
    ]);
  };
  const reach = kashidaReach(piece, font);
  const groups = readingGroups(piece);
  for (const group of piece.rtl && !reading.silent ? [...groups].reverse() : groups) {
    if (group.length === 1) {
      const cluster = group[0]!;
      for (const [g, gid] of glyphsOf(cluster, meaning(cluster[0]!.cluster))) draw(g, gid);
      continue;
    }
    const together = group.map((c) => c[0]!.cluster).sort((a, b) => a - b).map(text).join('');
    const punctuation = (c: PlacedGlyph[]) => /^\p{P}+$/u.test(text(c[0]!.cluster));
    const glyphs = group.flatMap((c) => glyphsOf(c, punctuation(c) || reading.silent ? '' : together));
    if (!reading.groupsApart) {
      for (const [g, gid] of glyphs) draw(g, gid);
      continue;
    }
    // Its own sequence: a Span reading as the group's characters in reading order.
    flush();
    writer.write(ops.splice(0));
    writer.end();
    const at = extreme(group.map((c) => c[0]!.cluster), -1);
    writer.begin(piece.tag?.structure, at, together);
    for (const [g, gid] of glyphs) draw(g, gid);
    flush();
    writer.write(ops.splice(0));
    writer.end();
    writer.begin(piece.tag?.structure, at + 0.5);
  }
  flush();
  if (rise) ops.push('0 Ts');
  ops.push('ET');
  return ops;
}

/**
 * The width (/W) the letter drawn left of a kashida is given, so that its box reaches
 * over the kashida to the letter before it: text extraction leaves the tatweels out
 * (they stand for nothing), and would read the gap they leave as a space between two
 * halves of the word. Right to left, that letter comes just before the kashida in
 * drawing order; its first glyph on the baseline stands for it (textObject).
 */
function kashidaReach(piece: Piece<RunTag>, font: PdfKitFont): Map<PlacedGlyph, number> {
  const reach = new Map<PlacedGlyph, number>();
  if (!piece.glyphs.some((g) => g.kashida)) return reach; // most pieces: grouping them was ~5 % of the PDF writer
  const clusters = groupBy(piece.glyphs, (g) => g.cluster);
  clusters.forEach((cluster, i) => {
    const tatweels = cluster.filter((g) => g.kashida);
    const before = clusters[i - 1];
    if (!tatweels.length || !before) return;
    const letter = before.find((g) => g.dy === 0 && !g.kashida) ?? before[0]!;
    const end = tatweels.reduce((most, g) => Math.max(most, g.x + (font.font.getGlyph(g.id).advanceWidth * font.scale * piece.size) / 1000), -Infinity);
    // Whole thousandths: one copy of the glyph serves every kashida of about that length.
    const width = Math.ceil(((end - letter.x) * 1000) / piece.size);
    if (width > font.font.getGlyph(letter.id).advanceWidth * font.scale) reach.set(letter, width);
  });
  return reach;
}

/** "#444444" as PDF's RGB fill operands; black where none is given. */
function fillColor(hex: string | undefined): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
  return m ? m.slice(1).map((h) => number(parseInt(h, 16) / 255)).join(' ') : '0 0 0';
}

const copies = new WeakMap<PdfKitFont, Map<string, number>>();
/** Glyphs taken into a font's subset before anything was drawn with them: what they stand for is not known yet. */
const unmeant = new WeakMap<PdfKitFont, Set<number>>();

/** The glyphs the layout draws with each face (its fontkit parse, which pdfkit shares), in glyph order. */
let drawn = new WeakMap<object, number[]>();

/**
 * Before a document is drawn: the glyphs each face will draw, from the layout. pdfkit
 * numbers a subset's glyphs in the order they are first drawn, so an edit that drew a
 * glyph earlier renumbered the whole embedded font; taken in glyph order first, they
 * keep their numbers, and a rebuild that draws the same glyphs embeds the same font,
 * encoded and compressed once (fonts/parsed.ts, render/deflated.ts).
 */
export function glyphsToDraw(lines: Iterable<ComposedLine<RunTag>>): void {
  const ids = new Map<object, Set<number>>();
  for (const line of lines) {
    for (const piece of line.pieces) {
      const font = piece.font.font as object;
      let set = ids.get(font);
      if (!set) ids.set(font, (set = new Set()));
      for (const glyph of piece.glyphs) set.add(glyph.id);
    }
  }
  drawn = new WeakMap([...ids].map(([font, set]) => [font, [...set].sort((a, b) => a - b)]));
}

/** The face's drawn glyphs, taken into pdfkit's subset before the first is drawn; what each stands for is set when it is. */
function takeDrawn(font: PdfKitFont): Set<number> {
  const open = new Set<number>();
  for (const id of drawn.get(font.font) ?? []) {
    const gid = font.subset.includeGlyph(id);
    font.widths[gid] ??= font.font.getGlyph(id).advanceWidth * font.scale;
    if (font.unicode[gid] === undefined) {
      font.unicode[gid] = [];
      open.add(gid);
    }
  }
  return open;
}

/**
 * The subset's glyph id for drawing glyph `id` as `means` (what ToUnicode says it is),
 * `width` wide (/W, in thousandths of the size) where given: the glyph's own id, or,
 * where that already stands for other characters or is another width, a copy's.
 */
function glyphId(font: PdfKitFont, id: number, means: number[], width?: number): number {
  let known = copies.get(font);
  if (!known) {
    copies.set(font, (known = new Map()));
    unmeant.set(font, takeDrawn(font));
  }
  const key = `${id}:${means.join(',')}${width === undefined ? '' : `:${width}`}`;
  let gid = known.get(key);
  if (gid !== undefined) return gid;
  const own = font.subset.mapping[id];
  // A glyph taken in before it was drawn (takeDrawn) stands for what it is first drawn as.
  if (width === undefined && own !== undefined && unmeant.get(font)!.delete(own)) {
    font.unicode[own] = means;
    known.set(key, own);
    return own;
  }
  if (width === undefined && (own === undefined || sameCodePoints(font.unicode[own]!, means))) {
    gid = font.subset.includeGlyph(id);
  } else {
    font.subset.glyphs.push(id);
    gid = font.subset.glyphs.length - 1;
  }
  font.widths[gid] ??= width ?? font.font.getGlyph(id).advanceWidth * font.scale;
  font.unicode[gid] ??= means;
  known.set(key, gid);
  return gid;
}

/**
 * The piece's glyphs by cluster, in drawing order; right to left, a punctuation mark
 * joins the letter it belongs to ("ة." closing a word, "(ا" opening one) where the two
 * are drawn side by side: text extraction that goes by position (left to right) then
 * still reads the mark where the word has it.
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
    // A letter between two marks ("(ب)", a list's label) is one group: both marks belong to it.
    const bracketed = last?.length === 2 && punctuation(cluster) && !punctuation(previous!) && punctuation(last[0]!);
    if (last && adjacent && punctuation(previous) !== punctuation(cluster) && (last.length < 2 || bracketed)) last.push(cluster);
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
