import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Block, BlockSource, DocumentTree } from '../document/tree.js';

/**
 * Stable ids for the Word file's paragraphs: each paragraph that prints a block's text
 * (a table: its caption and each cell) carries a hidden bookmark named after where
 * that text comes from, so a DOCX edited in Word or LibreOffice can be read back into
 * the content (`dossier import`) and two builds compared paragraph by paragraph.
 *
 * Bookmarks, because they are what survives: LibreOffice 7.4 drops a block-level
 * `w:sdt` with a tag on open-and-save and keeps bookmarks, and python-docx edits keep
 * them as long as runs are edited. Word's rules for a name: at most 40 characters,
 * letters, digits and `_`; one starting with `_` is hidden from its Bookmark dialog.
 * Word compares names without case, so the hash is lower-case hex only.
 */

/**
 * Where one paragraph's text comes from, as the DOCX's id part records it (ids-part.ts):
 * its block's source, the file named as it is in the content folder.
 */
export interface IdRecord extends Omit<BlockSource, 'file'> {
  /** The bookmark's name: `_Dossier_` and 16 hex digits of the key's hash. */
  name: string;
  /** What the name is a hash of: file, field (the body entry's `id:` instead of its index, where given) and language, and `#n` from the second paragraph with the same. */
  key: string;
  /** The block's kind in the document tree (`numbered`, `field`, …; `cell`, `caption` in a table). */
  kind: string;
  /** The content file, by its name in the content folder: profile.yaml, submission.yaml. */
  file: string;
}

/** A table's paragraphs' ids, shaped as the table. */
export interface TableIds {
  caption?: string;
  header: (string | undefined)[];
  rows: (string | undefined)[][];
}

export interface BlockIds {
  /** Each block's paragraph's bookmark name, by block index (none for a table or a page break: see `tables`). */
  blocks: (string | undefined)[];
  tables: Map<number, TableIds>;
  /** Every id, in document order. */
  records: IdRecord[];
}

export const idPrefix = '_Dossier_';

/** The ids of a tree's paragraphs: the same tree always gets the same names, in the same order. */
export function blockIds(tree: DocumentTree): BlockIds {
  const seen = new Map<string, number>();
  const records: IdRecord[] = [];
  const id = (source: BlockSource | undefined, kind: string): string | undefined => {
    if (!source) return undefined;
    const base = keyOf(source);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const key = count > 1 ? `${base}#${count}` : base;
    const name = nameOf(key);
    records.push({
      name,
      key,
      kind,
      file: basename(source.file),
      line: source.line,
      column: source.column,
      field: source.field,
      lang: source.lang,
      ...(source.entry ? { entry: source.entry } : {}),
      ...(source.template ? { template: true } : {}),
    });
    return name;
  };
  const tables = new Map<number, TableIds>();
  const blocks = tree.blocks.map((block: Block, i): string | undefined => {
    if (block.kind === 'pageBreak') return undefined;
    if (block.kind !== 'table') return id(block.source, block.kind);
    const where = block.cellSources;
    tables.set(i, {
      ...(block.caption ? { caption: id(where?.caption ?? block.source, 'caption') } : {}),
      header: block.header.map((_, c) => id(where?.header[c], 'cell')),
      rows: block.rows.map((row, r) => row.map((_, c) => id(where?.rows[r]?.[c], 'cell'))),
    });
    return undefined;
  });
  return { blocks, tables, records };
}

/** A source's key: its file's name, its field (by the body entry's `id:` where it has one) and its language. */
export function keyOf(source: Pick<BlockSource, 'file' | 'field' | 'lang' | 'entry'>): string {
  const field = source.entry ? source.field.replace(/^body\[\d+\]/, `body{${source.entry}}`) : source.field;
  return `${basename(source.file)}:${field}:${source.lang}`;
}

export function nameOf(key: string): string {
  return idPrefix + createHash('sha256').update(key).digest('hex').slice(0, 16);
}
