import { bindsToNext, numberBindsToNoun } from '../text/binding.js';
import { hyphenationPoints } from '../text/hyphenation.js';
import { isAlphabeticWord } from '../text/script.js';
import { shape } from './shape.js';
import { boundaryGlue, type Analysed } from './analyse.js';
import { INFINITE_PENALTY, type Item } from './knuth-plass.js';
import type { ComposeRun, ParagraphStyle } from './types.js';

/** The paragraph as Knuth–Plass items, and where each item stands in the text. */
export interface Items {
  items: Item[];
  /** UTF-16 index of each item: a box's first character, a glue's space or boundary. */
  at: number[];
  /** For glue: the cluster whose pen advance takes the glue's width when the line is set. */
  owner: number[];
  /** For glue: true when it is a space character (its width is already that character's advance). */
  space: boolean[];
  /** For a penalty: a break there ends the line with a hyphen. */
  hyphen: boolean[];
  /** For a penalty: a break there cuts a word longer than the line (see forcedBreaks). */
  forced: boolean[];
}

/**
 * A hyphen at a hyphenation point costs as much as a line stretched to the second pass's
 * tolerance (penalty² ≈ that line's demerits): a word is divided only where the lines
 * around it would otherwise be looser than Typst's loosest on the same text. TeX's 50
 * assumes spaces that shrink; ours do not, and with it Dossier divided half as many
 * words again as Typst (es 9 against 5, bench:typography).
 */
const HYPHEN_PENALTY = 5000;
/** A break after a hyphen the text already has (TeX's \exhyphenpenalty). */
const EXPLICIT_HYPHEN_PENALTY = 50;
const softHyphen = '\u00ad';
const word = /[\p{L}\p{M}]+/gu;

/**
 * Boxes for what is drawn, glue for what may stretch (spaces; in Chinese, the boundary
 * between characters), penalties for breaks at a cost (after a hyphen, at a
 * hyphenation point: `hyphenate` adds those, the second of Knuth–Plass's two passes).
 */
export function itemsOf<T>(a: Analysed<T>, style: ParagraphStyle, hyphenate: boolean): Items {
  const { text, advance, clusterStart, canBreak, runs, runOf, levels } = a;
  const out: Items = { items: [], at: [], owner: [], space: [], hyphen: [], forced: [] };
  const push = (item: Item, at: number, owner = -1, space = false, hyphen = false, forced = false) => {
    out.items.push(item);
    out.at.push(at);
    out.owner.push(owner);
    out.space.push(space);
    out.hyphen.push(hyphen);
    out.forced.push(forced);
  };
  const narrowest = Math.min(style.width, style.width - (style.indent ?? 0));
  const langAt = (i: number) => runs[runOf[i]!]!.lang ?? style.lang;
  const inLink = (i: number) => Boolean(runs[runOf[i]!]!.link);
  const hyphenAt = hyphenate ? hyphenationBoundaries(text, langAt, Boolean(style.hyphenateCapitalized), inLink) : new Set<number>();
  const hyphenWidth = (run: ComposeRun<T>) => hyphenAdvance(run);

  let boxWidth = 0;
  let boxAt = -1;
  const flush = (end: number) => {
    if (boxAt >= 0 && boxWidth > narrowest) forcedBreaks(a, boxAt, end, narrowest, push);
    else if (boxAt >= 0) push({ type: 'box', width: boxWidth }, boxAt);
    boxWidth = 0;
    boxAt = -1;
  };
  let previous = -1; // start of the previous cluster that is not a space
  for (let i = 0; i < text.length; i++) {
    if (!clusterStart[i]) {
      boxWidth += advance[i]!;
      continue;
    }
    const char = text[i]!;
    const run = runs[runOf[i]!]!;
    if (char === ' ' || char === '\u00a0' || char === '\u202f') {
      flush(i);
      const w = advance[i]!;
      let next = i;
      while (text[next] === ' ') next++;
      // A no-break space never breaks; a narrow one (French « », ; :) never stretches either.
      if (char !== ' ' || !canBreak[next] || keptTogether(text, i, next, langAt)) push({ type: 'penalty', width: 0, penalty: INFINITE_PENALTY, flagged: false }, i);
      const rtlText = levels !== undefined && levels.levels[i]! % 2 === 1;
      const stretch = char === '\u202f' ? 0 : rtlText ? w : w / 2;
      // Word spaces stretch but never shrink: Word and LibreOffice, which set the DOCX's
      // lines, only stretch them, so a line here holds no more than a line there.
      push({ type: 'glue', width: w, stretch, shrink: 0 }, i, i, true);
      previous = -1;
      continue;
    }
    if (previous >= 0) {
      const before = text[previous]!;
      const beforeRun = runs[runOf[previous]!]!;
      const gapAllowed = !run.noAutospace && !beforeRun.noAutospace && !run.rise && !beforeRun.rise;
      const compressed = !style.grid && a.adjust[previous] !== 0;
      const glue = boundaryGlue(before, char, beforeRun.size, style.grid ? 0 : style.autospace, gapAllowed, !style.grid && style.punctuation !== 'grid' && !compressed);
      // Two marks already set half-width stay so: justification does not part them again.
      if (glue && compressed) glue.stretch = 0;
      if (glue) {
        flush(i);
        if (!canBreak[i]) push({ type: 'penalty', width: 0, penalty: INFINITE_PENALTY, flagged: false }, i);
        // Right to left, the space between two characters is drawn after the later one.
        const owner = levels && levels.levels[previous]! % 2 === 1 ? i : previous;
        push({ type: 'glue', ...glue }, i, owner);
      } else if (hyphenAt.has(i) || (before === softHyphen && !inLink(i))) {
        flush(i);
        push({ type: 'penalty', width: hyphenWidth(beforeRun), penalty: HYPHEN_PENALTY, flagged: true }, i, -1, false, true);
      } else if (canBreak[i]) {
        flush(i);
        const afterHyphen = /[-\u2010\u2013\u2014]/.test(before);
        push({ type: 'penalty', width: 0, penalty: afterHyphen ? EXPLICIT_HYPHEN_PENALTY : 0, flagged: afterHyphen }, i);
      }
    }
    if (boxAt < 0) boxAt = i;
    boxWidth += char === softHyphen ? 0 : advance[i]!;
    previous = i;
  }
  flush(text.length);
  // The last line ends with glue that stretches without limit: it is set short, not spread.
  push({ type: 'penalty', width: 0, penalty: INFINITE_PENALTY, flagged: false }, text.length);
  push({ type: 'glue', width: 0, stretch: Infinity, shrink: 0 }, text.length);
  push({ type: 'penalty', width: 0, penalty: -INFINITE_PENALTY, flagged: false }, text.length);
  return out;
}

