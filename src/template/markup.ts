import { SaxesParser, type SaxesTag } from 'saxes';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import type { Block, BlockSource, DocumentMeta, DocumentTree, Inline } from '../document/tree.js';
import { isWide } from '../text/script.js';
import { linkBareAddresses } from '../document/autolink.js';
import { tableTexts } from '../document/text.js';
import { listStyles, type ListStyle } from '../document/tree.js';
import { linkProblem } from '../document/links.js';

/**
 * Reads the markup the document templates produce into the document tree.
 *
 *   <document lang title author subject date="2013-03-11"
 *             header="running header" page-label="第 {page} 页 共 {pages} 页" numbering="%1、">
 *     <keyword>…</keyword>   (one element each: a keyword may hold any character)
 *     <title bookmark="…">…</title>   <heading level="1">…</heading>
 *     <p>…</p> (<p align="start|center|end">: not justified)   <item list="list-1">…</item>   <pagebreak/>
 *     <field bookmark="…"><label>…</label>…</field>
 *     <li list="list-2" level="1..3" style="(a)" after="true">…</li>   (after: it follows a numbered paragraph)
 *     <quote id="quote-1">…</quote>   <quote id="quote-1" attribution="true">…</quote>
 *     <table widths="50,,25"><caption>…</caption><row header="true"><cell>…</cell>…</row><row>…</row></table>
 *   inlines: <strong> <em> <span lang="en"> <note> (<note mark="*">: a symbol, not a number)
 *   <a href="https://…">  <sup> <sub>  <br/>
 *   Bare https:// and http:// addresses and e-mail addresses in the text become links.
 *   <?source N?>: the text that follows came from sources[N] (a content field): the
 *   block (or note) holding the first such marker takes it as its source.
 *
 * White space: next to a Chinese character it disappears (YAML folding and template
 * indentation add none), elsewhere a run of it becomes one space, and block edges
 * are trimmed.
 */

type InlineContainer = { children: Inline[] };
type Frame =
  | { tag: 'document' }
  | { tag: 'keyword'; text: string }
  /** `locate`: a table's caption or cell, which keeps where its own text was written. */
  | { tag: 'block'; block: Block; inlines: Inline[]; locate?: (source: BlockSource) => void }
  | { tag: 'label'; inlines: Inline[] }
  /** Inside a table, between its cells: only white space may stand here. */
  | { tag: 'table-part'; block: Extract<Block, { kind: 'table' }>; header?: boolean; row?: Inline[][] }
  | { tag: 'inline'; inline: Inline; inlines: Inline[] };

const blockTags = new Set(['title', 'heading', 'p', 'item', 'field', 'pagebreak', 'li', 'quote', 'table']);
const inlineTags = new Set(['strong', 'em', 'span', 'note', 'a', 'sup', 'sub', 'br']);

