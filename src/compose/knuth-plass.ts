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
  /** Every line after the first has the same width: lets tryBreak stop early (see there). */
  sameWidthAfterFirst?: boolean;
  /** The worst adjustment ratio a line may have (TeX's tolerance 200 is about 1.26). */
  tolerance: number;
  /** Added to every line's badness, so fewer lines are preferred (TeX: 10). */
  linePenalty?: number;
  /** For two hyphenated lines in a row (TeX's \doublehyphendemerits: 10000). */
  flaggedDemerits?: number;
  /** For a line two fitness classes from the one before, a tight one beside a loose one (TeX's \adjdemerits: 10000). */
  fitnessDemerits?: number;
  /** For a hyphen at the end of a paragraph's last-but-one line (TeX's \finalhyphendemerits is 5000; see FINAL_HYPHEN). */
  finalHyphenDemerits?: number;
  /** Hyphenated line ends allowed in a row: a break that would make one more is never taken (a "ladder"). */
  maxHyphensInARow?: number;
  /** Lines (by index) that may not end with a hyphen: the last line of a page (see layout/page-end-hyphens.ts). */
  unhyphenated?: ReadonlySet<number>;
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
  /** Hyphenated line ends in a row up to and including this break. */
  hyphens: number;
  width: number;
  stretch: number;
  shrink: number;
  demerits: number;
  ratio: number;
  previous: Node | undefined;
}

/** TeX's four classes: tight (shrunk by more than half), decent, loose, very loose (stretched more than fully). */
const fitnessClass = (ratio: number) => (ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3);
/**
 * Higher than TeX's 5000: a hyphen in the last-but-one line leaves a word's tail alone
 * on a short last line, the break the United Nations' editors and check-lines flag. It
 * still yields to a paragraph that could not be set otherwise (about ratio 3 lines).
 */
const FINAL_HYPHEN = 10_000_000;

/**
 * The best breaks, or undefined when no way of breaking keeps every line within the
 * tolerance (the caller then tries again, more tolerant, or breaks greedily). The
 * last item must be a forced break (a penalty of -INFINITE_PENALTY).
 */
