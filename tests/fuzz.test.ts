import { randomInt } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { build, buildTree, fontPlanFor } from '../src/build.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { expectLocatedErrors, expectWellFormedDocx, within } from './support/fuzzing.js';
import { loadTheme } from '../src/theme/theme.js';
import { exampleDir, tempDir } from './helpers.js';

/**
 * Property: whatever a user (or a bad paste) does to the content files, Dossier either
 * builds or reports errors that each say where; it never crashes, hangs, or leaves a
 * partial file. `npm test` runs 200 cases, `npm run fuzz` 10,000 (FUZZ_RUNS).
 *
 * Each run draws a new seed, so runs explore different cases; FUZZ_SEED repeats a run,
 * and FUZZ_SEED with FUZZ_PATH replays the shrunk counterexample a failure printed.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 200);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const replayPath = process.env.FUZZ_PATH;
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
  // Template nesting that multiplies (each level over every field of the profile).
  `${'{{#each @root.profile}}'.repeat(6)}{{@key}}${'{{/each}}'.repeat(6)}`,
  `${'{{#each @root.profile.branchOffices}}'.repeat(4)}{{this}}${'{{/each}}'.repeat(4)}`,
  // Long runs: white space, one word longer than any line (Latin, Arabic), one made by templates.
  ' '.repeat(260_000), 'x'.repeat(600), 'ا'.repeat(600), '{{profile.names.full}}'.repeat(5_000),
  // Names that are prototype properties, and raw insertion.
  '{{#lang "__proto__"}}x{{/lang}}', '{{lookup profile "__proto__"}}', '{{profile.__proto__}}', '{{constructor}}',
  '{{{profile.names.full}}}', '{{&profile.names.full}}', '{{plain profile.names.full}}', '&#x85;', '\u0085', '\ufffe', '\uffff', '\ufdd0',
  // Dates the outputs cannot hold; a comment after a plain value.
  '1979-12-31', '2108-01-01', '0000-01-01', '9999-12-31', 'SDG #5, gender',
);
/**
 * What goes wrong at the start of a line: YAML gives these characters a meaning there
 * (Markdown's *emphasis* is an alias), a tab is not indentation, a pasted BOM is invisible.
 */
const lineStart = fc.oneof(
  fc.constantFrom(
    '*', '**bold** ', '*bold** ', '*重要* ', '&', '&a ', '!', '!x ', '!!str ', '|', '>', '%', '%YAML 1.2', '@', '`',
    '- ', '? ', ': ', '#', '---', '...', '<<: ', '[', '{', '"', "'", '\t', '\t\t', ' \t', '\ufeff', '\r',
  ),
  fc.string({ unit: fc.constantFrom('*', '&', '!', '|', '>', '%', '@', '`', '\t', ' ', '-', ':', '[', '"', 'x', '中'), maxLength: 6 }),
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
  kind: 'replace' | 'remove' | 'add-key' | 'text-insert' | 'text-delete' | 'line-start' | 'tab-indent' | 'line-ends' | 'bom';
  pick: number;
  value: unknown;
  at: number;
  length: number;
  start: string;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  file: fc.constantFrom<FileName>('profile', 'submission'),
  kind: fc.constantFrom<Mutation['kind']>(
    'replace', 'replace', 'replace', 'remove', 'add-key', 'text-insert', 'text-delete',
    'line-start', 'line-start', 'line-start', 'tab-indent', 'line-ends', 'bom',
  ),
  pick: fc.nat(),
  value,
  at: fc.nat(),
  length: fc.nat(40),
  start: lineStart,
});

/** The text mutations that work on lines: `pick` chooses the line, `at` where in it. */
function editLines(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.pick % lines.length;
  const line = lines[i]!;
  const indent = /^[ \t]*/.exec(line)![0];
  if (m.kind === 'line-start') {
    // At column 1, where the line's content starts, or where its value starts.
    const value = line.indexOf(': ') + 2;
    const at = [0, indent.length, value > 1 ? value : line.length][m.at % 3]!;
    lines[i] = line.slice(0, at) + m.start + line.slice(at);
  } else if (m.kind === 'tab-indent') {
    lines[i] = '\t'.repeat(1 + (m.at % 2)) + line.slice(indent.length);
  } else if (m.kind === 'line-ends') {
    // Windows line ends everywhere, or on one line only.
    return m.at % 2 ? lines.join('\r\n') : lines.map((l, j) => (j === i ? `${l}\r` : l)).join('\n');
  } else if (m.kind === 'bom') {
    return `\ufeff${text}`;
  }
  return lines.join('\n');
}