export function parseMarkup(markup: string, sources: readonly BlockSource[] = []): DocumentTree {
  const parser = new SaxesParser({ position: true });
  const stack: Frame[] = [];
  const blocks: Block[] = [];
  let meta: DocumentMeta | undefined;

  const fail = (message: string): never => {
    const line = markup.split('\n')[parser.line - 1] ?? '';
    throw new DiagnosticError([
      error('template/markup', `the templates produced invalid markup: ${message}`, {
        suggestion: `markup line ${parser.line}: ${line.trim().slice(0, 120)}`,
      }),
    ]);
  };
  const top = () => stack[stack.length - 1];
  const currentInlines = (): Inline[] => {
    const frame = top();
    if (!frame || frame.tag === 'document' || frame.tag === 'keyword' || frame.tag === 'table-part') return fail('text outside a block');
    return frame.inlines;
  };

  /** A table's caption, row or cell: where it may stand, and the inlines it holds. */
  const tablePart = (name: string, attrs: Record<string, string>) => {
    const frame = top();
    if (frame?.tag !== 'table-part') return fail(`<${name}> belongs in a <table>`);
    const table = frame.block;
    const where = (table.cellSources ??= { header: [], rows: [] });
    if (name === 'caption') {
      if (frame.row) fail('<caption> belongs directly in a <table>');
      stack.push({ tag: 'block', block: table, inlines: (table.caption = []), locate: (source) => (where.caption ??= source) });
    } else if (name === 'row') {
      if (frame.row) fail('<row> belongs directly in a <table>');
      const header = attrs.header === 'true';
      const row: Inline[][] = [];
      if (header) table.header = row;
      else table.rows.push(row);
      if (!header) where.rows.push([]);
      stack.push({ tag: 'table-part', block: table, header, row });
    } else {
      if (!frame.row) fail('<cell> belongs in a <row>');
      const cell: Inline[] = [];
      const c = frame.row!.push(cell) - 1;
      const sources = frame.header ? where.header : where.rows[where.rows.length - 1]!;
      stack.push({ tag: 'block', block: table, inlines: cell, locate: (source) => (sources[c] ??= source) });
    }
  };

  parser.on('error', (e) => fail(e.message));
  parser.on('opentag', (tag: SaxesTag) => {
    const attrs = tag.attributes as Record<string, string>;
    const bookmark = attrs.bookmark || undefined;
    if (tag.name === 'document') {
      if (stack.length) fail('<document> must be the root');
      meta = readMeta(attrs, fail);
      stack.push({ tag: 'document' });
    } else if (tag.name === 'keyword') {
      if (top()?.tag !== 'document') fail('<keyword> must stand directly in <document>');
      stack.push({ tag: 'keyword', text: '' });
    } else if (blockTags.has(tag.name)) {
      if (top()?.tag !== 'document') fail(`<${tag.name}> must stand directly in <document>`);
      const block = newBlock(tag.name, attrs, bookmark, fail);
      blocks.push(block);
      if (block.kind === 'table') stack.push({ tag: 'table-part', block });
      else stack.push({ tag: 'block', block, inlines: block.kind === 'field' ? block.value : block.kind === 'pageBreak' ? [] : block.children });
    } else if (tag.name === 'caption' || tag.name === 'row' || tag.name === 'cell') {
      tablePart(tag.name, attrs);
    } else if (tag.name === 'label') {
      const frame = top();
      if (frame?.tag !== 'block' || frame.block.kind !== 'field') return fail('<label> belongs in a <field>');
      stack.push({ tag: 'label', inlines: frame.block.label });
    } else if (inlineTags.has(tag.name)) {
      const inline = newInline(tag.name, attrs, fail);
      currentInlines().push(inline);
      stack.push({ tag: 'inline', inline, inlines: 'children' in inline ? (inline as InlineContainer).children : [] });
    } else {
      fail(`unknown element <${tag.name}>`);
    }
  });
  parser.on('processinginstruction', ({ target, body }) => {
    if (target !== 'source') return fail(`unknown processing instruction <?${target}?>`);
    const source = sources[Number(body)];
    if (!/^\d+$/.test(body) || !source) return fail(`<?source ${body}?> names no source`);
    // The innermost note or block around the marker; the first marker in it wins.
    for (let i = stack.length - 1; i >= 0; i--) {
      const frame = stack[i]!;
      const owner = frame.tag === 'block' ? frame.block : frame.tag === 'inline' && frame.inline.kind === 'note' ? frame.inline : undefined;
      if (!owner) continue;
      if (owner.kind !== 'pageBreak') owner.source ??= source;
      if (frame.tag === 'block') frame.locate?.(source);
      return;
    }
  });
  parser.on('text', (text) => {
    const frame = top();
    if (frame?.tag === 'keyword') {
      frame.text += text;
      return;
    }
    if (frame?.tag === 'document' || frame?.tag === 'table-part' || stack.length === 0) {
      if (text.trim()) fail('text outside a block');
      return;
    }
    const inlines = currentInlines();
    const last = inlines[inlines.length - 1];
    if (last?.kind === 'text') last.text += text;
    else inlines.push({ kind: 'text', text });
  });
  parser.on('closetag', () => {
    const frame = stack.pop();
    const keyword = frame?.tag === 'keyword' ? frame.text.trim() : '';
    if (keyword) meta!.keywords.push(keyword);
  });
  parser.write(markup).close();
  if (!meta) return fail('no <document> element');

  for (const block of blocks) {
    // A field's label and value read as one line: the space between them is kept
    // (dropped next to Chinese, like any other).
    if (block.kind === 'field') normalizeSpace(block.label, block.value);
    else if (block.kind === 'table') {
      if (block.rows.some((row) => row.length > block.header.length)) fail('a <row> has more cells than the header');
      for (const inlines of tableTexts(block)) normalizeSpace(inlines);
    } else if (block.kind !== 'pageBreak') normalizeSpace(block.children);
    linkBareAddresses(block);
  }
  return { meta, blocks };
}

