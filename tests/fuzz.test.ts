import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { build, buildTree, fontPlanFor } from '../src/build.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { loadTheme } from '../src/theme/theme.js';
import { exampleDir, tempDir } from './helpers.js';

/**
 * Property: whatever a user (or a bad paste) does to the content files, Dossier either
 * builds or reports errors that each say where; it never crashes, hangs, or leaves a
 * partial file. `npm test` runs 200 cases, `npm run fuzz` 10,000 (FUZZ_RUNS).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 200);
/** Every n-th case also renders and writes both files (rendering is the slow part). */
const fullBuildEvery = Number(process.env.FUZZ_FULL_EVERY ?? 25);
const hangMs = 10_000;

const original = {
  profile: readFileSync(join(exampleDir, 'profile.yaml'), 'utf8'),
  submission: readFileSync(join(exampleDir, 'submission.yaml'), 'utf8'),
};
type FileName = keyof typeof original;

/** Paths to every value of a parsed YAML document. */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [path, ...entries.flatMap(([k, v]) => pathsOf(v, [...path, k]))];
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (!path.length) return remove ? null : value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  if (node === null || typeof node !== 'object') return copy; // nothing to change under a plain value
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const nasty = fc.constantFrom(
  '{{', '}}', '{{#each profile}}{{this}}{{/each}}', '{{> profile}}', '{{lookup profile "constructor"}}', '{{../../x}}',
  '{{#strong}}', '{{strong}}', '{{lang}}', '{{#lang 5}}x{{/lang}}', '{{join}}', '{{footnote 3}}', '{{roundDown "a" 0}}',
  '<w:p>', '</document>', '&', ']]>', '<!--', '**bold**', '\u202e', '\u200b', '\u0000', '\u0007', '\ufeff', '😀',
  '𠀀', '\ud7ff', '\\', '"', "'", '\n\n', '\t', ' ', '', 'x'.repeat(100_000), '中'.repeat(20_000),
);
const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  nasty,
  fc.tuple(fc.string(), nasty, fc.string()).map((parts) => parts.join('')),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
  fc.integer({ min: 1, max: 300 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
);

interface Mutation {
  file: FileName;
  kind: 'replace' | 'remove' | 'add-key' | 'text-insert' | 'text-delete';
  pick: number;
  value: unknown;
  at: number;
  length: number;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  file: fc.constantFrom<FileName>('profile', 'submission'),
  kind: fc.constantFrom<Mutation['kind']>('replace', 'replace', 'replace', 'remove', 'add-key', 'text-insert', 'text-delete'),
  pick: fc.nat(),
  value,
  at: fc.nat(),
  length: fc.nat(40),
});

function apply(texts: Record<FileName, string>, m: Mutation): Record<FileName, string> {
  const text = texts[m.file];
  let next: string;
  if (m.kind === 'text-insert' || m.kind === 'text-delete') {
    const at = m.at % (text.length + 1);
    const inserted = typeof m.value === 'string' ? m.value : (JSON.stringify(m.value) ?? '');
    next = m.kind === 'text-insert' ? text.slice(0, at) + inserted + text.slice(at) : text.slice(0, at) + text.slice(at + m.length);
  } else {
    let data: unknown;
    try {
      data = parse(text);
    } catch {
      return texts; // an earlier text mutation broke the YAML: leave it broken
    }
    const paths = pathsOf(data);
    const path = paths[m.pick % paths.length]!;
    if (m.kind === 'remove') data = setAt(data, path, undefined, true);
    else if (m.kind === 'add-key') data = setAt(data, [...path, `x${m.pick % 7}`], m.value);
    else data = setAt(data, path, m.value);
    next = stringify(data, { lineWidth: 0 });
  }
  return { ...texts, [m.file]: next };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`hang: no answer in ${ms} ms`)), ms))]);
}

/** A located problem names a file, and a line in it unless it is about a whole file. */
function located(d: Diagnostic): boolean {
  return Boolean(d.file) && (d.line !== undefined || /^(content\/unreadable|fonts\/)/.test(d.rule));
}

let theme: Awaited<ReturnType<typeof loadTheme>>;
let caseNumber = 0;

describe('fuzzing the content files', () => {
  it(`builds or fails with located errors, never a crash, hang or partial file (${runs} cases)`, async () => {
    theme = await loadTheme('un');
    const root = tempDir('dossier-fuzz-');
    const outcomes = { built: 0, rejected: 0 };
    // FUZZ_CASE='[[…]]' replays a counterexample fast-check printed.
    const replay = process.env.FUZZ_CASE ? { examples: JSON.parse(process.env.FUZZ_CASE) as [Mutation[]][], numRuns: 0 } : {};
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const texts = mutations.reduce(apply, original);
        const dir = join(root, String(caseNumber++));
        mkdirSync(dir);
        writeFileSync(join(dir, 'profile.yaml'), texts.profile);
        writeFileSync(join(dir, 'submission.yaml'), texts.submission);
        const full = caseNumber % fullBuildEvery === 0;
        const out = join(dir, 'out');
        try {
          if (full) {
            await within(build({ contentDir: dir, outDir: out }), hangMs * 3);
            expect(readdirSync(out).sort()).toEqual(['submission.docx', 'submission.pdf']);
          } else {
            const built = await within(buildTree(dir), hangMs);
            const { diagnostics } = await within(fontPlanFor(built, theme), hangMs);
            if (diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticError(diagnostics);
          }
          outcomes.built++;
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e; // a crash or a hang
          const errors = e.diagnostics.filter((d) => d.severity === 'error');
          expect(errors.length).toBeGreaterThan(0);
          for (const d of errors) expect(located(d), JSON.stringify(d)).toBe(true);
          if (full) expect(readdirSync(dir).includes('out') ? readdirSync(out) : []).toEqual([]);
          outcomes.rejected++;
        } finally {
          rmSync(dir, { recursive: true, force: true }); // 10,000 cases would leave 200 MB
        }
      }),
      { numRuns: runs, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, ...replay },
    );
    if (process.env.FUZZ_CASE) return;
    // Both outcomes occur: the property is not passing vacuously.
    expect(outcomes.built).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
  }, 3_600_000);
});
