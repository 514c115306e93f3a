import { drawnText, type Analysed } from './analyse.js';
import { shape, type ShapedText } from './shape.js';

/**
 * Kashida justification (W3C ALReq, "Justification"; Microsoft's rules for Word's
 * kashida justification give the order): a justified Arabic line takes its extra width
 * in its word spaces up to a limit, then in kashidas, tatweels (U+0640) drawn inside
 * words. A kashida goes only between two letters of one word that join (the one before
 * joins on both sides, the one after joins to it: never after ا د ذ ر ز و ة ء, never at
 * a word's end), never inside lam-alef or the word Allah, one a word, and the words
 * are chosen in the script's order of preference. The segment is shaped again with
 * its tatweels, so the letters take the forms they have beside them. This only fills
 * a line already chosen: its breaks, and so the Word file's pages, do not change.
 */

const TATWEEL = '\u0640';

/** A word space stretches to 1.25× its width before any kashida is drawn. */
const SPACES_FIRST = 0.25;
/** A kashida is about two tatweels long (0.4 em in Noto Naskh)… */
const PREFERRED = 2;
/** …and never longer than four: a longer one reads as a gap in the word. */
const LONGEST = 4;
/** Kashidas on a line: more, and it looks stretched rather than written. */
const MOST = 4;

/** Letters that join only to the letter before them (Unicode's Joining_Type R), and hamza (U). */
const rightJoining = new Set([
  ...'آأؤإاةدذرزوٱٲٳٵٶٷڈډڊڋڌڍڎڏڐڑڒړڔڕږڗژڙۀۃۄۅۆۇۈۉۊۋۍۏےۓەۮۯݙݚݛݫݬݱݳݴݸݹ',
  ...'ءٴ',
]);
const arabicLetter = /[\u0620-\u063f\u0641-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f]/u;
const mark = /\p{M}/u;

const dualJoining = (c: string) => arabicLetter.test(c) && !rightJoining.has(c);
const joinsBefore = (c: string) => arabicLetter.test(c) && c !== '\u0621' && c !== '\u0674';

const seenSad = new Set([...'سشصض']);
const haDal = new Set([...'ةهدذۀە']);
const alefTahLamKaf = new Set([...'اأإآٱطظلكکگ']);
const baLike = new Set([...'بتثنيئىپیٹ']);
const raYa = new Set([...'رزيىی']);
const wawAinQafFa = new Set([...'وؤعغقفڤ']);
const alef = new Set([...'اأإآٱ']);

/** A place a kashida may go: before the letter at `at`, after the cluster that starts at `after`. */
export interface KashidaPlace {
  at: number;
  after: number;
  /** 1 is drawn first (ALReq's and Word's order). */
  priority: number;
  segment: number;
}

/**
 * The priority of a kashida between letters `x` and `y` (y the `k`-th of a word of
 * `letters`), or 0 where none may go. In the order of Microsoft's kashida rules, as
 * ALReq cites them: after seen or sad; before a final ta marbuta, ha or dal; before a
 * final alef, tah, lam or kaf; before a medial ba-like letter followed by ra or ya;
 * before a final waw, ain, qaf or fa; before any other final letter.
 */
function priority(letters: string[], k: number): number {
  const x = letters[k - 1]!;
  const y = letters[k]!;
  if (!dualJoining(x) || !joinsBefore(y)) return 0;
  if (x === 'ل' && alef.has(y)) return 0; // lam-alef is one letter
  const final = k === letters.length - 1;
  if (seenSad.has(x)) return 1;
  if (final && haDal.has(y)) return 2;
  if (final && alefTahLamKaf.has(y)) return 3;
  if (!final && baLike.has(y) && raYa.has(letters[k + 1]!)) return 4;
  if (final && wawAinQafFa.has(y)) return 5;
  if (final) return 6;
  return 0;
}

/**
 * Each word's best place on the line text[start, end): words of Arabic letters in a
 * right-to-left segment whose font has a tatweel, none typed by the writer.
 */
export function kashidaPlaces<T>(a: Analysed<T>, start: number, end: number): KashidaPlace[] {
  const places: KashidaPlace[] = [];
  const words = /[\p{L}\p{M}]+/gu;
  words.lastIndex = start;
  for (let m = words.exec(a.text); m && m.index < end; m = words.exec(a.text)) {
    const from = m.index;
    const to = Math.min(end, from + m[0].length);
    const segment = a.segmentOf[from]!;
    const { rtl, run } = a.segments[segment]!;
    const word = a.text.slice(from, to);
    if (!rtl || a.segmentOf[to - 1] !== segment || word.includes(TATWEEL) || /لله/u.test(word) || !run.font.font.hasGlyphForCodePoint(0x640)) continue;
    const at: number[] = [];
    for (let i = from; i < to; i++) if (!mark.test(a.text[i]!)) at.push(i);
    const letters = at.map((i) => a.text[i]!);
    if (!letters.every((c) => arabicLetter.test(c))) continue;
    let best: KashidaPlace | undefined;
    for (let k = 1; k < letters.length; k++) {
      const p = priority(letters, k);
      // A ligature of the two letters (one cluster) cannot be parted.
      if (!p || !a.clusterStart[at[k]!]) continue;
      let after = at[k - 1]!;
      while (after > from && !a.clusterStart[after]) after--;
      // The last of the best: the places mostly stand before a word's final letter.
      if (!best || p <= best.priority) best = { at: at[k]!, after, priority: p, segment };
    }
    if (best) places.push(best);
  }
  return places;
}

