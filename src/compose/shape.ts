import type { Direction } from '../text/script.js';

/** The part of a fontkit font the composer uses. */
export interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  layout(text: string, features?: unknown, script?: string, language?: string, direction?: string): FontkitRun;
  hasGlyphForCodePoint(codePoint: number): boolean;
  /** A glyph's outline box, in font units: where full-width punctuation carries its blank, and where a dash's ink stands. */
  getGlyph?(id: number): { bbox: { minX: number; maxX: number; minY: number; maxY: number } };
}

/** What fontkit's layout gives, the part the composer reads: what a store keeps. */
export interface FontkitRun {
  glyphs: { id: number; codePoints: number[] }[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
}

/** One glyph as the composer places it, in font units. */
export interface ShapedGlyph {
  id: number;
  advance: number;
  dx: number;
  dy: number;
  /** Index in the shaped text (UTF-16) where this glyph's cluster starts. */
  cluster: number;
}

/**
 * A run of text shaped in one font and direction: its glyphs in drawing order (left
 * to right, so reversed for right-to-left text, as fontkit gives them), which
 * characters each glyph draws, and how far each character advances the pen.
 */
export interface ShapedText {
  glyphs: ShapedGlyph[];
  /** Advance of each UTF-16 unit, in font units: a cluster's advance sits on its first unit. */
  advances: Float64Array;
}

const cache = new WeakMap<FontkitFont, Map<string, ShapedText>>();
/**
 * Texts kept shaped per font. Unbounded, the cache held every paragraph a process had
 * shaped, each glyph an object: a long document's whole text twice over, and in watch
 * mode every version of every paragraph, for as long as the process ran.
 */
const kept = 4_096;
const isMark = (point: number) => /\p{M}/u.test(String.fromCodePoint(point));

/**
 * Where shaped texts are kept beyond the process (fonts/shaped-cache.ts): what a font's
 * texts were shaped to by an earlier build, and a word when this one shapes anew.
 */
export interface ShapeStore {
  /** fontkit's runs for the font's texts, by key (`\u0001` before a right-to-left text). */
  load(font: FontkitFont): Map<string, FontkitRun> | undefined;
  shaped(font: FontkitFont): void;
}
let store: ShapeStore | undefined;

export function useShapeStore(kept: ShapeStore | undefined): void {
  store = kept;
}

/** fontkit's run for each text kept shaped for `font`, by key, oldest first. */
export function shapedRuns(font: FontkitFont): Map<string, FontkitRun> {
  return new Map([...(cache.get(font) ?? [])].map(([key, shaped]) => [key, runs.get(shaped)!]));
}

/** The run each shaped text was made from. */
const runs = new WeakMap<ShapedText, FontkitRun>();
const rtlKey = '\u0001';

/**
 * Shapes `text` (fontkit applies the font's OpenType features: Arabic joining forms,
 * ligatures, kerning, mark positioning). Cached per font, the texts used last: paragraphs
 * repeat words, and a rebuild in watch mode repeats whole paragraphs.
 */
export function shape(font: FontkitFont, text: string, direction: Direction): ShapedText {
  let byText = cache.get(font);
  if (!byText) cache.set(font, (byText = stored(font)));
  const key = direction === 'rtl' ? `${rtlKey}${text}` : text;
  let shaped = byText.get(key);
  if (shaped) {
    // Most recently used last: a Map iterates in insertion order, so the first is the oldest.
    byText.delete(key);
  } else {
    shaped = shapeUncached(font, text, direction);
    store?.shaped(font);
    if (byText.size >= kept) byText.delete(byText.keys().next().value!);
  }
  byText.set(key, shaped);
  return shaped;
}

/** The store's runs for `font`, made into shaped texts as fontkit's would be. */
function stored(font: FontkitFont): Map<string, ShapedText> {
  const byText = new Map<string, ShapedText>();
  for (const [key, run] of store?.load(font) ?? []) {
    const rtl = key.startsWith(rtlKey);
    byText.set(key, fromRun(rtl ? key.slice(rtlKey.length) : key, rtl ? 'rtl' : 'ltr', run));
  }
  return byText;
}

function shapeUncached(font: FontkitFont, text: string, direction: Direction): ShapedText {
  const { glyphs, positions } = font.layout(text, undefined, undefined, undefined, direction);
  // Only what the composer reads: fontkit's glyphs hold their font and parse.
  return fromRun(text, direction, {
    glyphs: glyphs.map(({ id, codePoints }) => ({ id, codePoints })),
    positions: positions.map(({ xAdvance, xOffset, yOffset }) => ({ xAdvance, xOffset, yOffset })),
  });
}

function fromRun(text: string, direction: Direction, run: FontkitRun): ShapedText {
  const count = run.glyphs.length;
  // Clusters are found in logical order: each glyph draws the code points it names
  // (a ligature several, a dot split off a letter none: it joins the one before). A
  // combining mark (a haraka, an accent typed apart) belongs to its letter's cluster.
  const order = Array.from({ length: count }, (_, i) => (direction === 'rtl' ? count - 1 - i : i));
  const clusters = new Int32Array(count);
  let at = 0;
  let current = 0;
  for (const i of order) {
    const points = run.glyphs[i]!.codePoints;
    if (points.length && at < text.length) {
      if (!points.every(isMark) || at === 0) current = at;
      for (const point of points) at += point > 0xffff ? 2 : 1;
    }
    clusters[i] = Math.min(current, Math.max(0, text.length - 1));
  }
  const advances = new Float64Array(text.length);
  const glyphs: ShapedGlyph[] = run.glyphs.map((glyph, i) => {
    const position = run.positions[i]!;
    advances[clusters[i]!]! += position.xAdvance;
    return { id: glyph.id, advance: position.xAdvance, dx: position.xOffset, dy: position.yOffset, cluster: clusters[i]! };
  });
  const shaped = { glyphs, advances };
  runs.set(shaped, run);
  return shaped;
}
