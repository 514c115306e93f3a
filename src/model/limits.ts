import { isMap, isPair, isScalar, isSeq, type CST, type Document, type Node } from 'yaml';
import { error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { YamlProblem } from './yaml-features.js';

/**
 * The sizes Dossier refuses rather than builds, each far above any real submission
 * (the longest UN documents run to ~30,000 words; the bench's 2,000-page report has
 * ~8,000 body entries). Each is checked when the file is read, before any work that
 * grows with it, and reported where the value stands. The README lists them under
 * "Limits".
 */
export const limits = {
  /**
   * Lines in one YAML file, counted before it is parsed: yaml's parser takes ~5 µs and
   * ~700 bytes for each entry of a list, so a file of 2 million one-line entries (8 MB)
   * took 12 s and 1.5 GB just to be refused for its size.
   */
  linesPerFile: 500_000,
  /** Fields in one map of any YAML file (the footnotes are the largest real one). */
  keysPerMap: 10_000,
  /** Entries in one list of any YAML file (the `body`, of paragraphs, headings and page breaks, is the largest real one). */
  entriesPerList: 20_000,
  /** Footnotes under `footnotes:`. */
  footnotes: 5_000,
  /** Words (counted as the word limits count them) in one text: a paragraph, a heading, a footnote… */
  wordsPerText: 10_000,
} as const;

export const n = (count: number) => count.toLocaleString('en');

/** Where the first line past the limit starts, when the text has more lines than that. */
export function linesOverLimit(text: string): number | undefined {
  let at = 0;
  for (let line = 1; line <= limits.linesPerFile; line++) {
    const end = text.indexOf('\n', at);
    if (end < 0) return undefined;
    at = end + 1;
  }
  return at < text.length ? at : undefined;
}

/**
 * Maps and lists larger than the limits, found in the parser's token tree before
 * anything is built from it: reading a 300,000-entry body into a document and values
 * takes longer, and more memory, than parsing it.
 */
export function oversizedCollections(tokens: readonly CST.Token[]): YamlProblem[] {
  const problems: YamlProblem[] = [];
  // A stack, not recursion: a fuzzer's 300 nested brackets are 300 levels of tree.
  const stack: [CST.Token | null | undefined, PropertyKey[]][] = tokens.map((t): [CST.Token, PropertyKey[]] => [t, []]).reverse();
  while (stack.length) {
    const [token, path] = stack.pop()!;
    if (token?.type === 'document') stack.push([token.value, path]);
    if (token?.type !== 'block-map' && token?.type !== 'block-seq' && token?.type !== 'flow-collection') continue;
    const isList = token.type === 'block-seq' || (token.type === 'flow-collection' && token.start.source === '[');
    const entries = token.items.filter((item) => item.key != null || item.value !== undefined || item.start.some((t) => t.type === 'seq-item-ind'));
    const limit = isList ? limits.entriesPerList : limits.keysPerMap;
    if (entries.length > limit) {
      problems.push({
        offset: token.offset,
        rule: isList ? 'limits/list' : 'limits/keys',
        message: `${n(entries.length)} ${isList ? 'entries in one list' : 'fields in one map'}; at most ${n(limit)}`,
        suggestion: 'no Dossier file needs that many: split the text into several submissions',
        path,
      });
      continue;
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const { key, value } = entries[i]!;
      stack.push([value, [...path, isList ? i : keyName(key)]]);
    }
  }
  return problems;
}

/** A key as written (a plain or quoted scalar); a key of another kind is refused elsewhere. */
function keyName(key: CST.Token | null | undefined): string {
  if (key?.type === 'scalar') return key.source;
  if (key?.type === 'single-quoted-scalar' || key?.type === 'double-quoted-scalar') return key.source.slice(1, -1);
  return '?';
}

/**
 * Keys given twice in one map, in one pass over the document: yaml's own check
 * compares each key with every one before it (50,000 keys: 102 s).
 */
export function duplicateKeys(doc: Document.Parsed): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    if (!isMap(node)) continue;
    const seen = new Set<unknown>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      // Equal as yaml compares keys: scalars by value (NaN never), anything else never.
      if (isScalar(key) && !Number.isNaN(key.value)) {
        if (seen.has(key.value)) {
          problems.push({ offset: key.range?.[0] ?? 0, rule: 'yaml/syntax', message: 'Map keys must be unique', suggestion: 'a key is given twice in one map: delete or rename one of them' });
        }
        seen.add(key.value);
      }
    }
    for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!.value);
  }
  return problems;
}
