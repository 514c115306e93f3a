import { access, lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticError, error, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, readConfined } from '../files/confined.js';
import { onlyInside } from '../files/roots.js';
import { allowedLanguages, loadKind, variantFor, whoRestrictsLanguages, type Kind } from '../kinds/kind.js';
import { statusOf } from '../kinds/requirements.js';
import { fallbackChain } from '../model/localized.js';
import { profileSchema, submissionKinds, treatyBodies } from '../model/schema.js';
import { parseYaml, validate } from '../model/yaml-file.js';
import { displayPath, projectRoot, templatesRoot } from '../paths.js';
import type { ContentFile } from '../schema/json-schema.js';
import { schemaLine, starterKey, starterProfile, starterSubmission } from './starter.js';

export interface InitOptions {
  /** The folder to write: new, or empty. */
  dir: string;
  kind: string;
  /** The document's language (default: the kind's first, else en). */
  lang?: string;
  /** A profile to start from: a folder holding profile.yaml, or a profile's file. */
  org?: string;
  /** The document's date (default: today). */
  date?: string;
  /** The treaty body (treaty-body reports): CCPR, CESCR… (default CCPR). */
  committee?: string;
}

/** The JSON Schema a content file names on its first line: the one shipped in Dossier's schemas/. */
export const schemaUrl = (file: ContentFile) => pathToFileURL(join(projectRoot, 'schemas', `${file}.schema.json`)).href;

/**
 * Writes a content folder of the kind asked for that builds as it is: profile.yaml
 * (a starter, or a copy of the organisation's own) and submission.yaml, each field
 * explained. A folder that exists and is not empty is refused, and nothing is written.
 */
export async function initContent(options: InitOptions): Promise<{ written: string[] }> {
  if (!(submissionKinds as readonly string[]).includes(options.kind)) {
    throw new DiagnosticError([error('init/kind', `unknown kind "${options.kind}"`, { suggestion: `kinds: ${submissionKinds.join(', ')}` })]);
  }
  const committee = options.committee ?? starterKey.committee;
  if (!(treatyBodies as readonly string[]).includes(committee)) {
    throw new DiagnosticError([error('init/committee', `unknown committee "${committee}"`, { suggestion: `committees: ${treatyBodies.join(', ')}` })]);
  }
  const kind = await loadKind(options.kind);
  const key = { ...starterKey, committee };
  const languages = allowedLanguages(kind, variantFor(kind, key));
  const lang = options.lang ?? languages?.[0] ?? 'en';
  await checkLanguage(whoRestrictsLanguages(kind, variantFor(kind, key), key), languages, lang);
  await checkFolder(options.dir);
  const profile = options.org ? await organisationProfile(options.org, kind) : starterProfile(schemaUrl('profile'), lang);
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const files: [string, string][] = [
    [join(options.dir, 'profile.yaml'), profile],
    [join(options.dir, 'submission.yaml'), starterSubmission({ kind, lang, schemaUrl: schemaUrl('submission'), date, committee })],
  ];
  await mkdir(options.dir, { recursive: true });
  // wx: a file that appeared meanwhile is never overwritten.
  for (const [path, text] of files) await writeFile(path, text, { flag: 'wx' });
  return { written: files.map(([path]) => path) };
}

async function checkLanguage(who: string, languages: string[] | undefined, lang: string): Promise<void> {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) {
    throw new DiagnosticError([error('init/language', `"${lang}" is not a language tag`, { suggestion: 'e.g. en, fr, es, ru, ar, zh-CN, zh-Hant' })]);
  }
  if (languages && !fallbackChain(lang).some((tag) => languages.includes(tag))) {
    throw new DiagnosticError([
      error('init/language', `${who} are accepted in ${languages.join(', ')}, not in ${lang}`, { suggestion: `--lang ${languages[0]}` }),
    ]);
  }
  const catalogued = await Promise.all(fallbackChain(lang).map((tag) => access(join(templatesRoot, 'locales', `${tag}.yaml`)).then(() => true, () => false)));
  if (!catalogued.some(Boolean)) {
    throw new DiagnosticError([
      error('init/language', `Dossier has no wording for ${lang} (templates/locales/)`, { suggestion: 'one of en, fr, es, ru, ar, zh-CN, zh-Hant' }),
    ]);
  }
}

async function checkFolder(dir: string): Promise<void> {
  const found = await lstat(dir).catch(() => undefined);
  if (!found) return;
  if (!found.isDirectory()) {
    throw new DiagnosticError([error('init/not-a-folder', `${displayPath(dir)} is a file, not a folder`, { file: displayPath(dir), suggestion: 'name a new folder' })]);
  }
  const entries = await readdir(dir);
  if (entries.length) {
    throw new DiagnosticError([
      error('init/not-empty', `${displayPath(dir)} is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}); init writes only into a new or empty folder, and changed nothing`, {
        file: displayPath(dir),
        suggestion: 'name a new folder',
      }),
    ]);
  }
}

/**
 * The organisation's own profile, checked (it must read, and its status must let it
 * submit this kind), its text kept as written, comments and all, with the schema line.
 */
async function organisationProfile(org: string, kind: Kind): Promise<string> {
  const target = resolve(org);
  const path = (await lstat(target).then((s) => s.isDirectory(), () => false)) ? join(target, 'profile.yaml') : target;
  const bytes = await readConfined(path, { roots: await onlyInside(dirname(path)), what: 'profile', scope: 'init', maxBytes: maxTextBytes });
  if (!bytes) throw new DiagnosticError([error('init/org', `no profile at ${displayPath(path)}`, { file: displayPath(path), suggestion: '--org names a folder holding profile.yaml, or a profile file' })]);
  const diagnostics: Diagnostic[] = [];
  const source = parseYaml(displayPath(path), bytes, diagnostics);
  throwIfErrors(diagnostics);
  const profile = validate(profileSchema, source!.data ?? {}, () => source!, diagnostics);
  throwIfErrors(diagnostics);
  const status = statusOf(profile!);
  if (!kind.ecosoc.submitter.includes(status)) {
    throw new DiagnosticError([
      error('kinds/submitter-status', `this organisation (ECOSOC status: ${status}) cannot submit ${kind.name}s; their submitters have status ${kind.ecosoc.submitter.join(', ')}`, {
        file: source!.path,
        ...source!.locate(['ecosoc']),
        field: 'ecosoc',
      }),
    ]);
  }
  const text = source!.text.replace(/^# yaml-language-server:.*\n/, '');
  return schemaLine(schemaUrl('profile')) + text;
}
