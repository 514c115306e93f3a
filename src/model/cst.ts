import type { CST } from 'yaml';

/**
 * The YAML parser's concrete syntax tree keeps every piece of the source, even where the
 * text is broken, each with its offset: the place to look for what the text says rather
 * than what the parser made of it.
 */
export function forEachToken(tokens: readonly CST.Token[], visit: (token: CST.Token) => 'skip' | void): void {
  // A stack, not recursion: a fuzzer's 300 nested brackets are 300 levels of tree.
  const stack: unknown[] = [...tokens].reverse();
  while (stack.length) {
    const next = stack.pop();
    if (!next || typeof next !== 'object') continue;
    if (Array.isArray(next)) {
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
      continue;
    }
    if (isToken(next) && visit(next) === 'skip') continue;
    for (const value of Object.values(next).reverse()) if (value && typeof value === 'object') stack.push(value);
  }
}

/** Tokens between the pieces of text: a scalar's trailing line breaks and comments are among its tokens. */
const between = new Set(['space', 'newline', 'comment']);

/** Where the text of a token (nested tokens included) starts and ends in the source. */
export function extent(token: CST.Token): [number, number] {
  let start = token.offset;
  let end = token.offset + ('source' in token ? token.source.length : 0);
  forEachToken([token], (t) => {
    if (between.has(t.type)) return;
    start = Math.min(start, t.offset);
    if ('source' in t) end = Math.max(end, t.offset + t.source.length);
  });
  return [start, end];
}

function isToken(value: object): value is CST.Token {
  return typeof (value as { type?: unknown }).type === 'string' && typeof (value as { offset?: unknown }).offset === 'number';
}
