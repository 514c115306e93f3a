import { append } from '../append.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DiagnosticError, error, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, notFound, readConfined } from '../files/confined.js';
import { onlyInside } from '../files/roots.js';
import type { SourceFile } from '../model/source.js';
import { at, parseYaml, reportedAt, validate } from '../model/yaml-file.js';
import { displayPath, projectRoot } from '../paths.js';
import { checkFace } from './face-file.js';

import type { FontFile } from './font-file.js';
export { fileKey, type FontFile } from './font-file.js';

export interface Face {
  id: string;
  family: string;
  licence: string;
  normal: FontFile;
  /** The bold weight; the normal file where a face has none. */
  bold: FontFile;
}

/** A chain's faces for each writing system (ISO 15924: Hans, Hant, Arab…), and for the rest. */
export interface Chain {
  bySystem: Map<string, Face[]>;
  default: Face[];
}

/** Every face known to a build, and the chains the theme's roles name. */
export interface FontSetup {
  faces: Map<string, Face>;
  chains: Map<string, Chain>;
}

/**
 * A chain as a theme or the manifest writes it: one list for every language, or a
 * list per writing system with `default` for the others.
 */
export const chainSchema = z.union([
  z.array(z.string()).min(1),
  z
    .record(z.union([z.literal('default'), z.string().regex(/^[A-Z][a-z]{3}$/, 'must be a writing system such as Hans, Hant, Arab or Latn, or default')]), z.array(z.string()).min(1))
    // An empty map would leave the chain with no face at all (found by the theme fuzzer, seed 109051656).
    .refine((lists) => Object.keys(lists).length > 0, 'must list faces: under default, or under a writing system such as Hans'),
]);
export type ChainSpec = z.infer<typeof chainSchema>;

/** Each list of face ids in a chain, with the key it stands under (none for a plain list). */
export function chainLists(spec: ChainSpec): [key: string | undefined, ids: string[]][] {
  return Array.isArray(spec) ? [[undefined, spec]] : Object.entries(spec);
}

/**
 * A face's family name as Word and PDF readers show it. Its characters are checked
 * with every other string of the theme or manifest (text/characters.ts).
 */
const familyName = z.string().trim().min(1, 'must not be empty');

const packagedFace = z.strictObject({
  family: familyName,
  package: z.string(),
  licence: z.string(),
  normal: z.string(),
  bold: z.string().optional(),
});
const manifestSchema = z.strictObject({
  faces: z.record(z.string(), packagedFace),
  chains: z.record(z.string(), chainSchema),
});

/** A face a theme adds by path (made absolute and checked by the theme loader). */
export const userFaceSchema = z.strictObject({
  family: familyName,
  path: z.string(),
  index: z.number().int().nonnegative().optional(),
  bold: z.string().optional(),
  boldIndex: z.number().int().nonnegative().optional(),
  licence: z.string().default('see the font file'),
});
export type UserFace = z.infer<typeof userFaceSchema>;

export const manifestPath = join(projectRoot, 'fonts', 'manifest.yaml');

/** The bundled faces and chains, in the shape a theme gives its own. */
export interface BundledFonts {
  /** fonts/manifest.yaml, to point at its lines. */
  source: SourceFile;
  /** Each face with the real paths of its files. */
  faces: Record<string, UserFace>;
  chains: Record<string, ChainSpec>;
  /** The installed font packages: a theme may use any face in them. */
  packageDirs: string[];
}

/**
 * The faces Dossier ships (fonts/manifest.yaml), their files found inside their npm
 * packages and checked like any font file. A problem is located in the manifest.
 */
export async function readManifest(path = manifestPath): Promise<BundledFonts> {
  const diagnostics: Diagnostic[] = [];
  const rules = { roots: await onlyInside(dirname(path)), what: 'font manifest', scope: 'fonts', maxBytes: maxTextBytes };
  const bytes = await readConfined(path, rules);
  if (!bytes) throw notFound(path, rules);
  const source = parseYaml(displayPath(path), bytes, diagnostics);
  if (source) append(diagnostics, source.controlCharacters('fonts/control-character'));
  throwIfErrors(diagnostics);
  const manifest = validate(manifestSchema, source!.data ?? {}, () => source!, diagnostics);
  throwIfErrors(diagnostics);
  // Packages are found as Dossier finds its own dependencies.
  const require = createRequire(manifestPath);
  // Every face checked at once (each is a few reads of its file), and the results taken in the manifest's order.
  const checked = await Promise.all(
    Object.entries(manifest!.faces).map(async ([id, face]) => {
      const problems: Diagnostic[] = [];
      let dir: string;
      try {
        dir = dirname(require.resolve(`${face.package}/package.json`));
      } catch {
        problems.push(
          error('fonts/package', `the font package ${face.package} is not installed`, { ...at(source!, ['faces', id, 'package']), suggestion: 'run npm install' }),
        );
        return { id, face, problems };
      }
      const file = (key: 'normal' | 'bold', name: string) =>
        reportedAt(source!, ['faces', id, key], problems, () => checkFace({ path: join(dir, name) }, [dir]));
      const [normal, bold] = await Promise.all([file('normal', face.normal), face.bold === undefined ? undefined : file('bold', face.bold)]);
      return { id, face, problems, dir, normal, bold };
    }),
  );
  const faces: Record<string, UserFace> = {};
  const packageDirs = new Set<string>();
  for (const { id, face, problems, dir, normal, bold } of checked) {
    append(diagnostics, problems);
    if (dir !== undefined) packageDirs.add(dir);
    if (normal !== undefined) faces[id] = { family: face.family, licence: face.licence, path: normal, ...(bold ? { bold } : {}) };
  }
  throwIfErrors(diagnostics);
  return { source: source!, faces, chains: manifest!.chains, packageDirs: [...packageDirs] };
}

/**
 * Every face a theme has (the bundled ones and its own, as the theme loader left
 * them) and the chains of faces its roles name.
 */
export function loadFontSetup(theme: { faces?: Record<string, UserFace>; chains?: Record<string, ChainSpec> }): FontSetup {
  const faces = new Map<string, Face>();
  for (const [id, face] of Object.entries(theme.faces ?? {})) {
    const normal = { path: face.path, ...(face.index !== undefined ? { index: face.index } : {}) };
    const bold = face.bold ? { path: face.bold, ...(face.boldIndex !== undefined ? { index: face.boldIndex } : {}) } : normal;
    faces.set(id, { id, family: face.family, licence: face.licence, normal, bold });
  }
  const faceOf = (name: string, id: string) => {
    const face = faces.get(id);
    if (face) return face;
    throw new DiagnosticError([
      error('fonts/unknown-face', `font chain "${name}" names face "${id}", which is defined nowhere`, {
        field: `chains.${name}`,
        suggestion: `known faces: ${[...faces.keys()].join(', ')}`,
      }),
    ]);
  };
  const chains = new Map<string, Chain>();
  for (const [name, spec] of Object.entries(theme.chains ?? {})) {
    const lists = chainLists(spec).map(([key, ids]) => [key, ids.map((id) => faceOf(name, id))] as const);
    const bySystem = new Map(lists.filter(([key]) => key !== undefined && key !== 'default') as [string, Face[]][]);
    chains.set(name, { bySystem, default: (lists.find(([key]) => key === undefined || key === 'default') ?? lists[0]!)[1] });
  }
  return { faces, chains };
}