/** A segment shaped again with tatweels inserted; indices relative to the segment. */
export interface Reshaped {
  shaped: ShapedText;
  /** For each index of the new text, the original index it stands for (a tatweel: the cluster before it). */
  origin: Int32Array;
  /** True at the new text's inserted tatweels. */
  inserted: Uint8Array;
  /** The new text's index of the original index `i`. */
  index(i: number): number;
}

/** The segment with a tatweel before each of `at` (absolute indices, ascending), shaped again. */
export function reshape<T>(a: Analysed<T>, segment: number, places: KashidaPlace[]): Reshaped {
  const { start, end, rtl, run } = a.segments[segment]!;
  const at = places.map((p) => p.at - start).sort((x, y) => x - y);
  const after = new Map(places.map((p) => [p.at - start, p.after - start]));
  const original = drawnText(a.text.slice(start, end), rtl);
  let text = '';
  const origin: number[] = [];
  const inserted: number[] = [];
  let k = 0;
  for (let i = 0; i < original.length; i++) {
    if (at[k] === i) {
      text += TATWEEL;
      origin.push(after.get(i)!);
      inserted.push(1);
      k++;
    }
    text += original[i];
    origin.push(i);
    inserted.push(0);
  }
  return {
    shaped: shape(run.font.font, text, rtl ? 'rtl' : 'ltr'),
    origin: Int32Array.from(origin),
    inserted: Uint8Array.from(inserted),
    index: (i) => i + at.filter((p) => p <= i).length,
  };
}

/** The kashidas of one line: the segments shaped with them, and how long each is drawn. */
export interface KashidaPlan {
  reshaped: Map<number, Reshaped>;
  /** Points each kashida takes, by the original index of the cluster it follows. */
  length: Map<number, number>;
  /** Of the stretch asked for, what the glue still takes (the word spaces). */
  glue: number;
}

/**
 * Shares `stretch` points between the word spaces (`spaces`: their natural width) and
 * kashidas on the line text[start, end): the spaces first, up to a quarter of their width,
 * then kashidas of at least one tatweel each, about two long, at most four, on at
 * most four words, best places first and spread over the line; what they cannot take
 * goes back to the spaces. Undefined when no kashida is drawn.
 */
export function planKashidas<T>(a: Analysed<T>, start: number, end: number, stretch: number, spaces: number): KashidaPlan | undefined {
  const places = spread(kashidaPlaces(a, start, end));
  if (!places.length) return undefined;
  const room = stretch - Math.min(stretch, SPACES_FIRST * spaces);
  // The tatweel's width in the run of each place; the longest is the shortest kashida.
  const tatweel = places.reduce((most, p) => {
    const run = a.segments[p.segment]!.run;
    return Math.max(most, shape(run.font.font, TATWEEL, 'rtl').advances[0]! * (run.size / run.font.font.unitsPerEm));
  }, 0);
  for (let n = Math.min(places.length, MOST, Math.max(1, Math.round(room / (PREFERRED * tatweel)))); n > 0; n--) {
    const chosen = places.slice(0, n);
    const bySegment = new Map<number, KashidaPlace[]>();
    for (const p of chosen) bySegment.set(p.segment, [...(bySegment.get(p.segment) ?? []), p]);
    const reshaped = new Map<number, Reshaped>();
    let change = 0;
    for (const [segment, ps] of bySegment) {
      const r = reshape(a, segment, ps);
      reshaped.set(segment, r);
      change += widthChange(a, segment, r, start, end);
    }
    // Shaped again, the letters beside a tatweel may take other widths.
    const each = Math.min((room - change) / n, LONGEST * tatweel);
    if (each < tatweel) continue;
    return { reshaped, length: new Map(chosen.map((p) => [p.after, each])), glue: stretch - change - n * each };
  }
  return undefined;
}

/** How much wider (in points) the line's letters in the segment are shaped again, tatweels left out. */
function widthChange<T>(a: Analysed<T>, segment: number, r: Reshaped, start: number, end: number): number {
  const s = a.segments[segment]!;
  const lo = Math.max(start, s.start) - s.start;
  const hi = Math.min(end, s.end) - s.start;
  let before = 0;
  for (const g of s.shaped.glyphs) if (g.cluster >= lo && g.cluster < hi) before += g.advance;
  let after = 0;
  for (const g of r.shaped.glyphs) {
    const i = r.origin[g.cluster]!;
    if (!r.inserted[g.cluster] && i >= lo && i < hi) after += g.advance;
  }
  return (after - before) * (s.run.size / s.run.font.font.unitsPerEm);
}

/**
 * The places best first; among equals, spread over the line (each half before its
 * halves' halves), so that the kashidas of a line do not crowd one end of it.
 */
function spread(places: KashidaPlace[]): KashidaPlace[] {
  const rank = new Map<KashidaPlace, number>();
  const visit = (lo: number, hi: number, depth: number) => {
    if (lo >= hi) return;
    const mid = (lo + hi) >> 1;
    rank.set(places[mid]!, depth * places.length + mid);
    visit(lo, mid, depth + 1);
    visit(mid + 1, hi, depth + 1);
  };
  visit(0, places.length, 0);
  return [...places].sort((x, y) => x.priority - y.priority || rank.get(x)! - rank.get(y)!);
}