function readMeta(attrs: Record<string, string>, fail: (m: string) => never): DocumentMeta {
  const date = new Date(`${attrs.date ?? ''}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) fail('<document date> must be YYYY-MM-DD');
  if (!attrs.lang) fail('<document> needs lang');
  return {
    title: attrs.title ?? '',
    author: attrs.author ?? '',
    subject: attrs.subject ?? '',
    keywords: [],
    lang: attrs.lang!,
    date,
    header: attrs.header ?? '',
    pageLabel: attrs['page-label'] ?? '{page}',
    numbering: attrs.numbering || '%1.',
  };
}

function newBlock(name: string, attrs: Record<string, string>, bookmark: string | undefined, fail: (m: string) => never): Block {
  const marks = bookmark ? { bookmark } : {};
  switch (name) {
    case 'title':
      return { kind: 'title', children: [], ...marks };
    case 'heading': {
      const level = Number(attrs.level ?? 1);
      if (level !== 1 && level !== 2 && level !== 3) fail('<heading level> must be 1, 2 or 3');
      return { kind: 'heading', level: level as 1 | 2 | 3, children: [], ...marks };
    }
    case 'p': {
      const align = attrs.align;
      if (align !== undefined && align !== 'start' && align !== 'center' && align !== 'end') fail('<p align> must be start, center or end');
      return { kind: 'paragraph', children: [], ...marks, ...(align ? { align: align as 'start' | 'center' | 'end' } : {}) };
    }
    case 'item':
      return { kind: 'numbered', list: attrs.list || 'list-1', children: [], ...marks };
    case 'field':
      return { kind: 'field', label: [], value: [], ...marks };
    case 'li': {
      const level = Number(attrs.level ?? 1);
      if (level !== 1 && level !== 2 && level !== 3) fail('<li level> must be 1, 2 or 3');
      const style = (attrs.style ?? 'bullet') as ListStyle;
      if (!listStyles.includes(style)) fail(`<li style> must be one of ${listStyles.join(' ')}`);
      return { kind: 'listItem', list: attrs.list || 'list-1', level: level as 1 | 2 | 3, style, ...(attrs.after === 'true' ? { after: true } : {}), children: [], ...marks };
    }
    case 'quote':
      return { kind: 'quote', quote: attrs.id || 'quote-1', ...(attrs.attribution === 'true' ? { attribution: true } : {}), children: [], ...marks };
    case 'table': {
      const widths = (attrs.widths ?? '').split(',').map((w) => (w.trim() ? Number(w) : undefined));
      if (widths.some((w) => w !== undefined && !(w > 0 && w < 100))) fail('<table widths> are percentages between 0 and 100');
      return { kind: 'table', widths: attrs.widths ? widths : [], header: [], rows: [], ...marks };
    }
    default:
      return { kind: 'pageBreak' };
  }
}

function newInline(name: string, attrs: Record<string, string>, fail: (m: string) => never): Inline {
  switch (name) {
    case 'strong':
      return { kind: 'strong', children: [] };
    case 'em':
      return { kind: 'emphasis', children: [] };
    case 'a': {
      const problem = linkProblem(attrs.href ?? '');
      if (problem) fail(`<a href>: ${problem}`);
      return { kind: 'link', href: attrs.href!, children: [] };
    }
    case 'sup':
    case 'sub':
      return { kind: 'script', position: name === 'sup' ? 'super' : 'sub', children: [] };
    case 'br':
      return { kind: 'break', children: [] };
    case 'note': {
      // A symbol is a few characters ("*", "**", "†"), never text that could hide a note.
      if (attrs.mark !== undefined && !/^\S{1,4}$/u.test(attrs.mark)) fail('<note mark> must be a symbol of 1 to 4 characters');
      return { kind: 'note', children: [], ...(attrs.mark ? { mark: attrs.mark } : {}) };
    }
    default:
      if (!attrs.lang) fail('<span> needs lang');
      return { kind: 'span', lang: attrs.lang!, children: [] };
  }
}


/** Collapses white space in a run of inlines, or several read as one (notes are their own run). */
function normalizeSpace(...lists: Inline[][]): void {
  const texts: { kind: 'text'; text: string }[] = [];
  const collect = (list: Inline[]) => {
    for (const inline of list) {
      if (inline.kind === 'text') texts.push(inline);
      else if (inline.kind === 'note') normalizeSpace(inline.children);
      else if (inline.kind !== 'break') collect(inline.children);
    }
  };
  lists.forEach(collect);
  const whole = texts.map((t) => t.text).join('');
  // Where each text node ends in `whole`; a run's replacement goes to the node its first character is in.
  const ends: number[] = [];
  texts.reduce((end, t) => (ends.push(end + t.text.length), end + t.text.length), 0);
  const out = texts.map(() => '');
  let node = 0;
  let copied = 0;
  const copyUpTo = (to: number) => {
    while (copied < to) {
      while (ends[node]! <= copied) node++;
      const end = Math.min(to, ends[node]!);
      out[node] += whole.slice(copied, end);
      copied = end;
    }
  };
  for (const run of whole.matchAll(/\s+/gu)) {
    const start = run.index;
    const end = start + run[0].length;
    const before = start > 0 ? codePointBefore(whole, start) : undefined;
    const after = end < whole.length ? String.fromCodePoint(whole.codePointAt(end)!) : undefined;
    // Chinese takes no spaces: next to a wide character white space is only line
    // wrapping in the source (YAML folding, template indentation), and the gap
    // between Chinese and Latin text is the typesetter's job (autospace), not a space.
    const atEdge = before === undefined || after === undefined;
    const nextToWide = isWide(before ?? '') || isWide(after ?? '');
    copyUpTo(start);
    while (ends[node]! <= start) node++;
    if (!atEdge && !nextToWide) out[node] += ' ';
    copied = end;
  }
  copyUpTo(whole.length);
  texts.forEach((t, i) => (t.text = out[i]!));
  lists.forEach(trimAtBreaks);
  lists.forEach(pruneEmpty);
}

/** A line break ends a line: no space is left before it or after it. */
function trimAtBreaks(inlines: Inline[]): void {
  inlines.forEach((inline, i) => {
    if (inline.kind !== 'break') return;
    const before = inlines[i - 1];
    const after = inlines[i + 1];
    if (before?.kind === 'text') before.text = before.text.trimEnd();
    if (after?.kind === 'text') after.text = after.text.trimStart();
  });
}


/** The code point that ends just before `index`. */
function codePointBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  const pair = low >= 0xdc00 && low <= 0xdfff && index >= 2 && /[\uD800-\uDBFF]/.test(text[index - 2]!);
  return String.fromCodePoint(text.codePointAt(pair ? index - 2 : index - 1)!);
}

/** Drops the text inlines left empty, in one pass (a splice for each is quadratic). */
function pruneEmpty(inlines: Inline[]): void {
  let kept = 0;
  for (const inline of inlines) {
    if (inline.kind === 'text' && inline.text === '') continue;
    if (inline.kind !== 'text' && inline.kind !== 'note' && inline.kind !== 'break') pruneEmpty(inline.children);
    inlines[kept++] = inline;
  }
  inlines.length = kept;
}
