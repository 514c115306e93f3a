import { escapeXml } from '../xml.js';
import { matching, similar, textHunks, type Hunk } from './diff.js';
import { idPrefix, type IdRecord } from './ids.js';
import { idsPartPath, readIdsPart } from './ids-part.js';
import { paragraphText, type EditedDocx } from './read-docx.js';
import { unzip } from './unzip.js';

/**
 * `build --changes-since`: the new DOCX shows, as Word tracked changes, how it differs
 * from an earlier version, paragraph by paragraph as their ids match (ids.ts): words
 * inserted (`w:ins`) and deleted (`w:del`), paragraphs added and removed. Numbers Word
 * counts itself (the paragraphs' numbering) are no text, so their shifting is no change.
 * The changes carry the build's date, so the same inputs give the same bytes.
 */

export interface ChangeMark {
  author: string;
  date: Date;
}

/** Zips a package's entries, dated: the DOCX writer's zip (render/docx/zip.ts), which build.ts passes in. */
export type Zip = (entries: Iterable<[path: string, data: Uint8Array]>, date: Date) => Uint8Array;

/** The DOCX's bytes with the differences from `old` tracked; the package otherwise as it was. */
export function markChanges(bytes: Uint8Array, old: EditedDocx, mark: ChangeMark, zip: Zip): Uint8Array {
  const entries = unzip(bytes);
  const document = entries.get('word/document.xml');
  if (!document) throw new Error('the DOCX has no word/document.xml');
  const ids = entries.get(idsPartPath);
  const records = ids ? readIdsPart(new TextDecoder().decode(ids)) : undefined;
  entries.set('word/document.xml', new TextEncoder().encode(trackChanges(new TextDecoder().decode(document), old, mark, records)));
  return zip(entries, mark.date);
}

const paragraphPattern = /<w:p>[\s\S]*?<\/w:p>|<w:p [^>]*>[\s\S]*?<\/w:p>/g;
const idOf = (xml: string) => new RegExp(`w:name="(${idPrefix}[0-9a-f]+)"`).exec(xml)?.[1];

