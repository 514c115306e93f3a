/**
 * Where each character of a paragraph as printed comes from in the content template
 * it was rendered from: typed text (at an offset of the template), or the output of
 * an expression (`{{profile.membership.memberUnits}}`), or neither (a label the
 * document template put before it). An edit made in Word to typed text goes back into
 * the template at that offset; one inside an expression's output is an edit of the
 * fact it prints, never pasted over the expression.
 *
 * The printed text is "marked" (see marked.ts): bold is written `{{#strong}}…{{/strong}}`
 * in it, as in the template, so a `{{#strong}}` tag is matched as text and a phrase
 * made bold in Word becomes one.
 */

export type Segment =
  /** Typed text, at `start` in the template. */
  | { kind: 'text'; start: number; text: string }
  /** A tag printed as a mark in the marked text (`{{#strong}}`): matched as text. */
  | { kind: 'mark'; start: number; text: string }
  /** An expression whose output is text; `path`: the field it prints, when it is a plain field (`profile.membership.memberUnits`). */
  | { kind: 'slot'; start: number; end: number; expression: string; path?: string }
  /** A tag that prints no text (`{{#lang "en"}}`, `{{/lang}}`, `{{footnote "a"}}`, a comment). */
  | { kind: 'tag'; start: number; end: number };

export const markTags = new Set(['{{#strong}}', '{{/strong}}']);

/** A content template cut into typed text, marks, expressions and silent tags. */
export function segments(template: string): Segment[] {
  const out: Segment[] = [];
  let text = '';
  let textStart = 0;
  const flush = (at: number) => {
    if (text) out.push({ kind: 'text', start: textStart, text });
    text = '';
    textStart = at;
  };
  let i = 0;
  while (i < template.length) {
    // `\{{` is typed braces: Handlebars prints `{{`.
    if (template.startsWith('\\{{', i)) {
      // The backslash prints nothing (a tag); the two braces are typed text at i+1, i+2.
      flush(i);
      out.push({ kind: 'tag', start: i, end: i + 1 });
      textStart = i + 1;
      text = '{{';
      i += 3;
      continue;
    }
    if (!template.startsWith('{{', i)) {
      if (!text) textStart = i;
      text += template[i];
      i++;
      continue;
    }
    const end = tagEnd(template, i);
    const tag = template.slice(i, end);
    flush(end);
    const inner = tag.replace(/^\{\{\{?~?|~?\}?\}\}$/g, '').trim();
    if (markTags.has(tag)) out.push({ kind: 'mark', start: i, text: tag });
    else if (tag.startsWith('{{!') || /^[#/^]|^else\b/.test(inner) || /^footnote\b/.test(inner)) out.push({ kind: 'tag', start: i, end });
    else if (inner === 'br') out.push({ kind: 'slot', start: i, end, expression: tag });
    else {
      const path = /^(?:profile|submission)(?:\.(?:[A-Za-z_][\w-]*|\[\d+\]))+$/.test(inner) ? inner.replace(/\.\[(\d+)\]/g, '.$1') : undefined;
      out.push({ kind: 'slot', start: i, end, expression: tag, ...(path ? { path } : {}) });
    }
    i = end;
    textStart = i;
  }
  flush(i);
  return out;
}

/** The end of the tag starting at `at`: comments `{{!-- … --}}` may hold braces. */
function tagEnd(template: string, at: number): number {
  if (template.startsWith('{{!--', at)) {
    const close = template.indexOf('--}}', at + 5);
    return close < 0 ? template.length : close + 4;
  }
  const triple = template.startsWith('{{{', at);
  const close = template.indexOf(triple ? '}}}' : '}}', at + 2);
  return close < 0 ? template.length : close + (triple ? 3 : 2);
}

/** Where a character of the printed text comes from. */
export type Origin =
  | { kind: 'text'; at: number }
  | { kind: 'slot'; slot: number }
  /** Printed by the document template around the field (a label). */
  | { kind: 'prefix' };

export interface Alignment {
  origins: Origin[];
  /** Each slot's segment index and its span in the printed text. */
  slots: { segment: number; start: number; end: number }[];
  segments: Segment[];
}

/** Spaces a build may put where the template has none, or take away (between Chinese characters). */
const space = '[\\s\\u200b]*';

/**
 * Matches a printed text against its template: each typed character to its offset,
 * each expression to the text it printed. Undefined where they do not match (the
 * template changed since the file was built).
 */
export function align(template: string, printed: string): Alignment | undefined {
  const parts = segments(template);
  let source = '^([\\s\\S]*?)';
  const groups: { segment: number }[] = [];
  parts.forEach((part, index) => {
    if (part.kind === 'tag') return;
    if (part.kind === 'slot') {
      source += part.expression.trim() === '{{br}}' ? '(\\n)' : '([\\s\\S]*?)';
    } else {
      let pattern = '';
      for (const char of part.text) {
        if (/\s/.test(char)) pattern += pattern.endsWith(space) ? '' : space;
        // French spacing: the build puts a narrow no-break space before ; ! ? » and after «.
        else if (/[;:!?»]/.test(char)) pattern += (pattern.endsWith(space) ? '' : space) + escape(char);
        else if (char === '«') pattern += escape(char) + space;
        else pattern += escape(char);
      }
      source += `(${pattern})`;
    }
    groups.push({ segment: index });
  });
  source += '$';
  let match: RegExpExecArray | null;
  try {
    match = new RegExp(source, 'du').exec(printed);
  } catch {
    return undefined;
  }
  if (!match?.indices) return undefined;
  const origins: Origin[] = new Array<Origin>(printed.length);
  const [, prefixEnd] = match.indices[1]!;
  for (let i = 0; i < prefixEnd; i++) origins[i] = { kind: 'prefix' };
  const slots: Alignment['slots'] = [];
  groups.forEach(({ segment }, g) => {
    const [start, end] = match!.indices![g + 2]!;
    const part = parts[segment]!;
    if (part.kind === 'slot') {
      slots.push({ segment, start, end });
      for (let i = start; i < end; i++) origins[i] = { kind: 'slot', slot: slots.length - 1 };
      return;
    }
    if (part.kind === 'tag') return;
    // Typed text: walk the template's characters and the printed ones together.
    let t = 0;
    let p = start;
    const text = part.text;
    while (p < end) {
      if (t < text.length && text[t] === printed[p]) {
        origins[p++] = { kind: 'text', at: part.start + t++ };
      } else if (t < text.length && /\s/.test(text[t]!)) {
        t++;
      } else {
        // A space the build added: it belongs to where it stands in the template.
        origins[p++] = { kind: 'text', at: part.start + Math.min(t, text.length - 1) };
      }
    }
  });
  return { origins, slots, segments: parts };
}

const escape = (char: string) => char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
