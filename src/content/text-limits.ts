import { error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import { limits, n } from '../model/limits.js';
import { countWords } from '../text/words.js';

/**
 * A content file's sizes against the limits: its footnotes, and the words of
 * each text. A text has no more words than characters, so only long ones are counted.
 */
/** What contentLimits reads of a parsed file (model/source.ts's SourceFile). */
interface ReadFile {
  data: unknown;
  path: string;
  locate(path: ReadonlyArray<PropertyKey>): { line: number; column: number };
}

export function contentLimits(source: ReadFile): Diagnostic[] {
  const data = source.data as { footnotes?: unknown } | undefined;
  const problems: Diagnostic[] = [];
  const at = (path: PropertyKey[], rule: string, message: string, suggestion: string) =>
    problems.push(error(rule, message, { file: source.path, ...source.locate(path), field: fieldPath(path), suggestion }));
  const footnotes = data?.footnotes && typeof data.footnotes === 'object' ? Object.keys(data.footnotes).length : 0;
  if (footnotes > limits.footnotes) {
    at(['footnotes'], 'limits/footnotes', `${n(footnotes)} footnotes; at most ${n(limits.footnotes)}`, 'split the text into several submissions');
  }
  forEachLongText(source.data, limits.wordsPerText, (text, path) => {
    const words = countWords(text, 'und');
    if (words > limits.wordsPerText && problems.length < 20) {
      at(path, 'limits/words', `${n(words)} words in one text; at most ${n(limits.wordsPerText)}`, 'split it into several paragraphs');
    }
  });
  return problems;
}

/** Each string value longer than `length` characters, with its path; a stack, not recursion. */
function forEachLongText(value: unknown, length: number, visit: (text: string, path: PropertyKey[]) => void): void {
  const stack: [unknown, PropertyKey[]][] = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > length) visit(v, path);
    } else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v).reverse()) stack.push([item, [...path, k]]);
  }
}
