import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DiagnosticError, error, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, readConfined, type Confinement } from '../files/confined.js';
import { readableRoots, themeRoots } from '../files/roots.js';
import { checkFace } from '../fonts/face-file.js';
import { chainLists, readManifest } from '../fonts/manifest.js';
import { themeSchema, type Theme } from './schema.js';
import type { SourceFile } from '../model/source.js';
import { at, parseYaml, reportedAt, validate } from '../model/yaml-file.js';
import { displayPath, themesRoot } from '../paths.js';
import { geometryProblems } from './geometry.js';
import { append } from '../append.js';

export { themeSchema, type Theme } from './schema.js';

// What renderers read off a theme: apart, so the side thread renders without loading zod.
export { characterPitch, gridPitch, kashidaJustified, mmToPt, pageLabel, pageLabelOf, pageSizes, textBlock } from './page.js';

export const builtIns = ['un', 'gbt9704', 'hrc'];
const builtIn = (name: string) => join(themesRoot, `${name}.yaml`);

/**
 * Loads a theme by built-in name (`un`, `gbt9704`) or by path to a YAML file. A theme
 * may say `extends: <name or path>` and give only the values it changes.
 *
 * Every file a theme names must lie inside `within` (for a content folder's own
 * theme.yaml that folder; for a theme the user named, its own folder) or Dossier's
 * own folders: for `extends` its themes, templates and fonts; for font faces the
 * folders a build may read (files/roots.ts). Each problem is located in the
 * theme file that causes it, and no problem quotes a file outside those folders.
 */
export async function loadTheme(nameOrPath = 'un', options: { within?: string } = {}): Promise<Theme> {
  const diagnostics: Diagnostic[] = [];
  const bundled = await readManifest();
  const top = themePath(nameOrPath);
  const own = options.within ? [options.within] : [dirname(top), dirname(await realpath(top).catch(() => top))];
  const roots = { themes: await themeRoots(own), faces: await readableRoots([...bundled.packageDirs, ...own]) };
  const chain = await readChain(nameOrPath, roots, diagnostics);
  throwIfErrors(diagnostics);

  // A value is located in the file of the chain that sets it; a missing one in the first.
  const sources = [...chain.map((link) => link.source), bundled.source];
  const sourceAt = (path: PropertyKey[]) => sources.reduce((best, s) => (depthIn(s.data, path) > depthIn(best.data, path) ? s : best));
  const merged = chain.reduceRight<Record<string, unknown>>((base, link) => merge(base, link.values), {});
  const values = validate(themeSchema, merged, sourceAt, diagnostics);
  throwIfErrors(diagnostics);
  for (const problem of geometryProblems(values!, (path) => at(sourceAt(path), path))) diagnostics.push(problem);
  throwIfErrors(diagnostics);
  const theme = { ...values!, faces: { ...bundled.faces, ...values!.faces }, chains: { ...bundled.chains, ...values!.chains } };
  append(diagnostics, unknownFontNames(theme, sourceAt));
  throwIfErrors(diagnostics);
  return theme;
}

/** One theme file of a chain: the file, and its values with `extends` taken out and face paths real. */
interface Link {
  source: SourceFile;
  values: Record<string, unknown>;
}

const themeRules = (roots: readonly string[]): Confinement => ({ roots, what: 'theme', scope: 'theme', maxBytes: maxTextBytes });

/** The theme and the themes it extends, the asked-for one first; problems go to `diagnostics`. */
async function readChain(nameOrPath: string, roots: { themes: readonly string[]; faces: readonly string[] }, diagnostics: Diagnostic[]): Promise<Link[]> {
  const chain: Link[] = [];
  const seen: string[] = [];
  let asked = nameOrPath;
  let path = themePath(nameOrPath);
  for (;;) {
    const from = chain[chain.length - 1]?.source;
    // A file that cannot be read is reported where it is named: the `extends` of the theme before.
    const named = (problem: Diagnostic): Diagnostic => (from ? { ...problem, ...at(from, ['extends']) } : problem);
    let bytes: Buffer | undefined;
    try {
      bytes = await readConfined(path, themeRules(roots.themes));
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      append(diagnostics, e.diagnostics.map(named));
      return chain;
    }
    if (bytes === undefined) {
      diagnostics.push(named(unknownTheme(asked, path)));
      return chain;
    }
    const real = await realpath(path).catch(() => path);
    if (seen.includes(real)) {
      diagnostics.push(named(error('theme/cycle', `themes extend each other in a circle: ${[...seen, real].map(displayPath).join(' -> ')}`)));
      return chain;
    }
    seen.push(real);
    const source = parseYaml(displayPath(path), bytes, diagnostics);
    // A theme's strings reach the outputs (family names in styles.xml, the numbering format):
    // they get the check content gets.
    const characters = source?.controlCharacters('theme/control-character') ?? [];
    append(diagnostics, characters);
    if (source?.data === undefined || characters.length) return chain;
    if (!isObject(source.data)) {
      diagnostics.push(error('theme/not-a-theme', 'a theme is a group of fields such as page:, fonts: and text:', { file: source.path, line: 1, column: 1 }));
      return chain;
    }
    const { extends: base, ...values } = structuredClone(source.data);
    await checkFaces(values, source, dirname(path), roots.faces, diagnostics);
    chain.push({ source, values });
    if (base === undefined) return chain;
    if (typeof base !== 'string' || !base.trim()) {
      diagnostics.push(
        error('theme/extends', 'extends names a built-in theme or a .yaml file', { ...at(source, ['extends']), suggestion: `built-in themes: ${builtIns.join(', ')}` }),
      );
      return chain;
    }
    asked = base;
    path = themePath(base, dirname(path));
  }
}

