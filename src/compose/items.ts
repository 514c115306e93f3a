import { hyphenationPoints } from '../text/hyphenation.js';
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
}

/** TeX's \hyphenpenalty and \exhyphenpenalty. */
const HYPHEN_PENALTY = 50;
const softHyphen = '\u00ad';
const word = /[\p{L}\p{M}]+/gu;
const hyphenatable = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}]+$/u;

/**
 * Boxes for what is drawn, glue for what may stretch (spaces; in Chinese, the boundary
 * between characters), penalties for breaks at a cost (after a hyphen, at a
 * hyphenation point: `hyphenate` adds those, the second of Knuth–Plass's two passes).
 */
export function itemsOf<T>(a: Analysed<T>, style: ParagraphStyle, hyphenate: boolean): Items {
  const { text, advance, clusterStart, canBreak, runs, runOf, levels } = a;
  const out: Items = { items: [], at: [], owner: [], space: [], hyphen: [] };
  const push = (item: Item, at: number, owner = -1, space = false, hyphen = false) => {
    out.items.push(item);
    out.at.push(at);
    out.owner.push(owner);
    out.space.push(space);
    out.hyphen.push(hyphen);
  };
  const hyphenAt = hyphenate ? hyphenationBoundaries(text, style.lang) : new Set<number>();
  const hyphenWidth = (run: ComposeRun<T>) => hyphenAdvance(run);

  let boxWidth = 0;
  let boxAt = -1;
  const flush = () => {
    if (boxAt >= 0) push({ type: 'box', width: boxWidth }, boxAt);
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
      flush();
      const w = advance[i]!;
      let next = i;
      while (text[next] === ' ') next++;
      // A no-break space never breaks; a narrow one (French « », ; :) never stretches either.
      if (char !== ' ' || !canBreak[next]) push({ type: 'penalty', width: 0, penalty: INFINITE_PENALTY, flagged: false }, i);
      const rtlText = levels !== undefined && levels.levels[i]! % 2 === 1;
      const stretch = char === '\u202f' ? 0 : rtlText ? w : w / 2;
      push({ type: 'glue', width: w, stretch, shrink: char === '\u202f' ? 0 : w / 3 }, i, i, true);
      previous = -1;
      continue;
    }
    if (previous >= 0) {
      const before = text[previous]!;
      const beforeRun = runs[runOf[previous]!]!;
      const gapAllowed = !run.noAutospace && !beforeRun.noAutospace && !run.rise && !beforeRun.rise;
      const glue = boundaryGlue(before, char, beforeRun.size, style.autospace, gapAllowed);
      if (glue) {
        flush();
        if (!canBreak[i]) push({ type: 'penalty', width: 0, penalty: INFINITE_PENALTY, flagged: false }, i);
        // Right to left, the space between two characters is drawn after the later one.
        const owner = levels && levels.levels[previous]! % 2 === 1 ? i : previous;
        push({ type: 'glue', ...glue }, i, owner);
      } else if (hyphenAt.has(i) || before === softHyphen) {
        flush();
        push({ type: 'penalty', width: hyphenWidth(beforeRun), penalty: HYPHEN_PENALTY, flagged: true }, i, -1, false, true);
      } else if (canBreak[i]) {
        flush();
        const afterHyphen = /[-\u2010\u2013\u2014]/.test(before);
        push({ type: 'penalty', width: 0, penalty: afterHyphen ? HYPHEN_PENALTY : 0, flagged: afterHyphen }, i);
      }
    }
    if (boxAt < 0) boxAt = i;
    boxWidth += char === softHyphen ? 0 : advance[i]!;
    previous = i;
  }
  flush();
  // The last line ends with glue that stretches without limit: it is set short, not spread.
  push({ type: 'penalty', width: 0, penalty: INFINITE_PENALTY, flagged: false }, text.length);
  push({ type: 'glue', width: 0, stretch: Infinity, shrink: 0 }, text.length);
  push({ type: 'penalty', width: 0, penalty: -INFINITE_PENALTY, flagged: false }, text.length);
  return out;
}

/** Hyphenation points of every word but the paragraph's last, as UTF-16 indices. */
function hyphenationBoundaries(text: string, lang: string): Set<number> {
  const points = new Set<number>();
  const words = [...text.matchAll(word)];
  for (const m of words.slice(0, -1)) {
    if (!hyphenatable.test(m[0])) continue;
    for (const p of hyphenationPoints(m[0], lang)) points.add(m.index + p);
  }
  return points;
}

/** The hyphen a line ends with when a word breaks: "-" in the run's own font. */
export function hyphenAdvance(run: ComposeRun<unknown>): number {
  const shaped = shape(run.font.font, '-', 'ltr');
  return (shaped.advances[0] ?? 0) * (run.size / run.font.font.unitsPerEm);
}
