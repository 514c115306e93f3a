/**
 * Differences of texts, by the longest common subsequence: of words (each Chinese
 * character a word, each `{{#strong}}` mark one) for the edits in a paragraph, and of
 * lines for the YAML diff an import prints.
 */

/** A replacement: printed characters [start, end) of the old text become `text`. */
export interface Hunk {
  start: number;
  end: number;
  text: string;
  /** Where `text` starts in the new text. */
  at: number;
}

const token = /\{\{[#/](?:strong|em)\}\}|[\p{L}\p{M}\p{N}_]+|\s+|./gsu;
const wide = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]|[\u{20000}-\u{3ffff}]/u;

function tokens(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  for (const match of text.matchAll(token)) {
    // A run of Chinese characters has no spaces: each character is a word.
    if (wide.test(match[0]) && !match[0].startsWith('{{')) {
      let at = match.index;
      for (const char of match[0]) {
        out.push({ text: char, start: at });
        at += char.length;
      }
    } else out.push({ text: match[0], start: match.index });
  }
  return out;
}

/** The pairs of equal items of a and b in order, longest first found (LCS). */
function common<T>(a: readonly T[], b: readonly T[]): [number, number][] {
  // Equal heads and tails are taken first: most edits touch a little of a long text.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = a[head + i] === b[head + j] ? lengths[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lengths[(i + 1) * (m + 1) + j]!, lengths[i * (m + 1) + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[head + i] === b[head + j]) {
      pairs.push([head + i, head + j]);
      i++;
      j++;
    } else if (lengths[(i + 1) * (m + 1) + j]! >= lengths[i * (m + 1) + j + 1]!) i++;
    else j++;
  }
  for (let k = 0; k < tail; k++) pairs.push([a.length - tail + k, b.length - tail + k]);
  return pairs;
}

/** The edits that make `after` of `before`, word by word. */
export function textHunks(before: string, after: string): Hunk[] {
  const a = tokens(before);
  const b = tokens(after);
  const pairs = common(
    a.map((t) => t.text),
    b.map((t) => t.text),
  );
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  const startOf = (list: typeof a, k: number, whole: string) => (k < list.length ? list[k]!.start : whole.length);
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    if (pi > i || pj > j) {
      const at = startOf(b, j, after);
      hunks.push({ start: startOf(a, i, before), end: startOf(a, pi, before), text: after.slice(at, startOf(b, pj, after)), at });
    }
    i = pi + 1;
    j = pj + 1;
  }
  return hunks;
}

/** A unified diff of two versions of a file (3 lines of context), or '' where they are equal. */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  const pairs = common(a, b);
  type Line = { sign: ' ' | '-' | '+'; text: string; a: number; b: number };
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    while (i < pi) lines.push({ sign: '-', text: a[i]!, a: i++, b: j });
    while (j < pj) lines.push({ sign: '+', text: b[j]!, a: i, b: j++ });
    if (pi < a.length) lines.push({ sign: ' ', text: a[pi]!, a: i++, b: j++ });
  }
  const out = [`--- a/${name}`, `+++ b/${name}`];
  const changed = lines.map((l, k) => (l.sign !== ' ' ? k : -1)).filter((k) => k >= 0);
  let k = 0;
  while (k < changed.length) {
    const first = Math.max(0, changed[k]! - 3);
    let last = changed[k]!;
    while (k + 1 < changed.length && changed[k + 1]! - last <= 7) last = changed[++k]!;
    k++;
    const end = Math.min(lines.length - 1, last + 3);
    const hunk = lines.slice(first, end + 1);
    const aCount = hunk.filter((l) => l.sign !== '+').length;
    const bCount = hunk.filter((l) => l.sign !== '-').length;
    out.push(`@@ -${hunk[0]!.a + 1},${aCount} +${hunk[0]!.b + 1},${bCount} @@`);
    for (const line of hunk) out.push(line.sign + line.text);
  }
  return out.join('\n') + '\n';
}

/** Whether two texts are one text edited: most of their pairs of characters are shared. */
export function similar(a: string, b: string): boolean {
  const pairs = (text: string) => {
    const chars = [...text.replace(/\s+/g, '')];
    return new Set(chars.slice(1).map((c, i) => chars[i]! + c));
  };
  const x = pairs(a);
  const y = pairs(b);
  if (!x.size && !y.size) return a.trim() === b.trim();
  let both = 0;
  for (const pair of x) if (y.has(pair)) both++;
  return both / Math.max(x.size, y.size) >= 0.5;
}

/** The pairs of items of a and b that `same` matches, in order, as many as can be (LCS). */
export function matching<A, B>(a: readonly A[], b: readonly B[], same: (x: A, y: B) => boolean): [number, number][] {
  const m = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * m);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * m + j] = same(a[i]!, b[j]!) ? lengths[(i + 1) * m + j + 1]! + 1 : Math.max(lengths[(i + 1) * m + j]!, lengths[i * m + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (same(a[i]!, b[j]!) && lengths[i * m + j] === lengths[(i + 1) * m + j + 1]! + 1) pairs.push([i++, j++]);
    else if (lengths[(i + 1) * m + j]! >= lengths[i * m + j + 1]!) i++;
    else j++;
  }
  return pairs;
}
