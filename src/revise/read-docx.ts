import { SaxesParser, type SaxesTagNS } from 'saxes';
import { idPrefix, type IdRecord } from './ids.js';
import { idsPartPath, readIdsPart } from './ids-part.js';
import { unzip } from './unzip.js';

/**
 * A DOCX as an import reads it back: its paragraphs in reading order (table cells
 * included), each with the Dossier ids it holds, its runs' text, bold and italic,
 * and the tracked changes and comments on it; and the id part (ids-part.ts), where the
 * file still has it. Only what `dossier import` maps back is read.
 */

export type Change = 'ins' | 'del';

export interface DocxRun {
  text: string;
  bold: boolean;
  italic: boolean;
  /** A tracked insertion or deletion not yet accepted or rejected. */
  change?: Change;
  /** A tracked change of formatting only (w:rPrChange): bold and italic as they were before it. */
  before?: { bold: boolean; italic: boolean };
}

export interface DocxParagraph {
  /** The Dossier bookmarks that start in it (or just before it, between paragraphs). */
  ids: string[];
  style?: string;
  /** In a table's cell. */
  cell: boolean;
  runs: DocxRun[];
  /** Its paragraph mark is a tracked insertion (a new paragraph) or deletion (joined to the next). */
  mark?: Change;
  /** The ids of the comments anchored in it. */
  comments: string[];
}

export interface DocxComment {
  id: string;
  author: string;
  date?: string;
  text: string;
}

export interface EditedDocx {
  paragraphs: DocxParagraph[];
  comments: DocxComment[];
  /** The id part's records, where the file kept it. */
  records?: IdRecord[];
  /** The text of each footnote, then of each endnote, in order (tracked deletions left out). */
  notes: string[];
}

