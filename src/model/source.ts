import { Composer, isMap, isScalar, LineCounter, Parser, type Document, type ErrorCode, type Node, type YAMLError } from 'yaml';
import { error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import { describeForbidden, forbiddenCharacter, forbiddenCharacters } from '../text/characters.js';
import { duplicateKeys, limits, linesOverLimit, oversizedCollections } from './limits.js';
import { MAX_UNBROKEN_RUN, runOverLimit } from '../document/unbreakable.js';
import { groupCascades } from './yaml-cascades.js';
import { unusedYamlFeatures, type YamlProblem } from './yaml-features.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * A parsed YAML content file that still knows where every value came from, so that
 * any later stage (schema, templates, fonts) can point at the file, line and column.
 */
export class SourceFile {
  /** The file's values; undefined where its YAML has problems. */
  readonly data: unknown;
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;
  private readonly problems: (YamlProblem & { caused: YamlProblem[] })[];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    const pastLimit = linesOverLimit(text);
    const tokens = pastLimit === undefined ? [...new Parser(this.lines.addNewLine).parse(text)] : [];
    if (pastLimit !== undefined) this.countLines(pastLimit);
    const oversized: YamlProblem[] =
      pastLimit === undefined
        ? oversizedCollections(tokens)
        : [{ offset: pastLimit, rule: 'limits/lines', message: `more than ${limits.linesPerFile.toLocaleString('en')} lines`, suggestion: 'no Dossier file needs that many: split the text into several submissions' }];
    // yaml reports even a stack overflow from absurd nesting as an error of the document.
    // Keys given twice are found by duplicateKeys, in one pass: yaml's check is quadratic.
    // An oversized file is not composed (an empty document, which locates nothing).
    const [doc] = new Composer({ uniqueKeys: false }).compose(oversized.length ? [] : tokens, true, text.length);
    this.doc = doc!;
    const problems = oversized.length ? oversized : [...unusedYamlFeatures(tokens, this.doc), ...this.doc.errors.map(parserProblem), ...duplicateKeys(this.doc)];
    this.problems = groupCascades(problems, text, tokens, this.doc.range[1]);
    // Aliases are refused above; the limit on their expansion stays as a second guard.
    this.data = problems.length ? undefined : this.doc.toJS({ maxAliasCount: 100 });
  }

  /** The line starts up to `end`, for positions in a file that is not parsed (the parser counts them otherwise). */
  private countLines(end: number): void {
    for (let at = 0; at <= end; at = this.text.indexOf('\n', at) + 1) {
      this.lines.addNewLine(at);
      if (at === end) return;
    }
  }

  /** True when the YAML was read: there are fields to check against a schema. */
  get parses(): boolean {
    return this.problems.length === 0;
  }

  /**
   * Syntax errors, and YAML features Dossier does not support (aliases, anchors, tags,
   * merge keys, lists as keys, directives, several documents). One mistake makes a YAML parser report
   * much of what follows it: each is reported with those it caused.
   */
  syntaxErrors(): Diagnostic[] {
    const located = (p: YamlProblem): Diagnostic =>
      error(p.rule, p.message, {
        file: this.path,
        ...this.position(p.offset),
        ...(p.path ? { field: fieldPath(p.path) } : {}),
        ...(p.suggestion ? { suggestion: p.suggestion } : {}),
      });
    return this.problems.map(({ caused, ...head }) => ({ ...located(head), ...(caused.length ? { caused: caused.map(located) } : {}) }));
  }

  /**
   * Characters no output may hold (text/characters.ts) in any text value: invisible
   * control characters pasted from other programs, noncharacters, lone surrogates.
   * `rule` names the file's family: content/control-character, theme/control-character…
   */
  controlCharacters(rule = 'content/control-character'): Diagnostic[] {
    const problems: Diagnostic[] = [];
    // In the values first, keys too: each problem then names its field, and an escape in
    // double-quoted YAML ("\0", "\uFFFE") is found although the text does not show it.
    walkStrings(this.data, [], (text, path, isKey) => {
      const found = problems.length < 20 && forbiddenCharacter(text);
      if (!found) return;
      const where = isKey ? this.locate(path.slice(0, -1), String(path[path.length - 1])) : this.locateInValue(path, found.char);
      problems.push(error(rule, describeForbidden(found.char), { file: this.path, ...where, field: fieldPath(path) }));
    });
    if (problems.length) return problems;
    // Then the rest of the text (comments), and a file whose YAML does not read.
    return forbiddenCharacters(this.text, 20).map(({ char, index }) => error(rule, describeForbidden(char), { file: this.path, ...this.position(index) }));
  }

  /**
   * Runs of thousands of characters with nowhere to break a line (a pasted blob of
   * base64, say): they cannot be set in a line, and breaking them letter by letter
   * costs the PDF layout time that grows with the square of their length.
   */
  unbreakableRuns(): Diagnostic[] {
    const problems: Diagnostic[] = [];
    walkStrings(this.data, [], (text, path, isKey) => {
      if (isKey) return;
      const run = runOverLimit(text);
      if (run !== undefined && problems.length < 20) {
        problems.push(
          error('content/unbreakable', `${run.toLocaleString('en')} characters without a space or a Chinese character: a line cannot hold them`, {
            file: this.path,
            ...this.locate(path),
            field: fieldPath(path),
            suggestion: `break it up with spaces, or shorten it to under ${MAX_UNBROKEN_RUN.toLocaleString('en')} characters`,
          }),
        );
      }
    });
    return problems;
  }

  /**
   * Comments that follow a plain (unquoted) scalar at `path`, or at each language of a
   * map of texts there: YAML ends the text at " #", so what follows is left out. Each
   * with the offset of its "#", whether it stands on the text's own line, the path of
   * the text, and the text's source up to the comment's end (for a quoting hint).
   */
  commentsAfterPlainText(path: ReadonlyArray<string | number>): PlainTextComment[] {
    const node = this.doc.getIn(path as unknown[], true) as Node | undefined;
    const texts: [Node | undefined, (string | number)[]][] = isMap(node)
      ? node.items.map((pair) => [pair.value as Node | undefined, [...path, String((pair.key as { value?: unknown })?.value)]])
      : [[node, [...path]]];
    const found: PlainTextComment[] = [];
    for (const [text, at] of texts) {
      if (!isScalar(text) || text.type !== 'PLAIN' || !text.comment || !text.range) continue;
      const [start, end] = text.range;
      const hash = this.text.indexOf('#', end);
      if (hash < 0) continue;
      const lineEnd = this.text.indexOf('\n', hash);
      const sameLine = !this.text.slice(end, hash).includes('\n');
      found.push({ offset: hash, sameLine, path: at, written: this.text.slice(start, lineEnd < 0 ? undefined : lineEnd).trimEnd() });
    }
    return found;
  }

  /** Line and column (1-based), the column counted in characters, not UTF-16 units: 𠀀 is one. */
  position(offset: number): Position {
    const { line } = this.lines.linePos(offset);
    const lineStart = this.lines.lineStarts[line - 1] ?? 0;
    return { line, column: offset - lineStart - this.trailSurrogatesBetween(lineStart, offset) + 1 };
  }

  /**
   * How many UTF-16 units in [from, to) are the second half of a character (𠀀 is two
   * units, one column), counted from a prefix sum made once: a YAML slip on one long
   * line gives thousands of errors, and counting each one's line anew took 20 s.
   */
  private trailSurrogatesBetween(from: number, to: number): number {
    if (this.trailSurrogates === undefined) {
      let counts: Uint32Array | null = null;
      if (/[\uDC00-\uDFFF]/.test(this.text)) {
        counts = new Uint32Array(this.text.length + 1);
        for (let i = 0; i < this.text.length; i++) {
          const code = this.text.charCodeAt(i);
          counts[i + 1] = counts[i]! + (code >= 0xdc00 && code <= 0xdfff ? 1 : 0);
        }
      }
      this.trailSurrogates = counts;
    }
    return this.trailSurrogates ? this.trailSurrogates[to]! - this.trailSurrogates[from]! : 0;
  }
  private trailSurrogates: Uint32Array | null | undefined;

  /**
   * Where the value at `path` starts; for a path that does not exist (a missing field),
   * the nearest existing parent. `key: true` points at an object key instead of its value.
   */
  locate(path: ReadonlyArray<PropertyKey>, key?: string): Position {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
      if (!node?.range) continue;
      if (key !== undefined && depth === path.length && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        const keyNode = pair?.key as Node | undefined;
        if (keyNode?.range) return this.position(keyNode.range[0]);
      }
      return this.position(node.range[0]);
    }
    return { line: 1, column: 1 };
  }

  /**
   * Where a piece of a string value sits in the file. Templates report positions
   * inside the string; the string may be folded or quoted in the YAML, so the
   * snippet is searched for in the value's source range rather than computed.
   */
  locateInValue(path: ReadonlyArray<PropertyKey>, snippet: string): Position {
    const node = this.doc.getIn(path as unknown[], true) as Node | undefined;
    if (!node?.range) return this.locate(path);
    const [start, , end] = node.range;
    const found = snippet ? this.text.slice(start, end).indexOf(snippet) : -1;
    return this.position(found >= 0 ? start + found : start);
  }
}

/** A comment after a plain text value (see SourceFile.commentsAfterPlainText). */
export interface PlainTextComment {
  offset: number;
  sameLine: boolean;
  path: (string | number)[];
  written: string;
}

/** Hints for the parser's errors a user meets most, where its message alone does not say what to do. */
const hints: Partial<Record<ErrorCode, string>> = {
  TAB_AS_INDENT: 'indent with spaces: YAML does not allow tabs there',
  BAD_SCALAR_START: 'a value starting with this character means something else in YAML: put the text in quotes',
};

function parserProblem(e: YAMLError): YamlProblem {
  const hint = hints[e.code];
  return { offset: e.pos[0], rule: 'yaml/syntax', message: e.message.split('\n')[0] ?? e.message, ...(hint ? { suggestion: hint } : {}) };
}


/** Visits every string of `value`, keys too (a face id, a footnote id reach the outputs). */
function walkStrings(value: unknown, path: (string | number)[], visit: (text: string, path: (string | number)[], isKey?: boolean) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, [...path, k], true);
      walkStrings(v, [...path, k], visit);
    }
  }
}

