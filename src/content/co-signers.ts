import { lstat, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DiagnosticError, error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, readConfined } from '../files/confined.js';
import { displayPath } from '../paths.js';
import { commentsInText } from '../model/comments-in-text.js';
import { profileSchema, type Profile } from '../model/schema.js';
import type { SourceFile } from '../model/source.js';
import type { CoSigner } from '../model/co-signer.js';
import { parseYaml, validate } from '../model/yaml-file.js';
import { append } from '../append.js';


/**
 * Reads each co-signer's profile: a folder holding profile.yaml, or a .yaml file,
 * named relative to the content folder. They are read like the content files, from
 * inside the content folder only (a folder from a stranger names no file elsewhere).
 * A file that is missing or refused is reported at its entry; a mistake in it, in it.
 * An entry naming the submitting organisation or one already listed (the same file,
 * or a profile of the same name) is an error at that entry: it would double the limits.
 */
export async function loadCoSigners(
  dir: string,
  entries: readonly string[],
  submission: SourceFile,
  roots: string[],
  diagnostics: Diagnostic[],
  /** The submitting organisation's profile, where it reads: a co-signer of the same name is it. */
  own?: Profile,
): Promise<CoSigner[]> {
  const found: CoSigner[] = [];
  // Each profile file by its real path, the submitting organisation's first: an entry naming
  // one again ("." for itself, a second path to a partner) would count it twice in the limits.
  const ownFile = await realpath(join(dir, 'profile.yaml')).catch(() => undefined);
  const files = new Map<string, number | 'own'>(ownFile ? [[ownFile, 'own']] : []);
  for (const [entry, named] of entries.entries()) {
    const path = ['coSigners', entry];
    const atEntry = { file: submission.path, ...submission.locate(path), field: fieldPath(path) };
    const target = resolve(dir, named);
    const file = (await lstat(target).then((s) => s.isDirectory(), () => false)) ? join(target, 'profile.yaml') : target;
    const real = await realpath(file).catch(() => undefined);
    const before = real === undefined ? undefined : files.get(real);
    if (before !== undefined) {
      diagnostics.push(twice(before, atEntry));
      continue;
    }
    if (real !== undefined) files.set(real, entry);
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
    if (!profile) continue;
    commentsInText(source, profile, diagnostics);
    // The same organisation in two files is told by its name.
    const same = own && sameName(own, profile) ? 'own' : found.find((other) => sameName(other.profile, profile))?.entry;
    if (same !== undefined) {
      diagnostics.push(twice(same, atEntry, 'by its name'));
      continue;
    }
    found.push({ entry, profile, source });
  }
  return found;
}

/** The error for an entry naming an organisation already signing: the submitter (`own`) or an earlier entry. */
function twice(before: number | 'own', atEntry: Pick<Diagnostic, 'file' | 'line' | 'column' | 'field'>, how = ''): Diagnostic {
  const told = how ? ` (${how})` : '';
  return before === 'own'
    ? error('content/co-signer-self', `this is the submitting organisation itself${told}: it does not co-sign its own submission`, {
        ...atEntry,
        suggestion: 'list only the other organisations under coSigners',
      })
    : error('content/co-signer-twice', `the same organisation as coSigners[${before}]${told}: each co-signer is listed once`, {
        ...atEntry,
        suggestion: 'delete one of the two entries',
      });
}

/** Two profiles name the same organisation when any of their full names match, case and spacing aside. */
function sameName(a: Profile, b: Profile): boolean {
  const names = (p: Profile) => new Set(textsOf(p.names.full.value).map((n) => n.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase()));
  const ofA = names(a);
  return [...names(b)].some((n) => ofA.has(n));
}

const textsOf = (value: string | Record<string, string>): string[] => (typeof value === 'string' ? [value] : Object.values(value));
