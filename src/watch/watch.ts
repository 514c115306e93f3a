import { existsSync, lstatSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { watch as chokidar, type FSWatcher } from 'chokidar';
import { build, contentTheme, themeFor, type BuildOptions, type BuildResult } from '../build.js';
import type { KeptThemes } from '../theme/content-theme.js';
import { fileSignature } from '../files/signature.js';
import { DiagnosticError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { forgetFontFiles } from '../fonts/files.js';
import { loadFontSetup } from '../fonts/manifest.js';
import { forgetCoverage } from '../font-plan/plan.js';
import { forgetSubsets } from '../fonts/subset.js';
import { forgetKinds } from '../kinds/kind.js';
import { isInside, kindsRoot, projectRoot, templatesRoot, themesRoot } from '../paths.js';
import { folderIdentity, realPath, waitForFolder } from './folder.js';
import { internalError, unwatchableProblem } from './problems.js';

/** One rebuild: what set it off, how long it took, and what came of it. */
export interface Rebuild {
  /** Changed files, relative to the current folder; empty for the first build. */
  changed: string[];
  ms: number;
  /** The build's result, or undefined when it failed (the previous files stay). */
  result?: BuildResult;
  diagnostics: Diagnostic[];
}

export interface Watching {
  /** Every file and folder watched. */
  paths: string[];
  close(): Promise<void>;
}

/** What happens between rebuilds that the user should hear about. */
export type WatchNote =
  /** The content folder was removed or renamed away; nothing is built until it is back. */
  | { kind: 'gone'; dir: string }
  /** It is there again (made anew, or renamed back) and watched again; a rebuild follows. */
  | { kind: 'back'; dir: string }
  /** Something could not be watched (e.g. an unreadable subfolder); the rest still is. */
  | { kind: 'problem'; diagnostic: Diagnostic };

/**
 * Edits arrive in bursts (an editor truncates and writes, or writes a copy and renames
 * it): wait this long for quiet. inotify tells each step within a millisecond or two of
 * the last; a longer wait is time the user waits for every edit (it was 40 ms: half of
 * an edit's 90 ms to the files written). A build that read a file mid-write is followed
 * by one that reads it whole, as any edit made during a build is.
 */
const settleMs = 10;

/** How long chokidar keeps quiet about a file after telling of a change to it (chokidar 5, index.js _emit). */
const changeThrottleMs = 50;


/**
 * How deep under a watched folder to look. Content, templates and themes are a level or
 * two deep; a bound keeps a folder that holds a whole tree from costing minutes and GBs.
 */
const maxDepth = 8;

/**
 * Builds the content folder, then again whenever its content, the templates, the
 * theme or the fonts change. The process stays warm between builds: fonts read
 * and parsed, pdfmake and docx loaded, subsets made; a build whose document did
 * not change writes nothing. A failed build, or one that crashed, reports and waits
 * for the next edit. A content folder that goes away is waited for and watched again.
 */
export async function watchContent(options: BuildOptions, report: (rebuild: Rebuild) => void, note: (note: WatchNote) => void = () => {}): Promise<Watching> {
  const paths = await watchedPaths(options);
  // The watcher reports real paths (see realPath): compare like with like.
  const output = realPath(options.outDir);
  const kinds = realPath(kindsRoot);
  let content = realPath(options.contentDir);
  let contentIdentity = folderIdentity(options.contentDir);
  /** Set while the content folder is gone: stops waiting for it. */
  let stopWaiting: (() => void) | undefined;
  let fingerprint: string | undefined;
  let pending = new Set<string>();
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** The watcher's problems already told, by code and path: a folder re-read is not news. */
  const told = new Set<string>();
  const keptThemes: KeptThemes = new Map();
  let closed = false;

  const run = async (changed: string[]) => {
    const started = performance.now();
    for (const path of changed) readAs.set(path, signatureOf(path));
    try {
      if (changed.some(isFontFile)) {
        forgetFontFiles();
        forgetCoverage();
        forgetSubsets();
        fingerprint = undefined;
      }
      // A kind file read once is kept; an edited one is read again.
      if (changed.some((path) => isInside(kinds, path))) forgetKinds();
      // The theme is kept while only the content's text changes (a kind named anew names another theme).
      const textOnly = changed.length > 0 && changed.every((path) => contentTexts.some((name) => path === join(content, name)));
      if (!textOnly) keptThemes.clear();
      const result = await build({ ...options, keptThemes, ...(fingerprint ? { unchangedSince: fingerprint } : {}) });
      fingerprint = result.fingerprint;
      report({ changed: changed.map(shown), ms: performance.now() - started, result, diagnostics: result.warnings });
    } catch (e) {
      // Anything else is a bug; reported as one, it must not end the watch.
      const diagnostics = e instanceof DiagnosticError ? e.diagnostics : [internalError(e, options.contentDir)];
      report({ changed: changed.map(shown), ms: performance.now() - started, diagnostics });
    }
  };

  const next = () => {
    if (running || stopWaiting || !pending.size || !contentFolderIsThere()) return;
    const changed = [...pending].sort();
    pending = new Set();
    running = run(changed).finally(() => {
      running = undefined;
      next(); // edits made during the build
    });
  };

  const changedNow = (path: string) => {
    pending.add(resolve(path));
    clearTimeout(timer);
    timer = setTimeout(next, settleMs);
  };

  /**
   * chokidar drops a file's change that comes within 50 ms of its last one (its _emit
   * throttles 'change' with no trailing event): a save soon after another, or after a
   * quick rebuild, was lost, and the outputs kept the older text. Each change is looked
   * at again once that window has passed: a file that is not as it was when the last
   * build began (when it read it) changed since. (As it was when chokidar told of it
   * would not do: that may be mid-write, and the build that followed read it whole.)
   */
  const readAs = new Map<string, string>();
  const lookAgainAfterThrottle = (path: string) => {
    const key = resolve(path);
    setTimeout(() => {
      if (!closed && signatureOf(key) !== readAs.get(key)) changedNow(key);
    }, changeThrottleMs + 10).unref();
  };

  /**
   * Whether there is a content folder to build. A watcher keeps watching a folder that
   * was removed or renamed away, and hears nothing from one made in its place: a new
   * folder is watched afresh, and a missing one is waited for.
   */
  const contentFolderIsThere = (): boolean => {
    const identity = folderIdentity(options.contentDir);
    if (!identity) {
      waitForContent();
      return false;
    }
    if (identity !== contentIdentity) watchContentAgain(identity);
    return true;
  };

  const waitForContent = () => {
    contentIdentity = undefined;
    watcher.unwatch(content);
    // Its files' removals are not edits to build.
    for (const path of pending) if (isInside(content, path)) pending.delete(path);
    note({ kind: 'gone', dir: options.contentDir });
    stopWaiting = waitForFolder(options.contentDir, (identity) => {
      stopWaiting = undefined;
      watchContentAgain(identity);
      note({ kind: 'back', dir: options.contentDir });
      changedNow(content);
    });
  };

  const watchContentAgain = (identity: string) => {
    watcher.unwatch(content);
    content = realPath(options.contentDir);
    watcher.add(content);
    contentIdentity = identity;
  };

  await run([]);
  const watcher: FSWatcher = chokidar(paths, {
    ignoreInitial: true,
    // Our own outputs and temporary files, and editors' swap files.
    ignored: (path) => isInside(output, resolve(path)) || /(^|[/\\])\.[^/\\]+\.(tmp|swp)$|~$/.test(path),
    awaitWriteFinish: false,
    // A link is watched as a link: followed, a link to / walks the whole disk and a loop never ends.
    followSymlinks: false,
    depth: maxDepth,
  });
  let ready = false;
  watcher.on('all', (event, path) => {
    // chokidar tells of the links it finds while it first looks, ignoreInitial or not.
    if (!ready && event === 'add' && isLink(path)) return;
    if (stopWaiting && isInside(content, resolve(path))) return; // the last news of a folder that is gone
    changedNow(path);
    lookAgainAfterThrottle(path);
  });
  // Without a listener, an unreadable subfolder would end the process; each is told once.
  watcher.on('error', (e: unknown) => {
    const { code, path } = (e ?? {}) as NodeJS.ErrnoException;
    const key = `${code}:${path}`;
    if (told.has(key)) return;
    told.add(key);
    note({ kind: 'problem', diagnostic: unwatchableProblem(e) });
  });
  await new Promise<void>((resolved) => watcher.once('ready', () => resolved()));
  ready = true;
  if (!contentIdentity) contentFolderIsThere(); // gone before the watch began
  return {
    paths,
    async close() {
      closed = true;
      clearTimeout(timer);
      stopWaiting?.();
      await watcher.close();
      await running;
    },
  };
}

/** The content folder, the templates, the kinds and themes, a theme file given by path, the font manifest and font files. */
async function watchedPaths(options: BuildOptions): Promise<string[]> {
  const paths = new Set([options.contentDir, options.templatesDir ?? templatesRoot, kindsRoot, themesRoot, join(projectRoot, 'fonts')]);
  const themeName = options.theme ?? (await contentTheme(options.contentDir));
  if (existsSync(themeName)) paths.add(themeName);
  try {
    const setup = loadFontSetup(await themeFor(options));
    for (const face of setup.faces.values()) for (const file of [face.normal, face.bold]) paths.add(file.path);
  } catch {
    // A broken theme or font list is reported by the build; its folder is watched anyway.
  }
  const existing = [...paths].filter((p) => existsSync(p));
  return [...new Set(existing.map(realPath))].sort();
}

/** A file's signature, a gone file's too. */
const signatureOf = (path: string) => fileSignature(path) ?? 'gone';

/** The content folder's files whose edits leave the theme as it was. */
const contentTexts = ['profile.yaml', 'submission.yaml'];

const isFontFile = (path: string) => /\.(ttf|otf|ttc|otc|woff2?)$/i.test(path) || basename(dirname(resolve(path))) === 'fonts';

/** A changed path as the user reads it: relative to the current folder. */
const shown = (path: string) => relative(process.cwd(), path) || path;

const isLink = (path: string) => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};
