/**
 * Knuth and Plass's total-fit line breaking ("Breaking Paragraphs into Lines", 1981),
 * the algorithm of TeX: a paragraph is a list of boxes (things that are drawn), glue
 * (space that may stretch or shrink, and where a line may break when a box precedes
 * it) and penalties (places to break at a cost, such as a hyphen). Of all ways to
 * break the paragraph it picks the one with the least total demerits, so one tight
 * line early can save three loose ones later.
 */
export type Item =
  | { type: 'box'; width: number }
  | { type: 'glue'; width: number; stretch: number; shrink: number }
  | { type: 'penalty'; width: number; penalty: number; flagged: boolean };

export const INFINITE_PENALTY = 10_000;

export interface BreakOptions {
  /** Width of each line, by its index (the first line may be indented). */
  lineWidth(line: number): number;
  /** The worst adjustment ratio a line may have (TeX's tolerance 200 is about 1.26). */
  tolerance: number;
  /** Added to every line's badness, so fewer lines are preferred (TeX: 10). */
  linePenalty?: number;
  /** For two hyphenated lines in a row (TeX: 3000). */
  flaggedDemerits?: number;
  /** For a tight line next to a loose one (TeX: 100). */
  fitnessDemerits?: number;
}

export interface Break {
  /** Index of the item the line ends at (a glue, a penalty, or the last item). */
  position: number;
  /** How much each line's glue stretched (> 0) or shrank (< 0), as a share of what it may. */
  ratio: number;
}

interface Node {
  position: number;
  line: number;
  fitness: number;
  width: number;
  stretch: number;
  shrink: number;
  demerits: number;
  ratio: number;
  previous: Node | undefined;
}

const fitnessClass = (ratio: number) => (ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3);

/**
 * The best breaks, or undefined when no way of breaking keeps every line within the
 * tolerance (the caller then tries again, more tolerant, or breaks greedily). The
 * last item must be a forced break (a penalty of -INFINITE_PENALTY).
 */
export function knuthPlass(items: Item[], options: BreakOptions): Break[] | undefined {
  const linePenalty = options.linePenalty ?? 10;
  const flaggedDemerits = options.flaggedDemerits ?? 3000;
  const fitnessDemerits = options.fitnessDemerits ?? 100;
  let width = 0;
  let stretch = 0;
  let shrink = 0;
  let active: Node[] = [{ position: 0, line: 0, fitness: 1, width: 0, stretch: 0, shrink: 0, demerits: 0, ratio: 0, previous: undefined }];

  /** Totals from `position` on, skipping the glue and penalties a line drops at its start. */
  const afterBreak = (position: number) => {
    let w = width;
    let st = stretch;
    let sh = shrink;
    for (let i = position; i < items.length; i++) {
      const item = items[i]!;
      if (item.type === 'box') break;
      if (item.type === 'glue') {
        w += item.width;
        st += item.stretch;
        sh += item.shrink;
      } else if (item.penalty <= -INFINITE_PENALTY && i > position) break;
    }
    return { w, st, sh };
  };

  const tryBreak = (position: number, item: Item) => {
    const penalty = item.type === 'penalty' ? item.penalty : 0;
    const flagged = item.type === 'penalty' && item.flagged;
    const extra = item.type === 'penalty' ? item.width : 0;
    // The best candidate for each fitness class, from all active nodes.
    const candidates: (Node | undefined)[] = [undefined, undefined, undefined, undefined];
    const next: Node[] = [];
    for (const node of active) {
      const lineWidth = options.lineWidth(node.line);
      const natural = width - node.width + extra;
      let ratio: number;
      if (natural < lineWidth) {
        const canStretch = stretch - node.stretch;
        ratio = canStretch > 0 ? (lineWidth - natural) / canStretch : Infinity;
      } else if (natural > lineWidth) {
        const canShrink = shrink - node.shrink;
        ratio = canShrink > 0 ? (lineWidth - natural) / canShrink : -Infinity;
      } else ratio = 0;
      const forced = penalty <= -INFINITE_PENALTY;
      // A line too tight can never be, nor can any longer one from the same start.
      const keep = ratio >= -1 && !forced;
      if (keep) next.push(node);
      // The last line of a paragraph may be short: its final glue stretches without limit.
      if (ratio < -1 || (ratio > options.tolerance && !(forced && ratio === Infinity))) continue;
      const badness = ratio === Infinity ? 0 : 100 * Math.abs(ratio) ** 3;
      let demerits = (linePenalty + badness) ** 2;
      if (penalty >= 0) demerits += penalty ** 2;
      else if (penalty > -INFINITE_PENALTY) demerits -= penalty ** 2;
      const previousItem = items[node.position];
      if (flagged && previousItem?.type === 'penalty' && previousItem.flagged && node.position > 0) demerits += flaggedDemerits;
      const fitness = fitnessClass(ratio === Infinity ? 0 : ratio);
      if (Math.abs(fitness - node.fitness) > 1) demerits += fitnessDemerits;
      demerits += node.demerits;
      const best = candidates[fitness];
      if (!best || demerits < best.demerits) {
        const { w, st, sh } = afterBreak(position);
        candidates[fitness] = { position, line: node.line + 1, fitness, width: w, stretch: st, shrink: sh, demerits, ratio, previous: node };
      }
    }
    active = next;
    for (const candidate of candidates) if (candidate) active.push(candidate);
  };

  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.type === 'box') {
      width += item.width;
    } else if (item.type === 'glue') {
      if (i > 0 && items[i - 1]!.type === 'box') tryBreak(i, item);
      width += item.width;
      stretch += item.stretch;
      shrink += item.shrink;
    } else if (item.penalty < INFINITE_PENALTY) {
      tryBreak(i, item);
    }
    if (active.length === 0) return undefined;
  }
  // The paragraph ends in a forced break: the nodes there are complete solutions.
  const last = items.length - 1;
  let best: Node | undefined;
  for (const node of active) if (node.position === last && (!best || node.demerits < best.demerits)) best = node;
  if (!best) return undefined;
  const breaks: Break[] = [];
  for (let node: Node | undefined = best; node && node.previous; node = node.previous) breaks.push({ position: node.position, ratio: node.ratio });
  return breaks.reverse();
}
