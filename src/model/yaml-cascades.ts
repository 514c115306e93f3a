import type { CST } from 'yaml';
import { extent, forEachToken } from './cst.js';

/** Tokens that may run on over lines a mistake would otherwise leave to the next key. */
const spanning = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar', 'flow-collection']);

/**
 * A YAML parser that meets a mistake loses its place and reports much of what follows:
 * one "*bold** " before the first line gave 120 errors, a tab used for indentation 7.
 * Users read the first screen, so problems are grouped into regions and each region is
 * reported by its first problem, with the rest counted as caused by it.
 *
 * The regions come from the text, not from the parser's picture of it, which is what
 * the mistake broke. A region runs from a line that starts with a key at column 1 to the
 * next one: that is where the parser gets back in step. A scalar or bracket that runs on
 * over such lines (an unclosed quote or "[") joins the lines it covers, and whatever lies
 * after the point where the parser ended the document belongs to the region before it.
 */
export function groupCascades<P extends { offset: number }>(
  problems: readonly P[],
  text: string,
  tokens: readonly CST.Token[],
  documentEnd: number,
): (P & { caused: P[] })[] {
  if (!problems.length) return []; // the regions cost a walk of every token
  const starts = regionStarts(text, tokens);
  const groups: (P & { caused: P[] })[] = [];
  let region = -1;
  let next = 0; // problems come in order of offset, so regions are walked once
  // Stable: at one offset, the problems given first (with the better explanation) lead.
  for (const problem of [...problems].sort((a, b) => a.offset - b.offset)) {
    while (next < starts.length && starts[next]! <= problem.offset) next++;
    const head = groups[groups.length - 1];
    // A problem on the very key that starts the next region is the parser noticing only
    // there that the structure above it was broken (a directive without a document, a
    // bracket never closed).
    const onNextKey = problem.offset === starts[next - 1] && next - 2 === region;
    if (head && (problem.offset >= documentEnd || next - 1 === region || onNextKey)) head.caused.push(problem);
    else groups.push({ ...problem, caused: [] });
    region = next - 1;
  }
  return groups;
}

/** Offsets of the lines that start with a key at column 1 (a character YAML gives no meaning), but for those inside a scalar or bracket. */
function regionStarts(text: string, tokens: readonly CST.Token[]): number[] {
  const covered: [number, number][] = [];
  forEachToken(tokens, (token) => {
    if (!spanning.has(token.type)) return;
    const [from, to] = extent(token);
    if (text.slice(from, to).includes('\n')) covered.push([from, to]);
    return 'skip'; // the outermost bracket covers all inside it
  });
  // Outermost tokens do not overlap: in order of offset, one pointer walks them.
  covered.sort((a, b) => a[0] - b[0]);
  const starts = [0];
  let c = 0;
  for (const { index } of text.matchAll(/^[^\s#&!*|>%@`\-?:[\]{},'"]/gm)) {
    while (c < covered.length && covered[c]![1] < index) c++;
    // A bracket the parser closed only at this key ends here: the key is inside too.
    const inside = c < covered.length && covered[c]![0] < index && index <= covered[c]![1];
    if (!inside) starts.push(index);
  }
  return starts;
}
