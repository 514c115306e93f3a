import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';
import { readDocx, resolveChanges, type EditedDocx } from './read-docx.js';

const run = promisify(execFile);

/** What a build needs to make the earlier version: where the content is, and how it is built today. */
export interface OlderOptions {
  contentDir: string;
  since: string;
  languages: readonly string[];
  theme?: string;
  templatesDir?: string;
  /** The build itself, passed in: this module is imported by build.ts. */
  build: (contentDir: string, outDir: string) => Promise<Map<string, string>>;
}

/**
 * The earlier version `--changes-since` names, read as an import reads a DOCX, by
 * language: a DOCX Dossier made (its language from its ids), or a git revision, whose
 * content files are read from git and built with today's templates and theme.
 */
export async function olderVersions(options: OlderOptions): Promise<Map<string, EditedDocx>> {
  if (/\.docx$/i.test(options.since)) {
    let docx: EditedDocx;
    try {
      docx = readDocx(await readFile(options.since));
    } catch (e) {
      throw sinceProblem(`${displayPath(options.since)} cannot be read as a DOCX: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const langs = new Map<string, number>();
    for (const record of docx.records ?? []) if (!record.template) langs.set(record.lang, (langs.get(record.lang) ?? 0) + 1);
    const lang = [...langs].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!lang) throw sinceProblem(`${displayPath(options.since)} has no Dossier ids: it was not made by dossier build`);
    if (!options.languages.includes(lang)) throw sinceProblem(`${displayPath(options.since)} is the ${lang} document, which this build does not make`);
    // A file with changes still pending reads as they would be accepted: what its readers last saw.
    return new Map([[lang, resolveChanges(docx, 'accept')]]);
  }
  const content = await realpath(options.contentDir);
  const git = async (...args: string[]) => (await run('git', ['-C', content, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
  let top: string;
  try {
    top = (await git('rev-parse', '--show-toplevel')).trim();
    await git('rev-parse', '--verify', '--quiet', `${options.since}^{commit}`);
  } catch {
    throw sinceProblem(`"${options.since}" is neither a .docx nor a git revision of ${displayPath(options.contentDir)}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'dossier-since-'));
  try {
    const old = join(dir, 'content');
    await mkdir(old);
    const path = relative(top, content).split('\\').join('/');
    for (const file of ['profile.yaml', 'submission.yaml']) {
      let text: string;
      try {
        text = await git('show', `${options.since}:${path ? `${path}/` : ''}${file}`);
      } catch {
        throw sinceProblem(`${options.since} has no ${path ? `${path}/` : ''}${file}`);
      }
      await writeFile(join(old, file), text);
    }
    // Today's theme: the folder's own, where it has one.
    await copyFile(join(content, 'theme.yaml'), join(old, 'theme.yaml')).catch(() => {});
    const built = await options.build(old, join(dir, 'out'));
    const versions = new Map<string, EditedDocx>();
    for (const [lang, file] of built) versions.set(lang, readDocx(await readFile(file)));
    return versions;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function sinceProblem(message: string): DiagnosticError {
  return new DiagnosticError([error('changes/since', message, { field: '--changes-since', suggestion: 'give a DOCX dossier build wrote, or a git revision (HEAD~1, a tag) of the content folder' })]);
}
