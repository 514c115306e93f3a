import type { z } from 'zod';
import { DiagnosticError, error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import { problemsOf } from './issues.js';
import { SourceFile } from './source.js';
import { append } from '../append.js';

/**
 * Every YAML file Dossier reads (content, themes, the font manifest, rules) goes
 * through here, so each kind of problem is reported the same way: the file, the
 * line and column, and the field.
 */

/**
 * The file parsed; its syntax errors go to `diagnostics` (its `data` is then
 * undefined). Undefined when the file is not UTF-8 text.
 */
export function parseYaml(shown: string, bytes: Uint8Array, diagnostics: Diagnostic[]): SourceFile | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    diagnostics.push(notUtf8(bytes, shown));
    return undefined;
  }
  const source = sourceOf(shown, text);
  append(diagnostics, source.syntaxErrors());
  return source;
}

/** A YAML file's parse, made once for each name and text. */
export function sourceOf(shown: string, text: string): SourceFile {
  const key = `${shown}\0${text}`;
  let source = parsed.get(key);
  if (source) parsed.delete(key);
  else source = frozen(new SourceFile(shown, text));
  parsed.set(key, source);
  if (parsed.size > KEEP) parsed.delete(parsed.keys().next().value!);
  return source;
}

/**
 * Files parsed, by name and text: a rebuild in watch reads every file again (the kind's,
 * the theme's, the font manifest, the catalogues, the profile), and parsing them was a
 * third of its content stage; only the file edited has new text. Their data is frozen,
 * so that no stage can change what the next build reads.
 */
const parsed = new Map<string, SourceFile>();
const KEEP = 64;

function frozen(source: SourceFile): SourceFile {
  const stack: unknown[] = [source.data];
  while (stack.length) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || Object.isFrozen(value)) continue;
    Object.freeze(value);
    for (const child of Object.values(value)) stack.push(child);
  }
  return source;
}

/** Where the first byte that is not UTF-8 stands, so the user can find the pasted text. */
function notUtf8(bytes: Uint8Array, file: string): Diagnostic {
  // One streaming decoder, a byte at a time: it throws at the first byte that cannot continue.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let at = 0;
  try {
    for (; at < bytes.length; at++) decoder.decode(bytes.subarray(at, at + 1), { stream: true });
  } catch {
    // A stray continuation byte is itself the culprit; any other byte broke the
    // sequence begun by the lead byte before it, which is then the one to show.
    if ((bytes[at]! & 0xc0) !== 0x80) {
      let lead = at - 1;
      while (lead > 0 && (bytes[lead]! & 0xc0) === 0x80) lead--;
      if (lead >= 0 && bytes[lead]! >= 0xc0) at = lead;
    }
  }
  const before = new TextDecoder().decode(bytes.subarray(0, at));
  const lines = before.split('\n');
  const bad = bytes[at]?.toString(16).toUpperCase().padStart(2, '0') ?? '??';
  return error('content/encoding', `not valid UTF-8 (byte 0x${bad}); save the file as UTF-8`, {
    file,
    line: lines.length,
    column: [...lines[lines.length - 1]!].length + 1,
  });
}

/**
 * Checks `data` against the schema; each problem is located in the file `sourceAt`
 * picks for its path (a theme's values come from several files).
 */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  sourceAt: (path: PropertyKey[]) => SourceFile,
  diagnostics: Diagnostic[],
): z.infer<S> | undefined {
  const result = schema.safeParse(data);
  const found: Diagnostic[] = prototypeKeys(data, []).map((path) => {
    const source = sourceAt(path);
    const parent = path.slice(0, -1);
    return error('schema/reserved-key', '"__proto__" cannot name anything here: rename it', {
      file: source.path,
      ...source.locate(parent, '__proto__'),
      field: fieldPath(path),
    });
  });
  if (result.success && !found.length) return result.data;
  const seen = new Set(found.map((d) => d.field));
  for (const problem of result.success ? [] : problemsOf(result.error.issues, data, schema)) {
    const { path } = problem;
    if (seen.has(fieldPath(problem.key ? [...path, problem.key] : path))) continue;
    const source = sourceAt(problem.key ? [...path, problem.key] : path);
    let at = source.locate(path, problem.key);
    if (problem.rule === 'schema/required') {
      // A missing field: point at the key of the object that should hold it.
      const parent = path.slice(0, -1);
      const parentKey = parent[parent.length - 1];
      at = typeof parentKey === 'string' ? source.locate(parent.slice(0, -1), parentKey) : source.locate(parent);
    }
    found.push(
      error(problem.rule, problem.message, {
        file: source.path,
        ...at,
        field: fieldPath(problem.key ? [...path, problem.key] : path),
        ...(problem.suggestion ? { suggestion: problem.suggestion } : {}),
      }),
    );
  }
  // In the order of the file, as a reader goes through it (zod's is the schema's).
  append(diagnostics, found.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line! - b.line! || a.column! - b.column!));
  return undefined;
}

/**
 * Where `data` has a key `__proto__`. zod leaves such keys out of what it returns,
 * without a word (assigning one would replace the result's prototype): a footnote or
 * a face of that name would vanish. They are refused instead, where they stand.
 */
function prototypeKeys(data: unknown, path: PropertyKey[]): PropertyKey[][] {
  if (data === null || typeof data !== 'object') return [];
  const entries: [PropertyKey, unknown][] = Array.isArray(data) ? data.map((v, i) => [i, v]) : Object.entries(data);
  const found: PropertyKey[][] = [];
  for (const [key, value] of entries) {
    if (key === '__proto__') found.push([...path, key]);
    for (const inner of prototypeKeys(value, [...path, key])) found.push(inner);
  }
  return found;
}

/** Where the value at `path` stands in `source`: file, line, column and field. */
export function at(source: SourceFile, path: PropertyKey[]): Pick<Diagnostic, 'file' | 'line' | 'column' | 'field'> {
  return { file: source.path, ...source.locate(path), field: fieldPath(path) };
}

/**
 * Runs `check`; the problems it throws are moved to where the value that caused
 * them stands (a font path in a theme, an `extends`), keeping their message.
 */
export async function reportedAt<T>(
  source: SourceFile,
  path: PropertyKey[] | ((problem: Diagnostic) => PropertyKey[]),
  diagnostics: Diagnostic[],
  check: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await check();
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    append(diagnostics, e.diagnostics.map((d) => ({ ...d, ...at(source, typeof path === 'function' ? path(d) : path) })));
    return undefined;
  }
}
