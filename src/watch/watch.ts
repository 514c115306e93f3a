import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { watch as chokidar, type FSWatcher } from 'chokidar';
import { build, contentTheme, themeFor, type BuildOptions, type BuildResult } from '../build.js';
import { DiagnosticError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { forgetFontFiles } from '../fonts/files.js';
import { loadFontSetup } from '../fonts/manifest.js';
import { forgetCoverage } from '../fonts/plan.js';
import { forgetSubsets } from '../fonts/subset.js';
import { forgetKinds } from '../kinds/kind.js';
import { isInside, kindsRoot, projectRoot, templatesRoot, themesRoot } from '../paths.js';

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

/** Edits arrive in bursts (an editor writes, renames, touches): wait this long for quiet. */
const settleMs = 40;

/**
 * Builds the content folder, then again whenever its content, the templates, the
 * theme or the fonts change. The process stays warm between builds: fonts read
 * and parsed, pdfmake and docx loaded, subsets made; a build whose document did
 * not change writes nothing. A failed build reports and waits for the next edit.
 */
export async function watchContent(options: BuildOptions, report: (rebuild: Rebuild) => void): Promise<Watching> {
  const paths = await watchedPaths(options);
  const output = resolve(options.outDir);
  let fingerprint: string | undefined;
  let pending = new Set<string>();
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const run = async (changed: string[]) => {
    if (changed.some(isFontFile)) {
      forgetFontFiles();
      forgetCoverage();
      forgetSubsets();
      fingerprint = undefined;
    }
    // A kind file read once is kept; an edited one is read again.
    if (changed.some((path) => isInside(kindsRoot, resolve(path)))) forgetKinds();
    const started = performance.now();
    try {
      const result = await build({ ...options, ...(fingerprint ? { unchangedSince: fingerprint } : {}) });
      fingerprint = result.fingerprint;
      report({ changed, ms: performance.now() - started, result, diagnostics: result.warnings });
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      report({ changed, ms: performance.now() - started, diagnostics: e.diagnostics });
    }
  };

  const next = () => {
    if (running || !pending.size) return;
    const changed = [...pending].sort();
    pending = new Set();
    running = run(changed).finally(() => {
      running = undefined;
      next(); // edits made during the build
    });
  };

  await run([]);
  const watcher: FSWatcher = chokidar(paths, {
    ignoreInitial: true,
    // Our own outputs and temporary files, and editors' swap files.
    ignored: (path) => isInside(output, resolve(path)) || /(^|[/\\])\.[^/\\]+\.(tmp|swp)$|~$/.test(path),
    awaitWriteFinish: false,
  });
  watcher.on('all', (_event, path) => {
    pending.add(relative(process.cwd(), path) || path);
    clearTimeout(timer);
    timer = setTimeout(next, settleMs);
  });
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  return {
    paths,
    async close() {
      clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}

/** The content folder, the templates, the kinds and themes, a theme file given by path, the font manifest and font files. */
async function watchedPaths(options: BuildOptions): Promise<string[]> {
  const paths = new Set([resolve(options.contentDir), resolve(options.templatesDir ?? templatesRoot), kindsRoot, themesRoot, join(projectRoot, 'fonts')]);
  const themeName = options.theme ?? (await contentTheme(options.contentDir));
  if (existsSync(themeName)) paths.add(resolve(themeName));
  try {
    const setup = loadFontSetup(await themeFor(options));
    for (const face of setup.faces.values()) for (const file of [face.normal, face.bold]) paths.add(file.path);
  } catch {
    // A broken theme or font list is reported by the build; its folder is watched anyway.
  }
  return [...paths].filter((p) => existsSync(p)).sort();
}

const isFontFile = (path: string) => /\.(ttf|otf|ttc|otc|woff2?)$/i.test(path) || basename(dirname(resolve(path))) === 'fonts';
