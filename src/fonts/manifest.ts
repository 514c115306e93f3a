import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { projectRoot } from '../paths.js';

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

/** Every face known to a build, and the chains the theme's roles name. */
export interface FontSetup {
  faces: Map<string, Face>;
  chains: Map<string, Face[]>;
}

const packagedFace = z.strictObject({
  family: z.string(),
  package: z.string(),
  licence: z.string(),
  normal: z.string(),
  bold: z.string().optional(),
});
const manifestSchema = z.strictObject({
  faces: z.record(z.string(), packagedFace),
  chains: z.record(z.string(), z.array(z.string()).min(1)),
});

/** A face a theme adds by path (already made absolute by the theme loader). */
export const userFaceSchema = z.strictObject({
  family: z.string(),
  path: z.string(),
  index: z.number().int().nonnegative().optional(),
  bold: z.string().optional(),
  boldIndex: z.number().int().nonnegative().optional(),
  licence: z.string().default('see the font file'),
});
export type UserFace = z.infer<typeof userFaceSchema>;

export const manifestPath = join(projectRoot, 'fonts', 'manifest.yaml');

/**
 * The bundled faces (fonts/manifest.yaml, files found inside their npm packages),
 * then the theme's own faces and chains on top.
 */
export function loadFontSetup(
  theme: { faces?: Record<string, UserFace>; chains?: Record<string, string[]> } = {},
): FontSetup {
  const manifest = manifestSchema.parse(parse(readFileSync(manifestPath, 'utf8')));
  const require = createRequire(manifestPath);
  const faces = new Map<string, Face>();
  for (const [id, face] of Object.entries(manifest.faces)) {
    const dir = dirname(require.resolve(`${face.package}/package.json`));
    const normal = { path: join(dir, face.normal) };
    faces.set(id, { id, family: face.family, licence: face.licence, normal, bold: face.bold ? { path: join(dir, face.bold) } : normal });
  }
  for (const [id, face] of Object.entries(theme.faces ?? {})) {
    const normal = { path: face.path, ...(face.index !== undefined ? { index: face.index } : {}) };
    const bold = face.bold ? { path: face.bold, ...(face.boldIndex !== undefined ? { index: face.boldIndex } : {}) } : normal;
    faces.set(id, { id, family: face.family, licence: face.licence, normal, bold });
  }
  const chains = new Map<string, Face[]>();
  for (const [name, ids] of Object.entries({ ...manifest.chains, ...theme.chains })) {
    chains.set(
      name,
      ids.map((id) => {
        const face = faces.get(id);
        if (!face) {
          throw new DiagnosticError([
            error('fonts/unknown-face', `font chain "${name}" names face "${id}", which is defined nowhere`, {
              field: `chains.${name}`,
              suggestion: `known faces: ${[...faces.keys()].join(', ')}`,
            }),
          ]);
        }
        return face;
      }),
    );
  }
  return { faces, chains };
}

