import { isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from 'yaml';

/**
 * Edits of a YAML content file made in its text, each where its value stands: the
 * comments, the order, the quoting and the line breaks of everything else stay as
 * written (the yaml library's Document.toString() would rewrite 213 untouched lines of
 * the multilingual example). A value that cannot be changed in place (an edit that
 * would need quoting, say) is written again whole, as a double-quoted string.
 */

export type Path = (string | number)[];

interface Splice {
  start: number;
  end: number;
  text: string;
}

export class YamlEdits {
  private readonly doc: Document.Parsed;
  private readonly splices: Splice[] = [];
  /** What each changed value must read as once the edits are made: checked before anything is written. */
  private readonly expected: { path: Path; value: unknown }[] = [];

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { uniqueKeys: false });
  }

  /** The string at `path`, where there is one. */
  valueAt(path: Path): unknown {
    return this.doc.getIn(path);
  }

  /** Where the value at `path` starts: 1-based line. */
  lineOf(path: Path): number | undefined {
    const node = this.doc.getIn(path, true) as Node | undefined;
    if (!node?.range) return undefined;
    return this.text.slice(0, node.range[0]).split('\n').length;
  }

  /**
   * Replaces ranges of the string at `path` (offsets in its value, as parsed): spliced
   * into its text where each maps to it, else the whole value written anew.
   */
  editString(path: Path, edits: { start: number; end: number; text: string }[]): void {
    const node = this.doc.getIn(path, true) as Scalar | undefined;
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) throw new Error(`no text at ${path.join('.')}`);
    const value = node.value;
    const sorted = [...edits].sort((a, b) => b.start - a.start);
    let next = value;
    for (const edit of sorted) next = next.slice(0, edit.start) + edit.text + next.slice(edit.end);
    this.expected.push({ path, value: next });
    const [start, valueEnd] = node.range;
    const raw = this.text.slice(start, valueEnd);
    const offsets = rawOffsets(raw, value);
    const inPlace = offsets && value.length > 0 && !edits.some((e) => /[\n"\\#:]/.test(e.text) && node.type !== 'BLOCK_FOLDED' && node.type !== 'BLOCK_LITERAL') && !edits.some((e) => e.text.includes('\n'));
    if (inPlace) {
      let spliced = raw;
      for (const edit of sorted) {
        const from = edit.start < value.length ? offsets[edit.start]! : offsets[value.length - 1]! + 1;
        const to = edit.end > edit.start ? offsets[edit.end - 1]! + 1 : from;
        spliced = spliced.slice(0, from) + edit.text + spliced.slice(to);
      }
      if (readsAs(this.text.slice(0, start) + spliced + this.text.slice(valueEnd), path, next)) {
        this.splices.push({ start, end: valueEnd, text: spliced });
        return;
      }
    }
    this.splices.push({ start, end: valueEnd - trailing(raw), text: JSON.stringify(next) });
  }

  /** Sets a fact (a number or a text) where it stands. */
  setValue(path: Path, value: string | number): void {
    const node = this.doc.getIn(path, true) as Scalar | undefined;
    if (!isScalar(node) || !node.range) throw new Error(`no value at ${path.join('.')}`);
    const [start, valueEnd] = node.range;
    const raw = this.text.slice(start, valueEnd);
    const written = typeof value === 'number' ? String(value) : /^[\p{L}\p{N}][\p{L}\p{N} ]*$/u.test(value) && node.type === 'PLAIN' ? value : JSON.stringify(value);
    this.expected.push({ path, value });
    this.splices.push({ start, end: valueEnd - trailing(raw), text: written });
  }

  /** Removes item `index` of the list at `path` (a body entry), its lines and all. */
  removeItem(path: Path, index: number): void {
    const seq = this.doc.getIn(path, true);
    if (!isSeq(seq)) throw new Error(`no list at ${path.join('.')}`);
    const item = seq.items[index] as Node | undefined;
    if (!item?.range) throw new Error(`no item ${index} at ${path.join('.')}`);
    // From the start of the line with its "- " to the end of its last line.
    const start = this.text.lastIndexOf('\n', item.range[0]) + 1;
    const nextItem = seq.items[index + 1] as Node | undefined;
    const end = nextItem?.range ? this.text.lastIndexOf('\n', nextItem.range[0]) + 1 : lineEndAfter(this.text, item.range[1]);
    this.splices.push({ start, end, text: '' });
  }

  /** Inserts a new item (its YAML, without "- ") after item `index` of the list at `path` (-1: first). */
  insertItem(path: Path, index: number, yaml: string): void {
    const seq = this.doc.getIn(path, true);
    if (!isSeq(seq) || !seq.range) throw new Error(`no list at ${path.join('.')}`);
    const first = seq.items[0] as Node | undefined;
    const lineStart = (at: number) => this.text.lastIndexOf('\n', at) + 1;
    // The "- " column of the list's items.
    const dash = first?.range ? this.text.lastIndexOf('-', first.range[0]) - lineStart(first.range[0]) : 2;
    const indent = ' '.repeat(Math.max(0, dash));
    const lines = `${indent}- ${yaml.split('\n').join(`\n${indent}  `)}\n`;
    const after = seq.items[index] as Node | undefined;
    const nextItem = seq.items[index + 1] as Node | undefined;
    const at = index < 0 ? (first?.range ? lineStart(first.range[0]) : lineEndAfter(this.text, seq.range[0])) : nextItem?.range ? lineStart(nextItem.range[0]) : lineEndAfter(this.text, after!.range![1]);
    this.splices.push({ start: at, end: at, text: lines });
  }

  /** The file's text with every edit made; throws where the result does not read as intended. */
  result(): string {
    const sorted = [...this.splices].sort((a, b) => b.start - a.start || b.end - a.end);
    let text = this.text;
    let limit = Infinity;
    for (const splice of sorted) {
      if (splice.end > limit) throw new Error('two edits of the same place');
      text = text.slice(0, splice.start) + splice.text + text.slice(splice.end);
      limit = splice.start;
    }
    const after = parseDocument(text, { uniqueKeys: false });
    if (after.errors.length) throw new Error(`the edited YAML does not read: ${after.errors[0]!.message}`);
    for (const { path, value } of this.expected) {
      // Items removed or inserted before a changed one move it; its value is looked for by its text.
      const found = after.getIn(path);
      if (found !== value && !containsValue(after.toJS(), value)) throw new Error(`the edited YAML does not hold the new value at ${path.join('.')}`);
    }
    return text;
  }
}