function unknownTheme(asked: string, path: string): Diagnostic {
  const suggestion = `built-in themes: ${builtIns.join(', ')}; or give a path to a .yaml file`;
  return isPath(asked)
    ? error('theme/unknown', `theme file ${displayPath(path)} not found`, { file: displayPath(path), suggestion })
    : error('theme/unknown', `unknown theme "${asked}"`, { field: 'theme', suggestion });
}

/**
 * Font paths in a theme are relative to the theme file; each is checked (a regular
 * font file inside the readable folders, the face `index` in its collection) and
 * replaced by its real path, so merged themes and every later read use that file.
 */
async function checkFaces(values: Record<string, unknown>, source: SourceFile, dir: string, roots: readonly string[], diagnostics: Diagnostic[]) {
  if (!isObject(values.faces)) return;
  const checks = Object.entries(values.faces).flatMap(([id, face]) => {
    if (!isObject(face)) return [];
    return (['path', 'bold'] as const).map(async (key) => {
      const path = face[key];
      if (typeof path !== 'string') return;
      const indexKey = key === 'path' ? 'index' : 'boldIndex';
      const index = Number.isInteger(face[indexKey]) ? (face[indexKey] as number) : undefined;
      const where = (problem: Diagnostic) => ['faces', id, problem.rule === 'fonts/collection' ? indexKey : key];
      const real = await reportedAt(source, where, diagnostics, () => checkFace({ path: resolve(dir, path), ...(index !== undefined ? { index } : {}) }, roots));
      if (real !== undefined) face[key] = real;
    });
  });
  await Promise.all(checks);
}

/** Each role's chain must exist, and each chain's faces. */
function unknownFontNames(theme: Theme, sourceAt: (path: PropertyKey[]) => SourceFile): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const chains = Object.keys(theme.chains);
  for (const [role, chain] of Object.entries(theme.fonts)) {
    if (Object.hasOwn(theme.chains, chain)) continue;
    const path = ['fonts', role];
    problems.push(error('fonts/unknown-chain', `font chain "${chain}" is defined nowhere`, { ...at(sourceAt(path), path), suggestion: `chains: ${chains.join(', ')}` }));
  }
  for (const [name, spec] of Object.entries(theme.chains)) {
    for (const [key, ids] of chainLists(spec)) ids.forEach((id, i) => {
      if (Object.hasOwn(theme.faces, id)) return;
      const path = key === undefined ? ['chains', name, i] : ['chains', name, key, i];
      problems.push(
        error('fonts/unknown-face', `font chain "${name}" names face "${id}", which is defined nowhere`, {
          ...at(sourceAt(path), path),
          suggestion: `faces: ${Object.keys(theme.faces).join(', ')}`,
        }),
      );
    });
  }
  return problems;
}

const isPath = (nameOrPath: string) => /[/\\]|\.ya?ml$/.test(nameOrPath);

function themePath(nameOrPath: string, from = process.cwd()): string {
  return isPath(nameOrPath) ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(from, nameOrPath)) : builtIn(nameOrPath);
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** How many keys of `path`, from the start, exist in `data`. */
function depthIn(data: unknown, path: PropertyKey[]): number {
  let value = data;
  for (const [depth, key] of path.entries()) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return depth;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return path.length;
}

/** Values of `over` replace those of `base`, groups of fields merged key by key. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(over)])];
  // fromEntries defines keys: a theme's `__proto__:` stays a key (an unknown field), never a prototype.
  return Object.fromEntries(
    keys.map((key) => {
      if (!Object.hasOwn(over, key)) return [key, base[key]];
      const [value, inherited] = [over[key], Object.hasOwn(base, key) ? base[key] : undefined];
      return [key, isObject(value) && isObject(inherited) ? merge(inherited, value) : value];
    }),
  );
}