/** Reads a DOCX's bytes; throws an Error saying why they are not a DOCX. */
export function readDocx(bytes: Uint8Array): EditedDocx {
  const entries = unzip(bytes);
  const part = (path: string) => {
    const data = entries.get(path);
    return data ? new TextDecoder().decode(data) : undefined;
  };
  const document = part('word/document.xml');
  if (document === undefined) throw new Error('it has no word/document.xml: it is not a Word document');
  const ids = part(idsPartPath) ?? [...entries.keys()].filter((p) => /^customXml\/item\d+\.xml$/.test(p)).map(part).find((xml) => xml && readIdsPart(xml));
  const records = ids ? readIdsPart(ids) : undefined;
  const comments = part('word/comments.xml');
  const notes = ['footnotes', 'endnotes'].flatMap((kind) => {
    const xml = part(`word/${kind}.xml`);
    return xml ? readNotes(xml) : [];
  });
  return { paragraphs: readParagraphs(document), comments: comments ? readComments(comments) : [], notes, ...(records ? { records } : {}) };
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** On/off properties (w:b, w:i): on unless w:val says 0, false or off. */
const isOn = (tag: SaxesTagNS) => !['0', 'false', 'off'].includes(tag.attributes['w:val']?.value ?? 'true');

function parse(xml: string, handlers: { open: (tag: SaxesTagNS, path: string[]) => void; close: (name: string, path: string[]) => void; text: (text: string, path: string[]) => void }) {
  const parser = new SaxesParser({ xmlns: true });
  const path: string[] = [];
  parser.on('opentag', (tag) => {
    const name = tag.uri === W ? tag.local : `${tag.uri}|${tag.local}`;
    path.push(name);
    handlers.open(tag, path);
    if (tag.isSelfClosing) {
      handlers.close(name, path);
      path.pop();
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return;
    handlers.close(path[path.length - 1]!, path);
    path.pop();
  });
  parser.on('text', (text) => handlers.text(text, path));
  parser.write(xml).close();
}

function readParagraphs(xml: string): DocxParagraph[] {
  const paragraphs: DocxParagraph[] = [];
  let paragraph: DocxParagraph | undefined;
  /** Bookmarks that start between paragraphs belong to the next one. */
  let waiting: string[] = [];
  let run: { bold: boolean; italic: boolean; before?: { bold: boolean; italic: boolean } } | undefined;
  let tables = 0;
  const changes: Change[] = [];
  const push = (text: string) => {
    if (!paragraph || !run) return;
    const change = changes[changes.length - 1];
    const last = paragraph.runs[paragraph.runs.length - 1];
    const same = last && last.bold === run.bold && last.italic === run.italic && last.change === change && JSON.stringify(last.before) === JSON.stringify(run.before);
    if (same) last.text += text;
    else paragraph.runs.push({ text, bold: run.bold, italic: run.italic, ...(change ? { change } : {}), ...(run.before ? { before: run.before } : {}) });
  };
  parse(xml, {
    open(tag, path) {
      const name = path[path.length - 1]!;
      const parent = path[path.length - 2];
      switch (name) {
        case 'tbl':
          tables++;
          break;
        case 'p':
          paragraph = { ids: waiting, cell: tables > 0, runs: [], comments: [] };
          waiting = [];
          break;
        case 'pStyle':
          if (paragraph && parent === 'pPr') paragraph.style = tag.attributes['w:val']?.value;
          break;
        case 'bookmarkStart': {
          const id = tag.attributes['w:name']?.value;
          if (!id?.startsWith(idPrefix)) break;
          if (paragraph) paragraph.ids.push(id);
          else waiting.push(id);
          break;
        }
        case 'commentRangeStart':
        case 'commentReference': {
          const id = tag.attributes['w:id']?.value;
          if (paragraph && id !== undefined && !paragraph.comments.includes(id)) paragraph.comments.push(id);
          break;
        }
        case 'ins':
        case 'del':
        case 'moveTo':
        case 'moveFrom': {
          const change: Change = name === 'ins' || name === 'moveTo' ? 'ins' : 'del';
          // In a paragraph's properties: its mark was inserted or deleted.
          if (parent === 'rPr' && path[path.length - 3] === 'pPr') {
            if (paragraph) paragraph.mark = change;
          } else if (parent !== 'rPr') changes.push(change);
          break;
        }
        case 'r':
          if (parent !== 'rPrChange') run = { bold: false, italic: false };
          break;
        case 'b':
        case 'i': {
          const key = name === 'b' ? 'bold' : 'italic';
          if (!run || parent !== 'rPr') break;
          if (path[path.length - 3] === 'rPrChange') (run.before ??= { bold: false, italic: false })[key] = isOn(tag);
          else if (path[path.length - 3] === 'r') run[key] = isOn(tag);
          break;
        }
        case 'rPrChange':
          if (run) run.before ??= { bold: false, italic: false };
          break;
        case 'tab':
          if (parent === 'r') push('\t');
          break;
        case 'br':
        case 'cr':
          if (parent === 'r') push('\n');
          break;
        case 'noBreakHyphen':
          push('\u2011');
          break;
      }
    },
    close(name, path) {
      switch (name) {
        case 'tbl':
          tables--;
          break;
        case 'p':
          if (paragraph) paragraphs.push(paragraph);
          paragraph = undefined;
          break;
        case 'r':
          if (path[path.length - 2] !== 'rPrChange') run = undefined;
          break;
        case 'ins':
        case 'del':
        case 'moveTo':
        case 'moveFrom':
          if (path[path.length - 2] !== 'rPr') changes.pop();
          break;
      }
    },
    text(text, path) {
      const name = path[path.length - 1];
      if (name === 't' || name === 'delText') push(text);
    },
  });
  return paragraphs;
}

function readComments(xml: string): DocxComment[] {
  const comments: DocxComment[] = [];
  let current: DocxComment | undefined;
  parse(xml, {
    open(tag, path) {
      const name = path[path.length - 1];
      if (name === 'comment') {
        const date = tag.attributes['w:date']?.value;
        current = { id: tag.attributes['w:id']?.value ?? '', author: tag.attributes['w:author']?.value ?? '', ...(date ? { date } : {}), text: '' };
      } else if (name === 'p' && current?.text) current.text += '\n';
    },
    close(name) {
      if (name === 'comment' && current) {
        comments.push(current);
        current = undefined;
      }
    },
    text(text, path) {
      if (current && path[path.length - 1] === 't') current.text += text;
    },
  });
  return comments;
}

/** The text of each note of a footnotes or endnotes part; Word's separators are no notes. */
function readNotes(xml: string): string[] {
  const notes: string[] = [];
  let current: string | undefined;
  let deleted = 0;
  parse(xml, {
    open(tag, path) {
      const name = path[path.length - 1];
      if ((name === 'footnote' || name === 'endnote') && !['separator', 'continuationSeparator', 'continuationNotice'].includes(tag.attributes['w:type']?.value ?? '')) current = '';
      else if (name === 'del' || name === 'moveFrom') deleted++;
      else if (name === 'br' && current !== undefined) current += '\n';
    },
    close(name) {
      if ((name === 'footnote' || name === 'endnote') && current !== undefined) {
        notes.push(current);
        current = undefined;
      } else if (name === 'del' || name === 'moveFrom') deleted--;
    },
    text(text, path) {
      if (current !== undefined && !deleted && path[path.length - 1] === 't') current += text;
    },
  });
  return notes;
}

/** Every pending tracked change: where it is and what it does. */
export function pendingChanges(docx: EditedDocx): { paragraph: number; what: string }[] {
  const found: { paragraph: number; what: string }[] = [];
  docx.paragraphs.forEach((p, i) => {
    for (const run of p.runs) {
      if (run.change === 'ins') found.push({ paragraph: i, what: `inserted "${run.text}"` });
      else if (run.change === 'del') found.push({ paragraph: i, what: `deleted "${run.text}"` });
      else if (run.before) found.push({ paragraph: i, what: `formatting changed on "${run.text}"` });
    }
    if (p.mark === 'ins') found.push({ paragraph: i, what: 'paragraph inserted' });
    if (p.mark === 'del') found.push({ paragraph: i, what: 'paragraph joined to the next' });
  });
  return found;
}

/**
 * The document as it reads once every tracked change is accepted (or rejected): runs
 * kept or dropped, formatting as changed (or as before), paragraphs whose mark was
 * deleted (or, rejected, inserted) joined to the next one.
 */
export function resolveChanges(docx: EditedDocx, how: 'accept' | 'reject'): EditedDocx {
  const gone: Change = how === 'accept' ? 'del' : 'ins';
  const out: DocxParagraph[] = [];
  let carry: DocxParagraph | undefined;
  for (const p of docx.paragraphs) {
    const runs = p.runs
      .filter((r) => r.change !== gone)
      .map((r): DocxRun => ({ text: r.text, ...(how === 'reject' && r.before ? r.before : { bold: r.bold, italic: r.italic }) }));
    let merged: DocxParagraph = { ...p, runs };
    delete merged.mark;
    if (carry) {
      // A paragraph deleted whole leaves its mark joining nothing: its id goes with it.
      const ids = !paragraphText(carry).trim() ? merged.ids : !paragraphText(merged).trim() ? carry.ids : [...carry.ids, ...merged.ids];
      merged = { ...merged, ids, runs: [...carry.runs, ...merged.runs], comments: [...carry.comments, ...merged.comments] };
    }
    if (p.mark === gone) carry = merged;
    else {
      carry = undefined;
      out.push(merged);
    }
  }
  if (carry) out.push(carry);
  return { ...docx, paragraphs: out };
}

/** A paragraph's text. */
export const paragraphText = (p: DocxParagraph) => p.runs.map((r) => r.text).join('');
