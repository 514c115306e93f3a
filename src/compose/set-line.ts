import { visualOrder } from '../text/bidi.js';
import { isSilent } from '../text/script.js';
import type { Analysed } from './analyse.js';
import { planKashidas, type KashidaPlan } from './kashida.js';
import type { LineSpec } from './breaking.js';
import { shape, type ShapedGlyph } from './shape.js';
import type { ComposedLine, ParagraphStyle, Piece, PlacedGlyph, Segment } from './types.js';

export const SOFT_HYPHEN = '\u00ad';

/**
 * Sets one line: its glue at the width the line's adjustment ratio gives (justified
 * lines fill the measure exactly; a paragraph's last line and ragged text keep their
 * natural spacing), its characters in visual order (UAX #9 per line, after breaking),
 * then each stretch of one run and direction as a piece of placed glyphs.
 */
export function setLine<T>(a: Analysed<T>, spec: LineSpec, style: ParagraphStyle, index: number, last: boolean): ComposedLine<T> {
  const { items } = spec;
  const start = spec.first < items.items.length ? items.at[spec.first]! : a.text.length;
  const end = Math.max(start, items.at[spec.end]!);
  const hyphenated = items.hyphen[spec.end]!;
  const cut = items.forced[spec.end]!;
  // A justified paragraph's last line keeps its natural spacing, unless it was chosen
  // tightened (its spaces shrunk, as any line's may): then it is set tight, not overfull.
  const ratio = style.align === 'justify' ? (last ? Math.min(0, spec.ratio) : spec.ratio) : 0;

  const stretchRatio = ratio > 0 ? stretchRatios(items, spec.first, spec.end, ratio) : undefined;
  // Each glue's width beyond its space character's advance, and how much it stretches.
  const glue: { owner: number; base: number; stretch: number }[] = [];
  let stretched = 0;
  let spaces = 0;
  for (let i = spec.first; i < spec.end; i++) {
    const item = items.items[i]!;
    if (item.type !== 'glue' || !Number.isFinite(item.stretch)) continue;
    const r = stretchRatio ? (isSpacing(items, i) ? stretchRatio.spacing : stretchRatio.solid) : 0;
    const stretch = ratio >= 0 ? r * item.stretch : ratio * item.shrink;
    glue.push({ owner: items.owner[i]!, base: items.space[i] ? 0 : item.width, stretch });
    if (ratio > 0) stretched += stretch;
    if (items.space[i]) spaces += item.width;
  }
  // Right to left, a stretched line may take part of its stretch in kashidas instead.
  const kashidas = style.kashida && style.direction === 'rtl' && stretched > 0 ? planKashidas(a, start, end, stretched, spaces) : undefined;
  const share = kashidas ? kashidas.glue / stretched : 1;
  // The width each glue is set to, carried by the cluster it follows on the page.
  const extra = new Map<number, number>();
  for (const { owner, base, stretch } of glue) extra.set(owner, (extra.get(owner) ?? 0) + base + stretch * share);

  const pieces: Piece<T>[] = [];
  for (const [segment, lo, hi] of visualStretches(a, start, end)) pieces.push(piece(a, segment, lo, hi, extra, kashidas));
  if (hyphenated && end > 0) pieces.push(hyphen(a, end - 1));

  const natural = pieces.reduce((sum, p) => sum + p.width, 0);
  const indent = index === 0 ? (style.indent ?? 0) : 0;
  const rtl = style.direction === 'rtl';
  // A justified line fills the measure, so setting it from its start edge is exact.
  const align = style.align === 'justify' ? 'start' : style.align;
  let x = align === 'center' ? (style.width - natural) / 2 : 0;
  if (align === 'start') x = rtl ? style.width - indent - natural : indent;
  if (align === 'end') x = rtl ? 0 : style.width - natural;
  for (const p of pieces) {
    p.x = x;
    x += p.width;
  }

  // Every line is at least as tall as the paragraph's strut, so mixed fonts keep an even leading.
  const metrics = (font: Piece['font'], size: number) => ({
    ascent: (font.font.ascent / font.font.unitsPerEm) * size,
    descent: (-font.font.descent / font.font.unitsPerEm) * size,
  });
  let { ascent, descent } = metrics(style.strut.font, style.strut.size);
  for (const p of pieces) {
    if (p.size <= style.strut.size) continue;
    const m = metrics(p.font, p.size);
    ascent = Math.max(ascent, m.ascent);
    descent = Math.max(descent, m.descent);
  }
  return { pieces, rtl: style.direction === 'rtl', ascent, height: (ascent + descent) * style.lineHeight, start, end, hyphenated, cut };
}

/** Word spaces and CJK–Latin gaps: glue that has room of its own, unlike the boundary between two ideographs. */
const isSpacing = (items: LineSpec['items'], i: number) => items.space[i]! || items.items[i]!.width > 0;

/** Stretch beyond this share of a space's room goes to the boundaries between ideographs. */
const SPACING_FIRST = 2;

/**
 * How a stretched line's extra width is shared: word spaces and CJK–Latin gaps take it
 * first, up to twice their stretch (a word space at most 2× its width), and only what
 * is left spaces out the ideographs. Spread evenly over every boundary instead, a
 * Chinese line with a few Latin words comes out letter-spaced ("世 界 卫 生 组 织")
 * while its word spaces stay natural.
 */