/** Keys a mutation adds: unknown fields, and the names of Object.prototype's properties. */
const keyNames = ['x0', 'x1', 'x2', 'x3', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

function apply(texts: Record<FileName, string>, m: Mutation): Record<FileName, string> {
  const text = texts[m.file];
  let next: string;
  if (m.kind === 'line-start' || m.kind === 'tab-indent' || m.kind === 'line-ends' || m.kind === 'bom') {
    next = editLines(text, m);
  } else if (m.kind === 'text-insert' || m.kind === 'text-delete') {
    const at = m.at % (text.length + 1);
    const inserted = typeof m.value === 'string' ? m.value : (JSON.stringify(m.value) ?? '');
    next = m.kind === 'text-insert' ? text.slice(0, at) + inserted + text.slice(at) : text.slice(0, at) + text.slice(at + m.length);
  } else {
    let data: unknown;
    try {
      data = parse(text, { logLevel: 'error' });
    } catch {
      return texts; // an earlier text mutation broke the YAML: leave it broken
    }
    const paths = pathsOf(data);
    const path = paths[m.pick % paths.length]!;
    if (m.kind === 'remove') data = setAt(data, path, undefined, true);
    else if (m.kind === 'add-key') data = setAt(data, [...path, keyNames[m.pick % keyNames.length]!], m.value);
    else data = setAt(data, path, m.value);
    next = stringify(data, { lineWidth: 0 });
  }
  return { ...texts, [m.file]: next };
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
    console.log(`fuzz seed ${seed}: ${replayPath ? `replaying path ${replayPath}` : `${runs} cases`} (FUZZ_SEED=${seed} repeats this run)`);
    const started = performance.now();
    // A library's process warning (yaml's "Keys with collection values…") reaches the user's terminal too.
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const result = await fc.check(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const texts = mutations.reduce(apply, original);
        const dir = join(root, String(caseNumber++));
        mkdirSync(dir);
        writeFileSync(join(dir, 'profile.yaml'), texts.profile);
        writeFileSync(join(dir, 'submission.yaml'), texts.submission);
        const full = caseNumber % fullBuildEvery === 0;
        const out = join(dir, 'out');
        warnings.length = 0;
        try {
          if (full) {
            await within(build({ contentDir: dir, outDir: out }), hangMs * 3);
            expect(readdirSync(out).sort()).toEqual(['submission.docx', 'submission.pdf']);
            expectWellFormedDocx(out);
          } else {
            const built = await within(buildTree(dir), hangMs);
            const { diagnostics } = await within(fontPlanFor(built, theme), hangMs);
            if (diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticError(diagnostics);
          }
          outcomes.built++;
        } catch (e) {
          expectLocatedErrors(e, located);
          if (full) expect(readdirSync(dir).includes('out') ? readdirSync(out) : []).toEqual([]);
          outcomes.rejected++;
        } finally {
          rmSync(dir, { recursive: true, force: true }); // 10,000 cases would leave 200 MB
        }
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
        expect(warnings).toEqual([]);
      }),
      { numRuns: runs, seed, ...(replayPath ? { path: replayPath, endOnFailure: true } : {}) },
    );
    process.off('warning', onWarning);
    if (result.failed) {
      const replay = `FUZZ_SEED=${result.seed} FUZZ_PATH=${result.counterexamplePath ?? ''} npx vitest run tests/fuzz.test.ts`;
      const error = result.errorInstance instanceof Error ? (result.errorInstance.stack ?? result.errorInstance.message) : String(result.errorInstance);
      const message = `fuzz seed ${result.seed} failed; replay the shrunk counterexample with\n${replay}\n${fc.defaultReportMessage(result)}\n${error}`;
      console.log(message);
      throw new Error(message);
    }
    const took = Math.round((performance.now() - started) / 1000);
    console.log(`fuzz seed ${seed}: ${result.numRuns} cases passed in ${took} s (${outcomes.built} built, ${outcomes.rejected} rejected with located errors)`);
    if (replayPath) return;
    // Both outcomes occur: the property is not passing vacuously.
    expect(outcomes.built).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
  }, 3_600_000);
});
