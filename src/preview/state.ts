import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Format } from '../formats.js';
import { whoInCounts, type AppliedLimit } from '../rules/submission-rules.js';
import type { Rebuild, WatchNote } from '../watch/watch.js';

/** A problem as the page lists it: where, in the user's words, and the line it is on. */
export interface ShownProblem extends Omit<Diagnostic, 'caused'> {
  /** file:line:column, as the terminal prints it. */
  where?: string;
  /** The source line the problem is on, as written. */
  source?: string;
  /** How many more problems it caused (listed by --all-errors in the terminal). */
  causedCount?: number;
}

/** One output file the page shows: fetched by its hash, so an unchanged file is not fetched again. */
export interface ShownFile {
  url: string;
  hash: string;
  /** When the build that wrote it finished (ISO). */
  builtAt: string;
  /** Built from an older state of the content: the last build failed. */
  stale: boolean;
}

/** A limit of the kind and how much of it the document uses. */
export interface Gauge {
  what: 'words' | 'pages';
  used: number;
  max: number;
  /** Whose limit it is ("an organisation in special consultative status"), empty for everyone's. */
  who: string;
}

export interface ShownLanguage {
  lang: string;
  files: Partial<Record<Format, ShownFile>>;
  words?: number;
  pages?: number;
  gauges: Gauge[];
}

export interface PreviewState {
  /** Counts every change the page is told of. */
  serial: number;
  /** How the last build went: undefined until the first has finished. */
  ok?: boolean;
  /** When the last build finished, and the last that succeeded (ISO). */
  builtAt?: string;
  goodAt?: string;
  /** The content folder is gone; nothing is built until it is back. */
  gone: boolean;
  contentDir: string;
  /** The last build's problems (its warnings, when it succeeded), the first `shownProblems` of them. */
  problems: ShownProblem[];
  /** How many more problems the last build had than are listed. */
  moreProblems: number;
  /** What the watcher could not watch. */
  watchProblems: ShownProblem[];
  languages: ShownLanguage[];
}

/**
 * What the preview knows: the state the page is sent, and the bytes of the last good
 * build's files, kept in memory so that a failed build, or one that wrote nothing
 * new, leaves the page the files it shows.
 */
export class PreviewModel {
  readonly state: PreviewState;
  private readonly files = new Map<string, Uint8Array>();

  constructor(contentDir: string) {
    this.state = { serial: 0, gone: false, contentDir, problems: [], moreProblems: 0, watchProblems: [], languages: [] };
  }

  /** The bytes of a language's file, by the name the page asks for ("en.pdf"). */
  file(name: string): Uint8Array | undefined {
    return this.files.get(name);
  }

  async rebuilt({ result, diagnostics }: Rebuild): Promise<void> {
    const now = new Date().toISOString();
    const state = this.state;
    const lines = sourceLines();
    state.problems = diagnostics.slice(0, shownProblems).map((d) => shownProblem(d, lines));
    state.moreProblems = Math.max(diagnostics.length - shownProblems, 0);
    state.builtAt = now;
    state.ok = Boolean(result);
    state.gone = false;
    if (!result) {
      for (const language of state.languages) for (const file of Object.values(language.files)) file.stale = true;
    } else {
      state.goodAt = now;
      const before = new Map(state.languages.map((l) => [l.lang, l]));
      state.languages = await Promise.all(
        result.documents.map(async (document): Promise<ShownLanguage> => {
          const previous = before.get(document.lang);
          const files: ShownLanguage['files'] = {};
          for (const [format, path] of Object.entries(document.files) as [Format, string][]) {
            const bytes = new Uint8Array(await readFile(path));
            const name = `${document.lang}.${format}`;
            this.files.set(name, bytes);
            const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
            files[format] = { url: `files/${name}?h=${hash}`, hash, builtAt: now, stale: false };
          }
          // A build whose document did not change writes nothing: its files and page count stand.
          if (result.unchanged && previous) {
            for (const file of Object.values(previous.files)) file.stale = false;
            return { ...previous, words: document.counts.words };
          }
          const words = document.counts.words;
          const pages = document.counts.pages;
          const gauges: Gauge[] = [];
          const gauge = (what: Gauge['what'], used: number | undefined, limit: AppliedLimit | undefined) => {
            if (used !== undefined && limit) gauges.push({ what, used, max: limit.max, who: limit.who === 'all' ? '' : whoInCounts[limit.who] });
          };
          gauge('words', words, result.rules?.maxWords);
          gauge('pages', pages, result.rules?.maxPages);
          return { lang: document.lang, files, words, ...(pages !== undefined ? { pages } : {}), gauges };
        }),
      );
    }
    state.serial++;
  }

  noted(note: WatchNote): void {
    if (note.kind === 'problem') this.state.watchProblems.push(shownProblem(note.diagnostic, sourceLines()));
    else this.state.gone = note.kind === 'gone';
    this.state.serial++;
  }
}

/** A page lists this many problems of a build; a YAML file can give tens of thousands. */
const shownProblems = 200;

function shownProblem({ caused, ...problem }: Diagnostic, lines: (file: string, line: number) => string | undefined): ShownProblem {
  const where = problem.file ? [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined].filter((part) => part !== undefined).join(':') : undefined;
  const source = problem.file && problem.line ? lines(problem.file, problem.line) : undefined;
  return { ...problem, ...(where ? { where } : {}), ...(source !== undefined ? { source } : {}), ...(caused?.length ? { causedCount: caused.length } : {}) };
}

/** Line `line` (from 1) of a file, as written, long lines cut; each file read once. */
function sourceLines(): (file: string, line: number) => string | undefined {
  const files = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!files.has(file)) {
      try {
        files.set(file, readFileSync(resolve(file), 'utf8').split(/\r?\n/));
      } catch {
        files.set(file, undefined);
      }
    }
    const text = files.get(file)?.[line - 1];
    return text === undefined ? undefined : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  };
}