/** TeX's \\hyphenpenalty would do; a cut word is a last resort, but the only one. */
const FORCED_PENALTY = 100;
let graphemes: Intl.Segmenter | undefined;
/** Made when first needed: ICU's break data costs ~8 ms to load, and few documents have a word wider than a line. */
const graphemeSegmenter = () => (graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' }));

/**
 * A word wider than the line (a long URL, a pasted code, a 300-letter word) cannot be
 * set whole: it would run off the page, or, right to left, start off its left edge.
 * It is cut where it must be, at any boundary between grapheme clusters that is also
 * a boundary of shaped clusters (so no letter loses its accent or a ligature half of
 * it), with no hyphen added. Each cut lets its line end short: the glue pair around the
 * penalty (Knuth and Plass's ragged-right pattern) stretches on the line that ends
 * there and cancels where the line goes on, so justified lines around it stay justified.
 */
function forcedBreaks<T>(a: Analysed<T>, start: number, end: number, lineWidth: number, push: (item: Item, at: number, owner?: number, space?: boolean, hyphen?: boolean, forced?: boolean) => void) {
  const { advance, clusterStart } = a;
  let pieceAt = start;
  let pieceWidth = 0;
  for (const { index, segment } of graphemeSegmenter().segment(a.text.slice(start, end))) {
    const at = start + index;
    if (at > start && clusterStart[at]) {
      push({ type: 'box', width: pieceWidth }, pieceAt);
      push({ type: 'penalty', width: 0, penalty: INFINITE_PENALTY, flagged: false }, at);
      push({ type: 'glue', width: 0, stretch: lineWidth, shrink: 0 }, at);
      push({ type: 'penalty', width: 0, penalty: FORCED_PENALTY, flagged: false }, at, -1, false, false, true);
      push({ type: 'glue', width: 0, stretch: -lineWidth, shrink: 0 }, at);
      pieceAt = at;
      pieceWidth = 0;
    }
    for (let i = at; i < at + segment.length; i++) if (a.text[i] !== softHyphen) pieceWidth += advance[i]!;
  }
  push({ type: 'box', width: pieceWidth }, pieceAt);
}

/**
 * Hyphenation points of every word but the paragraph's last, as UTF-16 indices, each
 * word with the patterns of its own run's language ("household" in a Spanish paragraph
 * is English). Capitalised words (names: "Женеве", "Bangkok") are left whole unless the
 * style allows them, as TeX's \uchyph=0.
 */
function hyphenationBoundaries(text: string, langAt: (i: number) => string, capitalized: boolean, inLink: (i: number) => boolean): Set<number> {
  const points = new Set<number>();
  const words = [...text.matchAll(word)];
  for (const m of words.slice(0, -1)) {
    // A link is never hyphenated: a hyphen in an address would be copied with it.
    if (!isAlphabeticWord(m[0]) || (!capitalized && capital.test(m[0])) || inLink(m.index)) continue;
    for (const p of hyphenationPoints(m[0], langAt(m.index))) points.add(m.index + p);
  }
  return points;
}

const capital = /^\p{Lu}/u;
const lastWord = /(?:^|[^\p{L}\p{M}\p{Nd}])([\p{L}\p{M}]+|[\p{Nd}][\p{Nd}.,\u066b\u066c]*)$/u;
const firstWord = /^[\p{L}\p{M}]+/u;

/**
 * Whether the space at text[space, next) must not break: after a one-letter word its
 * language keeps with the next (Russian "в", French "à"), or between a number and the
 * Arabic noun it counts.
 */
function keptTogether(text: string, space: number, next: number, langAt: (i: number) => string): boolean {
  const before = lastWord.exec(text.slice(Math.max(0, space - 24), space))?.[1];
  if (!before) return false;
  if (before.length === 1 && bindsToNext(before, langAt(space - 1))) return true;
  const after = firstWord.exec(text.slice(next, next + 24))?.[0];
  return after !== undefined && numberBindsToNoun(before, after);
}

/** The hyphen a line ends with when a word breaks: "-" in the run's own font. */
export function hyphenAdvance(run: ComposeRun<unknown>): number {
  const shaped = shape(run.font.font, '-', 'ltr');
  return (shaped.advances[0] ?? 0) * (run.size / run.font.font.unitsPerEm);
}
