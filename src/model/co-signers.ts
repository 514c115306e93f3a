import { lstat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DiagnosticError, error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, readConfined } from '../files/confined.js';
import { displayPath } from '../paths.js';
import { profileSchema, type Profile } from './schema.js';
import type { SourceFile } from './source.js';
import { parseYaml, validate } from './yaml-file.js';
import { append } from '../append.js';

/** An organisation that signs a joint submission with the one whose folder it is. */
export interface CoSigner {
  /** Its place in the submission's `coSigners:` list, where problems with it are shown. */
  entry: number;
  profile: Profile;
  source: SourceFile;
}

/**
 * Reads each co-signer's profile: a folder holding profile.yaml, or a .yaml file,
 * named relative to the content folder. They are read like the content files, from
 * inside the content folder only (a folder from a stranger names no file elsewhere).
 * A file that is missing or refused is reported at its entry; a mistake in it, in it.
 */
export async function loadCoSigners(
  dir: string,
  entries: readonly string[],
  submission: SourceFile,
  roots: string[],
  diagnostics: Diagnostic[],
): Promise<CoSigner[]> {
  const found: CoSigner[] = [];
  for (const [entry, named] of entries.entries()) {
    const path = ['coSigners', entry];
    const atEntry = { file: submission.path, ...submission.locate(path), field: fieldPath(path) };
    const target = resolve(dir, named);
    const file = (await lstat(target).then((s) => s.isDirectory(), () => false)) ? join(target, 'profile.yaml') : target;
    let bytes: Buffer | undefined;
    try {
      bytes = await readConfined(file, { roots, what: 'co-signer profile', scope: 'content', maxBytes: maxTextBytes });
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      append(diagnostics, e.diagnostics.map((d) => ({ ...d, ...atEntry })));
      continue;
    }
    if (!bytes) {
      diagnostics.push(
        error('content/co-signer', `no profile at ${displayPath(file)}`, {
          ...atEntry,
          suggestion: 'name a folder holding profile.yaml, or a profile .yaml file, relative to the content folder',
        }),
      );
      continue;
    }
    const source = parseYaml(displayPath(file), bytes, diagnostics);
    if (!source) continue;
    append(append(diagnostics, source.controlCharacters()), source.unbreakableRuns());
    if (!source.parses) continue;
    const profile = validate(profileSchema, source.data ?? {}, () => source, diagnostics);
    if (profile) found.push({ entry, profile, source });
  }
  return found;
}