function stretchRatios(items: LineSpec['items'], first: number, end: number, ratio: number): { spacing: number; solid: number } {
  let spacing = 0;
  let solid = 0;
  for (let i = first; i < end; i++) {
    const item = items.items[i]!;
    if (item.type !== 'glue' || !Number.isFinite(item.stretch)) continue;
    if (isSpacing(items, i)) spacing += item.stretch;
    else solid += item.stretch;
  }
  if (spacing === 0 || solid === 0) return { spacing: ratio, solid: ratio };
  const extra = ratio * (spacing + solid);
  const spacingRatio = Math.min(extra / spacing, Math.max(ratio, SPACING_FIRST));
  return { spacing: spacingRatio, solid: (extra - spacingRatio * spacing) / solid };
}

/** Consecutive characters of one segment in the order they are drawn: [segment, first, end). */
function* visualStretches<T>(a: Analysed<T>, start: number, end: number): Generator<[Segment<T>, number, number]> {
  let current: { segment: number; lo: number; hi: number; step: number } | undefined;
  for (const i of visualOrder(a.text, a.levels, start, end)) {
    const segment = a.segmentOf[i]!;
    const step = a.segments[segment]!.rtl ? -1 : 1;
    if (current && current.segment === segment && (step > 0 ? i === current.hi : i === current.lo - 1)) {
      if (step > 0) current.hi++;
      else current.lo--;
      continue;
    }
    if (current) yield [a.segments[current.segment]!, current.lo, current.hi];
    current = { segment, lo: i, hi: i + 1, step };
  }
  if (current) yield [a.segments[current.segment]!, current.lo, current.hi];
}

/**
 * The glyphs of text[lo, hi) of one segment, placed left to right with each cluster's
 * extra space; where the line has kashidas, the segment's glyphs shaped with them, each
 * tatweel drawn as long as planned (as many tatweels as it takes, overlapping evenly).
 */
function piece<T>(a: Analysed<T>, segment: Segment<T>, lo: number, hi: number, extra: Map<number, number>, kashidas?: KashidaPlan): Piece<T> {
  const { run } = segment;
  const reshaped = kashidas?.reshaped.get(a.segmentOf[lo]!);
  const shaped = reshaped?.shaped ?? segment.shaped;
  const origin = (newIndex: number) => segment.start + (reshaped ? reshaped.origin[newIndex]! : newIndex);
  const at = (i: number) => (reshaped ? reshaped.index(i - segment.start) : i - segment.start);
  const scale = run.size / run.font.font.unitsPerEm;
  const glyphs: PlacedGlyph[] = [];
  const clusters = new Map<number, string>();
  let pen = 0;
  const inRange = glyphsOf(shaped.glyphs, at(lo), at(hi));
  inRange.forEach((g, n) => {
    const cluster = origin(g.cluster);
    if (!clusters.has(cluster)) {
      let to = cluster + 1;
      while (to < hi && !a.clusterStart[to]) to++;
      clusters.set(cluster, a.text.slice(cluster, to));
    }
    if (reshaped?.inserted[g.cluster]) {
      const length = kashidas!.length.get(cluster)!;
      const advance = g.advance * scale;
      const count = Math.ceil(length / advance - 1e-6);
      const step = count > 1 ? (length - advance) / (count - 1) : 0;
      for (let k = 0; k < count; k++) glyphs.push({ id: g.id, x: pen + k * step + g.dx * scale, dy: g.dy * scale, cluster, kashida: true });
      pen += length;
    } else if (!isSilent(a.text[cluster]!)) {
      glyphs.push({ id: g.id, x: pen + g.dx * scale, dy: g.dy * scale, cluster });
      pen += g.advance * scale;
    }
    const next = inRange[n + 1];
    if (!next || origin(next.cluster) !== cluster) pen += (extra.get(cluster) ?? 0) + a.adjust[cluster]!;
  });
  return { font: run.font, size: run.size, rise: run.rise ?? 0, x: 0, width: pen, glyphs, clusters, rtl: segment.rtl, tag: run.tag };
}

/**
 * The glyphs whose clusters lie in [from, to), found by binary search: a line's glyphs
 * are a stretch of its segment's (filtering the whole segment for each line made a
 * long paragraph quadratic). Clusters only grow in logical order (shape.ts), so the
 * glyphs, in drawing order, are sorted by cluster: ascending left to right, descending
 * right to left.
 */
function glyphsOf(glyphs: ShapedGlyph[], from: number, to: number): ShapedGlyph[] {
  const descending = glyphs.length > 1 && glyphs[0]!.cluster > glyphs[glyphs.length - 1]!.cluster;
  // The first index whose glyph lies past `bound` in drawing order.
  const firstPast = (bound: number) => {
    let low = 0;
    let high = glyphs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const cluster = glyphs[mid]!.cluster;
      if (descending ? cluster >= bound : cluster < bound) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  return descending ? glyphs.slice(firstPast(to), firstPast(from)) : glyphs.slice(firstPast(from), firstPast(to));
}

/** The hyphen after a word broken at the line's end, in the font of the letter before it. */
function hyphen<T>(a: Analysed<T>, before: number): Piece<T> {
  const run = a.runs[a.runOf[before]!]!;
  const shaped = shape(run.font.font, '-', 'ltr');
  const scale = run.size / run.font.font.unitsPerEm;
  const glyph = shaped.glyphs[0]!;
  const cluster = a.text.length; // past the text: it stands for no character of it
  return {
    font: run.font,
    size: run.size,
    rise: 0,
    x: 0,
    width: glyph.advance * scale,
    glyphs: [{ id: glyph.id, x: 0, dy: 0, cluster }],
    clusters: new Map([[cluster, SOFT_HYPHEN]]),
    rtl: false,
    tag: run.tag,
  };
}
