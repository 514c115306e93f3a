import type { Block, Inline } from './tree.js';

/**
 * Bare web and e-mail addresses written in the text become links by themselves, as a
 * reader expects of a PDF and Word do. Only ASCII characters make an address (so a
 * Chinese full stop after it is not part of it), and closing punctuation at its end
 * is the sentence's ("see https://example.org.").
 */
/*
 * An e-mail address's parts are bounded as RFC 5321 bounds them (64 characters before
 * the @, 63 a label): unbounded, the pattern tried from each letter of a 240,000-letter
 * word reads on to its end, and took half a minute.
 */
const address = /\bhttps?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,63}/g;
const trailing = /[.,;:!?'")\]]+$/;

/** Links the bare addresses in a block's text (not inside a link already, nor in a note's mark). */
export function linkBareAddresses(block: Block): void {
  switch (block.kind) {
    case 'pageBreak':
      return;
    case 'field':
      linkIn(block.label);
      linkIn(block.value);
      return;
    case 'table':
      if (block.caption) linkIn(block.caption);
      for (const cell of block.header) linkIn(cell);
      for (const row of block.rows) for (const cell of row) linkIn(cell);
      return;
    default:
      linkIn(block.children);
  }
}

function linkIn(inlines: Inline[]): void {
  const out: Inline[] = [];
  for (const inline of inlines) {
    if (inline.kind === 'text') {
      for (const part of split(inline.text)) out.push(part);
      continue;
    }
    if (inline.kind !== 'link' && inline.kind !== 'break') linkIn(inline.children);
    out.push(inline);
  }
  inlines.length = 0;
  for (const inline of out) inlines.push(inline);
}

/** Text cut into plain text and links. */
function split(text: string): Inline[] {
  // No address without one of these: most texts are not searched at all.
  if (!text.includes('@') && !text.includes('://')) return [{ kind: 'text', text }];
  const parts: Inline[] = [];
  let at = 0;
  for (const match of text.matchAll(address)) {
    let found = match[0];
    // An unbalanced ")" at the end closes the sentence's parenthesis, not the address's.
    const cut = trailing.exec(found)?.[0] ?? '';
    found = found.slice(0, found.length - cut.length);
    if (!found.includes('@') && !/^https?:\/\/[^/]*\./.test(found)) continue;
    if (match.index > at) parts.push({ kind: 'text', text: text.slice(at, match.index) });
    const href = found.includes('://') ? found : `mailto:${found}`;
    parts.push({ kind: 'link', href, children: [{ kind: 'text', text: found }] });
    at = match.index + found.length;
  }
  if (at === 0) return [{ kind: 'text', text }];
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}