/** document.xml with the differences from `old` tracked. */
export function trackChanges(xml: string, old: EditedDocx, { author, date }: ChangeMark, records?: readonly IdRecord[]): string {
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Change ids after every id the part has (bookmarks'): Word wants them unique among its annotations.
  let next = [...xml.matchAll(/w:id="(\d+)"/g)].reduce((most, m) => Math.max(most, Number(m[1])), 0) + 1;
  const attributes = () => `w:id="${next++}" w:author="${escapeXml(author)}" w:date="${stamp}"`;
  // Old and new paragraphs paired: by id where the text is still much the same; else,
  // for the body (whose ids are entry numbers, which shift when an entry is added or
  // removed), by text alone. The rest were added or removed.
  const news = [...xml.matchAll(paragraphPattern)].map((m) => ({ id: idOf(m[0]), text: runsText(m[0]) })).filter((p) => p.id);
  const olds = old.paragraphs.filter((p) => p.ids.length).map((p) => ({ id: p.ids[0]!, text: paragraphText(p), paragraph: p }));
  const inBody = (records: readonly IdRecord[] | undefined) => new Set((records ?? []).filter((r) => r.field.startsWith('body')).map((r) => r.name));
  const oldBody = inBody(old.records);
  const newBody = inBody(records);
  const pairs = matching(olds, news, (o, n) => similar(o.text, n.text) && (o.id === n.id || (oldBody.has(o.id) && newBody.has(n.id!))));
  const partner = new Map(pairs.map(([o, n]) => [n, olds[o]!]));
  const kept = new Set(pairs.map(([o]) => o));

  let index = 0;
  let out = xml.replace(paragraphPattern, (paragraph) => {
    if (!idOf(paragraph)) return paragraph;
    const was = partner.get(index++);
    const text = runsText(paragraph);
    if (!was) return markParagraphMark(changeRuns(paragraph, [{ start: 0, end: 0, text, at: 0 }], '', attributes), 'ins', attributes);
    const bold = was.paragraph.runs.flatMap((r) => Array.from({ length: r.text.length }, () => r.bold));
    const changed = changeRuns(paragraph, was.text === text ? [] : textHunks(was.text, text), was.text, attributes, bold);
    // Unchanged (in text and in bold): as it was, ids of changes not spent.
    return changed.includes('<w:ins ') || changed.includes('<w:del ') || changed.includes('<w:rPrChange ') ? changed : paragraph;
  });

  // Paragraphs the new version no longer has: struck through where they stood, after the last one both have.
  let anchor: number | undefined;
  const removed = new Map<number | undefined, string[]>();
  const newIndex = new Map(pairs.map(([o, n]) => [o, n]));
  olds.forEach((o, i) => {
    if (kept.has(i)) {
      anchor = newIndex.get(i);
      return;
    }
    const p = o.paragraph;
    const style = p.style ? `<w:pStyle w:val="${escapeXml(p.style)}"/>` : '';
    const deleted = `<w:p><w:pPr>${style}<w:rPr><w:del ${attributes()}/></w:rPr></w:pPr><w:del ${attributes()}><w:r><w:delText xml:space="preserve">${escapeXml(o.text.replace(/\n/g, ' '))}</w:delText></w:r></w:del></w:p>`;
    removed.set(anchor, [...(removed.get(anchor) ?? []), deleted]);
  });
  if (removed.size) {
    // After the new paragraph each list follows (the n-th with an id), or at the start of the body.
    let n = 0;
    out = out.replace(paragraphPattern, (paragraph) => (idOf(paragraph) ? paragraph + (removed.get(n++)?.join('') ?? '') : paragraph));
    const first = removed.get(undefined);
    if (first) out = out.replace(/<w:body>/, (open) => open + first.join(''));
  }
  return out;
}

type Item = { kind: 'text'; text: string } | { kind: 'char'; text: string; xml: string } | { kind: 'other'; xml: string };

const runPattern = /<w:r>([\s\S]*?)<\/w:r>|<w:r [^>]*>([\s\S]*?)<\/w:r>/g;
const itemPattern = /<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:t\/>|<w:br\/>|<w:tab\/>|<w:[A-Za-z]+(?: [^>]*)?\/>|<(w:[A-Za-z]+)(?: [^>]*)?>[\s\S]*?<\/\2>/g;

function parseRun(inner: string): { rPr: string; items: Item[] } {
  const rPr = /^<w:rPr>[\s\S]*?<\/w:rPr>/.exec(inner)?.[0] ?? '';
  const items: Item[] = [];
  for (const m of inner.slice(rPr.length).matchAll(itemPattern)) {
    if (m[0] === '<w:br/>') items.push({ kind: 'char', text: '\n', xml: m[0] });
    else if (m[0] === '<w:tab/>') items.push({ kind: 'char', text: '\t', xml: m[0] });
    else if (m[0] === '<w:t/>' || /^<w:t[ >]/.test(m[0])) items.push({ kind: 'text', text: unescapeXml(m[1] ?? '') });
    else items.push({ kind: 'other', xml: m[0] });
  }
  return { rPr, items };
}

const lengthOf = (items: Item[]) => items.reduce((n, i) => n + (i.kind === 'other' ? 0 : i.text.length), 0);

/** The paragraph's text as read-docx.ts reads it: w:t, line breaks, tabs. */
function runsText(paragraph: string): string {
  return [...paragraph.matchAll(runPattern)].map((m) => parseRun(m[1] ?? m[2] ?? '').items.map((i) => (i.kind === 'other' ? '' : i.text)).join('')).join('');
}

const itemXml = (item: Item) => (item.kind === 'text' ? `<w:t xml:space="preserve">${escapeXml(item.text)}</w:t>` : item.xml);

/** Items [from, to) of a run's, by text offset; the run's zero-length items go with its first piece. */
function slice(items: Item[], from: number, to: number): Item[] {
  const out: Item[] = [];
  let at = 0;
  for (const item of items) {
    const length = item.kind === 'other' ? 0 : item.text.length;
    if (item.kind === 'other') {
      if (from === 0 && at >= from && at <= to) out.push(item);
    } else if (at + length > from && at < to) {
      out.push(item.kind === 'text' ? { kind: 'text', text: item.text.slice(Math.max(0, from - at), to - at) } : item);
    }
    at += length;
  }
  return out;
}

/** The paragraph with its runs cut where the hunks start and end: inserted text in w:ins, deleted text in w:del. */
function changeRuns(paragraph: string, hunks: Hunk[], oldText: string, attributes: () => string, oldBold: boolean[] = []): string {
  const newLength = runsText(paragraph).length;
  const from = oldPositions(hunks, newLength);
  /** Whether the old version had the character at new offset p bold; undefined where it is new. */
  const boldBefore = (p: number) => (from[p]! >= 0 ? oldBold[from[p]!] : undefined);
  let offset = 0;
  let lastRPr = '';
  const deletion = (hunk: Hunk, rPr: string) =>
    hunk.end > hunk.start ? `<w:del ${attributes()}><w:r>${rPr}<w:delText xml:space="preserve">${escapeXml(oldText.slice(hunk.start, hunk.end).replace(/\n/g, ' '))}</w:delText></w:r></w:del>` : '';
  const emitted = new Set<Hunk>();
  let result = paragraph.replace(runPattern, (whole, a: string | undefined, b: string | undefined) => {
    const { rPr, items } = parseRun(a ?? b ?? '');
    const start = offset;
    const end = start + lengthOf(items);
    offset = end;
    lastRPr = rPr;
    // Cut points inside this run: where a hunk's insertion starts and ends.
    const cuts = new Set([start, end]);
    for (const h of hunks) for (const p of [h.at, h.at + h.text.length]) if (p > start && p < end) cuts.add(p);
    // And where the old version's bold started or ended.
    if (oldBold.length) for (let p = start + 1; p < end; p++) if (boldBefore(p) !== undefined && boldBefore(p - 1) !== undefined && boldBefore(p) !== boldBefore(p - 1)) cuts.add(p);
    const points = [...cuts].sort((x, y) => x - y);
    let xml = '';
    for (let k = 0; k + 1 < points.length || (k === 0 && points.length === 1); k++) {
      const from = points[k]!;
      const to = points[k + 1] ?? from;
      for (const h of hunks) {
        if (!emitted.has(h) && h.at === from && from < end) {
          xml += deletion(h, rPr);
          emitted.add(h);
        }
      }
      const piece = slice(items, from - start, to - start);
      if (!piece.length) continue;
      const inserted = hunks.some((h) => h.text.length && from >= h.at && to <= h.at + h.text.length && to > from);
      const was = inserted || !oldBold.length || to === from ? undefined : boldBefore(from);
      const run = `<w:r>${was === undefined || was === isBold(rPr) ? rPr : formatChanged(rPr, was, attributes)}${piece.map(itemXml).join('')}</w:r>`;
      xml += inserted ? `<w:ins ${attributes()}>${run}</w:ins>` : run;
    }
    return xml || whole;
  });
  // Deletions at the very end of the paragraph.
  const tail = hunks.filter((h) => !emitted.has(h)).map((h) => deletion(h, lastRPr)).join('');
  if (tail) {
    const end = result.lastIndexOf('<w:bookmarkEnd');
    const at = end >= 0 ? end : result.lastIndexOf('</w:p>');
    result = result.slice(0, at) + tail + result.slice(at);
  }
  return result;
}

/** For each offset of the new text, the offset of the same character in the old text; -1 where it was inserted. */
function oldPositions(hunks: Hunk[], length: number): Int32Array {
  const map = new Int32Array(length).fill(-1);
  let o = 0;
  let n = 0;
  for (const h of [...hunks].sort((a, b) => a.at - b.at)) {
    while (n < h.at && n < length) map[n++] = o++;
    n = h.at + h.text.length;
    o = h.end;
  }
  while (n < length) map[n++] = o++;
  return map;
}

const boldPattern = /<w:b\/>|<w:b w:val="(?:1|true|on)"\/>/;
const isBold = (rPr: string) => boldPattern.test(rPr);

/** A run's properties now, with what they were (bold or not) as a tracked change of formatting (w:rPrChange). */
function formatChanged(rPr: string, wasBold: boolean, attributes: () => string): string {
  const inner = rPr.replace(/^<w:rPr>|<\/w:rPr>$/g, '');
  const before = wasBold ? inner.replace(/^((?:<w:rStyle [^>]*\/>)?(?:<w:rFonts [^>]*\/>)?)/, '$1<w:b/><w:bCs/>') : inner.replace(/<w:b\/>|<w:b [^>]*\/>|<w:bCs\/>|<w:bCs [^>]*\/>/g, '');
  return `<w:rPr>${inner}<w:rPrChange ${attributes()}><w:rPr>${before}</w:rPr></w:rPrChange></w:rPr>`;
}

/** Marks the paragraph's mark as inserted (a new paragraph) or deleted. */
function markParagraphMark(paragraph: string, change: 'ins' | 'del', attributes: () => string): string {
  const mark = `<w:rPr><w:${change} ${attributes()}/></w:rPr>`;
  if (paragraph.includes('</w:pPr>')) return paragraph.replace('</w:pPr>', `${mark}</w:pPr>`);
  return paragraph.replace(/^<w:p( [^>]*)?>/, (open) => `${open}<w:pPr>${mark}</w:pPr>`);
}

const unescapes: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : unescapes[name]!,
  );
}