export function knuthPlass(items: Item[], options: BreakOptions): Break[] | undefined {
  const linePenalty = options.linePenalty ?? 10;
  const flaggedDemerits = options.flaggedDemerits ?? 10_000;
  const fitnessDemerits = options.fitnessDemerits ?? 10_000;
  const finalHyphenDemerits = options.finalHyphenDemerits ?? FINAL_HYPHEN;
  const maxHyphens = options.maxHyphensInARow ?? 2;
  // Best candidates are kept per fitness class and per count of hyphens in a row, so a
  // line forbidden after two hyphens does not lose the way that had fewer. Text with no
  // hyphen to break at (most Chinese) keeps one count: tryBreak runs at every character.
  const hyphenCounts = items.some((item) => item.type === 'penalty' && item.flagged) ? maxHyphens + 1 : 1;
  const classes = 4 * hyphenCounts;
  const { tolerance, unhyphenated } = options;

  // The items as columns of numbers: each is read many times below, and an Item is
  // one of three shapes, which makes every read of one a slow one.
  const count = items.length;
  const kind = new Uint8Array(count); // 0 box, 1 glue, 2 penalty
  const itemWidth = new Float64Array(count);
  const itemStretch = new Float64Array(count);
  const itemShrink = new Float64Array(count);
  const itemPenalty = new Float64Array(count);
  const itemFlagged = new Uint8Array(count);
  // Active nodes are in the order of their positions. Where no item is narrower than
  // nothing and no glue stretches less than nothing, a later node's line to here is no
  // longer and can stretch no more (floating-point sums of such terms keep that order):
  // once one is too loose to end here, so are all after it, and they stay active as
  // they are. (Line widths must agree: the first line's node is the first node.)
  let monotone = Boolean(options.sameWidthAfterFirst);
  for (let i = 0; i < count; i++) {
    const item = items[i]!;
    itemWidth[i] = item.width;
    if (!(item.width >= 0)) monotone = false;
    if (item.type === 'glue') {
      kind[i] = 1;
      itemStretch[i] = item.stretch;
      itemShrink[i] = item.shrink;
      if (!(item.stretch >= 0)) monotone = false;
    } else if (item.type === 'penalty') {
      kind[i] = 2;
      itemPenalty[i] = item.penalty;
      itemFlagged[i] = item.flagged ? 1 : 0;
    }
  }

  let width = 0;
  let stretch = 0;
  let shrink = 0;
  const active: Node[] = [{ position: 0, line: 0, fitness: 1, hyphens: 0, width: 0, stretch: 0, shrink: 0, demerits: 0, ratio: 0, previous: undefined }];
  // Each line's width, asked for once: tryBreak runs for every active node at every break.
  const widths: number[] = [];
  const widthOf = (line: number) => (widths[line] ??= options.lineWidth(line));

  // The best way to reach the break being tried, for each fitness class. The innermost
  // loop of the composer (Chinese text can break between any two characters): it keeps
  // the active list in place and makes a node only for each class's winner.
  const bestDemerits = new Float64Array(classes);
  const bestFrom: (Node | undefined)[] = new Array<Node | undefined>(classes).fill(undefined);
  const bestRatio = new Float64Array(classes);
  const tryBreak = (position: number) => {
    const isPenalty = kind[position] === 2;
    const penalty = isPenalty ? itemPenalty[position]! : 0;
    const flagged = itemFlagged[position] === 1;
    const extra = isPenalty ? itemWidth[position]! : 0;
    const forced = penalty <= -INFINITE_PENALTY;
    bestDemerits.fill(Infinity);
    bestFrom.fill(undefined);
    let kept = 0;
    for (let k = 0; k < active.length; k++) {
      const node = active[k]!;
      const lineWidth = widthOf(node.line);
      const natural = width - node.width + extra;
      let ratio: number;
      if (natural < lineWidth) {
        const canStretch = stretch - node.stretch;
        ratio = canStretch > 0 ? (lineWidth - natural) / canStretch : Infinity;
      } else if (natural > lineWidth) {
        const canShrink = shrink - node.shrink;
        ratio = canShrink > 0 ? (lineWidth - natural) / canShrink : -Infinity;
      } else ratio = 0;
      // A line too tight can never be, nor can any longer one from the same start.
      if (ratio >= -1 && !forced) active[kept++] = node;
      if (monotone && ratio > tolerance && !forced && node.line > 0) {
        if (kept !== k + 1) while (++k < active.length) active[kept++] = active[k]!;
        else kept = active.length;
        break;
      }
      // The last line of a paragraph may be short: its final glue stretches without limit.
      if (ratio < -1 || (ratio > tolerance && !(forced && ratio === Infinity))) continue;
      const hyphens = flagged ? node.hyphens + 1 : 0;
      if (hyphens > maxHyphens || (flagged && unhyphenated?.has(node.line))) continue;
      // Products, not **: V8's pow is the slowest step of the loop, and the demerits
      // only order the candidates.
      const size = Math.abs(ratio);
      const badness = ratio === Infinity ? 0 : 100 * (size * size * size);
      let demerits = (linePenalty + badness) * (linePenalty + badness);
      if (penalty >= 0) demerits += penalty * penalty;
      else if (penalty > -INFINITE_PENALTY) demerits -= penalty * penalty;
      if (flagged && node.hyphens > 0) demerits += flaggedDemerits;
      if (forced && node.hyphens > 0) demerits += finalHyphenDemerits;
      const fitness = fitnessClass(ratio === Infinity ? 0 : ratio);
      if (Math.abs(fitness - node.fitness) > 1) demerits += fitnessDemerits;
      demerits += node.demerits;
      const slot = fitness * hyphenCounts + hyphens;
      if (demerits < bestDemerits[slot]!) {
        bestDemerits[slot] = demerits;
        bestFrom[slot] = node;
        bestRatio[slot] = ratio;
      }
    }
    active.length = kept;
    let afterWidth = 0;
    let afterStretch = 0;
    let afterShrink = 0;
    let after = false;
    for (let slot = 0; slot < classes; slot++) {
      const previous = bestFrom[slot];
      if (!previous) continue;
      if (!after) {
        // Totals from the break on, without the glue and penalties a line drops at its start.
        after = true;
        afterWidth = width;
        afterStretch = stretch;
        afterShrink = shrink;
        for (let i = position; i < count; i++) {
          if (kind[i] === 0) break;
          if (kind[i] === 1) {
            afterWidth += itemWidth[i]!;
            afterStretch += itemStretch[i]!;
            afterShrink += itemShrink[i]!;
          } else if (itemPenalty[i]! <= -INFINITE_PENALTY && i > position) break;
        }
      }
      active.push({
        position,
        line: previous.line + 1,
        fitness: Math.floor(slot / hyphenCounts),
        hyphens: slot % hyphenCounts,
        width: afterWidth,
        stretch: afterStretch,
        shrink: afterShrink,
        demerits: bestDemerits[slot]!,
        ratio: bestRatio[slot]!,
        previous,
      });
    }
  };

  for (let i = 0; i < count; i++) {
    const type = kind[i]!;
    if (type === 0) {
      width += itemWidth[i]!;
    } else if (type === 1) {
      if (i > 0 && kind[i - 1] === 0) tryBreak(i);
      width += itemWidth[i]!;
      stretch += itemStretch[i]!;
      shrink += itemShrink[i]!;
    } else if (itemPenalty[i]! < INFINITE_PENALTY) {
      tryBreak(i);
    }
    if (active.length === 0) return undefined;
  }
  // The paragraph ends in a forced break: the nodes there are complete solutions.
  const last = count - 1;
  let best: Node | undefined;
  for (const node of active) if (node.position === last && (!best || node.demerits < best.demerits)) best = node;
  if (!best) return undefined;
  const breaks: Break[] = [];
  for (let node: Node | undefined = best; node && node.previous; node = node.previous) breaks.push({ position: node.position, ratio: node.ratio });
  return breaks.reverse();
}