function containsValue(data: unknown, value: unknown): boolean {
  if (data === value) return true;
  if (Array.isArray(data)) return data.some((d) => containsValue(d, value));
  if (data && typeof data === 'object') return Object.values(data).some((d) => containsValue(d, value));
  return false;
}

function readsAs(text: string, path: Path, value: unknown): boolean {
  const doc = parseDocument(text, { uniqueKeys: false });
  return !doc.errors.length && doc.getIn(path) === value;
}

/** Line ends at the end of a value's text (a block scalar's range takes its last line's). */
function trailing(raw: string): number {
  return raw.length - raw.replace(/\s+$/, '').length;
}

function lineEndAfter(text: string, at: number): number {
  if (at > 0 && text[at - 1] === '\n') return at;
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end + 1;
}

/**
 * Where each character of a scalar's value stands in its text: the text is walked
 * with the value, skipping what YAML does not keep (quotes, indentation, a block's
 * header); a space the value has where the text breaks the line (folding) stands at
 * that line end. Undefined where the walk does not come out (escapes).
 */
function rawOffsets(raw: string, value: string): number[] | undefined {
  const offsets: number[] = [];
  let j = 0;
  if (raw.startsWith('>') || raw.startsWith('|')) j = raw.indexOf('\n') + 1;
  else if (raw.startsWith('"') || raw.startsWith("'")) j = 1;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    while (j < raw.length && raw[j] !== char && !(char === ' ' && raw[j] === '\n')) {
      // Only indentation, line ends and a closing quote may be skipped.
      if (!/[ \n"']/.test(raw[j]!)) return undefined;
      j++;
    }
    if (j >= raw.length) return undefined;
    offsets.push(j);
    j++;
  }
  return offsets;
}

