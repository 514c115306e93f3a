import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectRoot } from '../paths.js';

const faceSchema = z.strictObject({
  family: z.string(),
  package: z.string(),
  licence: z.string(),
  normal: z.string(),
  bold: z.string().optional(),
});
const manifestSchema = z.strictObject({ faces: z.record(z.string(), faceSchema) });

/** A face resolved to files on disk. */
export interface Face {
  role: string;
  family: string;
  licence: string;
  normal: string;
  /** Falls back to the normal file when the face has no bold. */
  bold: string;
}

export type FaceSet = Map<string, Face>;

/** Reads fonts/manifest.yaml and finds each face's files inside its npm package. */
export function loadFaces(manifestPath = join(projectRoot, 'fonts', 'manifest.yaml')): FaceSet {
  const manifest = manifestSchema.parse(parse(readFileSync(manifestPath, 'utf8')));
  const require = createRequire(manifestPath);
  const faces: FaceSet = new Map();
  for (const [role, face] of Object.entries(manifest.faces)) {
    const dir = dirname(require.resolve(`${face.package}/package.json`));
    const normal = join(dir, face.normal);
    faces.set(role, {
      role,
      family: face.family,
      licence: face.licence,
      normal,
      bold: face.bold ? join(dir, face.bold) : normal,
    });
  }
  return faces;
}
