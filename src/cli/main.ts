import { basename, join, resolve } from 'node:path';
import { Argument, Command, CommanderError, Option } from 'commander';
import {
  build,
  check,
  citations,
  describeKind,
  DiagnosticError,
  formatDiagnostics,
  formats,
  writers,
  initContent,
  jsonSchemaText,
  loadKind,
  loadKinds,
  version,
  whoInCounts,
  type AppliedLimit,
  type BuildOptions,
  type ContentFile,
  type Counts,
  type Diagnostic,
  type Format,
  type SubmissionRules,
} from '../index.js';
import { buildTree, fontPlanFor, themeFor } from '../build.js';
import { buildMany } from '../batch/batch.js';
import { watchContent, type Rebuild } from '../watch/watch.js';
import { startPreview } from '../preview/server.js';
import { openInBrowser } from '../preview/open.js';
import { Progress } from './progress.js';
import { fontInventory, formatInventory } from '../font-plan/inventory.js';
import { loadFontSetup } from '../fonts/manifest.js';
import { layouts, submissionKinds, treatyBodies, type Layout } from '../model/schema.js';
import { loadTheme } from '../theme/theme.js';
import { withCaused } from '../diagnostics/diagnostic.js';
import { internalError, JsonOutput } from './json-output.js';
import type { EmbedFonts } from '../render/docx/embedded-fonts.js';
import { importCommand } from '../revise/command.js';

/** Exit codes: 0 success, 1 the content (or templates) has errors, 2 the command line is wrong. */
const exitCodes = { ok: 0, content: 1, usage: 2 } as const;

/** Set for `build --json` and `check --json`: what they print, on stdout, one JSON value (see json-output.ts). */
let jsonOutput: JsonOutput | undefined;

interface ReportFlags {
  json?: boolean;
  /** List the problems a YAML mistake caused too, not just count them. */
  allErrors?: boolean;
}

function report(found: Diagnostic[], { json, allErrors }: ReportFlags): void {
  if (!found.length) return;
  const diagnostics = allErrors ? withCaused(found) : found;
  process.stderr.write(json ? `${JSON.stringify(diagnostics, null, 2)}\n` : `${formatDiagnostics(diagnostics)}\n`);
}

const allErrorsHelp = 'list every error a YAML mistake caused, not only the first';

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((f) => f.trim().toLowerCase());
  for (const f of list) {
    if (!(formats as readonly string[]).includes(f)) {
      throw new CommanderError(exitCodes.usage, 'dossier.format', `unknown format "${f}" (use ${formats.join(', ')})`);
    }
  }
  return list as Format[];
}

interface BuildFlags extends ReportFlags {
  out?: string;
  format: Format[];
  lang?: string[];
  theme?: string;
  embedFonts: EmbedFonts;
  allowMissingGlyphs?: boolean;
  tags: boolean;
  templates?: string;
  quiet?: boolean;
  /** false for --no-cache. */
  cache: boolean;
  cacheDir?: string;
  layout?: Layout;
}

const program = new Command()
  .name('dossier')
  .description('Turn an organisation profile and its submission (YAML) into a PDF and a Word document.')
  .version(version, '-V, --version', 'print the version of Dossier')
  .showHelpAfterError()
  .exitOverride();

/** The options `build` and `watch` share. */
function withBuildOptions(command: Command): Command {
  return command
    .option('-f, --format <list>', `formats to write, comma-separated (default: all): ${formats.map((f) => `${f}, ${writers[f].describe}`).join('; ')}`, parseFormats, [...formats])
    .option('-l, --lang <tags>', "build only these of the submission's languages, comma-separated (default: all of them)", parseLanguages)
    .option('-t, --theme <name|file>', "layout theme: un, gbt9704, or a .yaml file that may extend one (default: the content folder's theme.yaml, else un)")
    .addOption(
      new Option('--embed-fonts <mode>', 'fonts inside the DOCX: subset (only the characters used), full, or none')
        .choices(['subset', 'full', 'none'])
        .default('subset'),
    )
    .option('--templates <dir>', 'document templates folder: document.hbs, its partials and locales/<tag>.yaml wording (default: the bundled templates/)')
    .addOption(layoutOption())
    .option('--allow-missing-glyphs', 'report characters no configured font has as warnings, not errors')
    .option('--no-tags', 'write an untagged PDF (by default it is tagged, PDF/UA-1: a structure tree screen readers follow)')
    .option('--all-errors', allErrorsHelp)
    .option('--cache-dir <dir>', cacheDirHelp)
    .option('--no-cache', noCacheHelp);
}

/** How an HRC written statement is set; it wins over the submission's `layout:`. */
const layoutOption = () =>
  new Option('--layout <layout>', "HRC written statements: submission (as sent to OHCHR) or as-issued (with the UN masthead); default: the submission's layout:, else submission").choices(layouts);

const cacheDirHelp = 'folder to keep font subsets in between builds (default: $DOSSIER_CACHE_DIR, else $XDG_CACHE_HOME/dossier, else ~/.cache/dossier)';
const noCacheHelp = 'make every font subset anew, and keep none';

const cacheOption = (opts: { cache: boolean; cacheDir?: string }) => (opts.cache ? (opts.cacheDir ? { cache: opts.cacheDir } : {}) : { cache: false as const });

function parseLanguages(value: string): string[] {
  return value.split(',').map((tag) => tag.trim()).filter(Boolean);
}

function buildOptions(contentDir: string, outDir: string, opts: BuildFlags): BuildOptions {
  return {
    contentDir,
    outDir,
    formats: opts.format,
    ...(opts.lang ? { languages: opts.lang } : {}),
    theme: opts.theme,
    embedFonts: opts.embedFonts,
    allowMissingGlyphs: Boolean(opts.allowMissingGlyphs),
    tags: opts.tags,
    ...(opts.templates ? { templatesDir: opts.templates } : {}),
    ...(opts.layout ? { layout: opts.layout } : {}),
    ...cacheOption(opts),
  };
}

withBuildOptions(
  program
    .command('build')
    .description('build the PDF and DOCX of one or more content folders (each with profile.yaml + submission.yaml)')
    .argument('<content-dir...>', 'folders with profile.yaml and submission.yaml; several are built in parallel, e.g. examples/*')
    .option(
      '-o, --out <dir>',
      'folder to write submission.pdf / submission.docx into (default: output/<content-dir name>); with several content folders, the folder their own folders go into (default: output/)',
    ),
)
  .option('--json', 'print one JSON value on stdout, whatever happens: problems, counts, files written (for tools and editors)')
  .option('-q, --quiet', 'print nothing but problems')
  .option('--changes-since <old.docx|revision>', 'show in the DOCX, as tracked changes, what differs from an earlier version: a DOCX dossier build wrote, or a git revision of the content folder (built with today\'s templates and theme)')
  .option('--changes-author <name>', 'the author of those tracked changes (default: Dossier)')
  .action(async (contentDirs: string[], opts: BuildFlags & { changesSince?: string; changesAuthor?: string }) => {
    if (contentDirs.length > 1) return buildSeveral(contentDirs, opts);
    const contentDir = contentDirs[0]!;
    const outDir = opts.out ?? join('output', basename(resolve(contentDir)));
    const started = performance.now();
    let last = started;
    const say = (line: string) => opts.quiet || process.stderr.write(`${line}\n`);
    const result = await build({
      ...buildOptions(contentDir, outDir, opts),
      ...(opts.changesSince ? { changesSince: opts.changesSince } : {}),
      ...(opts.changesAuthor ? { changesAuthor: opts.changesAuthor } : {}),
      onStage: (stage) => {
        const now = performance.now();
        say(`  ${stage.padEnd(8)} ${Math.round(now - last)} ms`);
        last = now;
      },
    });
    jsonOutput?.set({
      problems: result.warnings,
      counts: result.counts,
      languages: Object.fromEntries(result.documents.map((d) => [d.lang, d.counts])),
      rules: result.rules && rulesSummary(result.rules),
      written: result.written,
    });
    if (!jsonOutput) report(result.warnings, opts);
    for (const path of result.written) say(`wrote ${path}`);
    say(`done in ${Math.round(performance.now() - started)} ms`);
  });

/** Several folders: built in worker threads, a progress bar on a terminal, a line per folder elsewhere. */
async function buildSeveral(contentDirs: string[], opts: BuildFlags): Promise<void> {
  const names = contentDirs.map((dir) => basename(resolve(dir)));
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new CommanderError(exitCodes.usage, 'dossier.out', `two content folders are named "${twice}": their outputs would overwrite each other`);
  const started = performance.now();
  const progress = new Progress(contentDirs.length, Boolean(process.stderr.isTTY) && !opts.quiet);
  const jobs = contentDirs.map((dir, i) => buildOptions(dir, join(opts.out ?? 'output', names[i]!), opts));
  const results = await buildMany(jobs, (done) => {
    const dir = contentDirs[done.index]!;
    const failed = done.crash !== undefined || done.diagnostics.some((d) => d.severity === 'error');
    const line = failed ? `${dir}: failed` : `${dir}: wrote ${done.written.join(', ')} (${Math.round(done.ms)} ms)`;
    progress.done(line, failed || !opts.quiet, () => {
      if (!jsonOutput) report(done.diagnostics, opts);
      if (done.crash) process.stderr.write(`${done.crash}\n`);
    });
  });
  progress.finish();
  const failed = results.filter((r) => r.crash !== undefined || r.diagnostics.some((d) => d.severity === 'error')).length;
  if (!opts.quiet || failed) {
    process.stderr.write(`${results.length - failed} of ${results.length} built in ${Math.round(performance.now() - started)} ms\n`);
  }
  if (jsonOutput) {
    const builds = results.map((r, i) => ({
      contentDir: contentDirs[i]!,
      problems: r.crash === undefined ? r.diagnostics : r.diagnostics.concat(internalError(r.crash)),
      written: r.written,
    }));
    jsonOutput.set({ problems: builds.flatMap((b) => b.problems), builds: builds.map((b) => ({ ok: !b.problems.some((d) => d.severity === 'error'), ...b })) });
  } else if (results.some((r) => r.crash)) throw new Error('a build crashed (see above)');
  if (failed) throw new DiagnosticError([]);
}

withBuildOptions(
  program
    .command('watch')
    .description('build a content folder, then rebuild whenever its content, templates, theme or fonts change; Ctrl-C stops')
    .argument('<content-dir>', 'folder with profile.yaml and submission.yaml')
    .option('-o, --out <dir>', 'folder to write submission.pdf / submission.docx into (default: output/<content-dir name>)'),
).action(async (contentDir: string, opts: BuildFlags) => {
  const outDir = opts.out ?? join('output', basename(resolve(contentDir)));
  const watching = await watchContent(
    buildOptions(contentDir, outDir, opts),
    (rebuild) => {
      process.stderr.write(`${describeRebuild(rebuild)}\n`);
      report(rebuild.diagnostics, { allErrors: opts.allErrors });
    },
    (note) => {
      if (note.kind === 'problem') report([note.diagnostic], opts);
      else process.stderr.write(note.kind === 'gone' ? `${note.dir} is gone; waiting for it to come back\n` : `${note.dir} is back; watching it again\n`);
    },
  );
  process.stderr.write(`watching ${watching.paths.length} files and folders (Ctrl-C to stop)\n`);
  await new Promise<void>((stop) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop());
  });
  await watching.close();
});

withBuildOptions(
  program
    .command('preview')
    .description('watch as `watch` does, and show the PDF and the Word file side by side in the browser, with the problems of the last build; Ctrl-C stops')
    .argument('<content-dir>', 'folder with profile.yaml and submission.yaml')
    .option('-o, --out <dir>', 'folder to write submission.pdf / submission.docx into (default: output/<content-dir name>)')
    .option('-p, --port <n>', 'port on 127.0.0.1 to serve the page on (default: one that is free)', parsePort)
    .option('--open', "open the page in the system's browser"),
).action(async (contentDir: string, opts: BuildFlags & { port?: number; open?: boolean }) => {
  const outDir = opts.out ?? join('output', basename(resolve(contentDir)));
  const previewing = await startPreview(buildOptions(contentDir, outDir, opts), {
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    onRebuild: (rebuild) => process.stderr.write(`${describeRebuild(rebuild)}\n`),
    onNote: (note) => note.kind === 'problem' && report([note.diagnostic], opts),
  });
  // The address on stdout, alone on its line, for a script or an editor to pick up.
  process.stdout.write(`${previewing.url}\n`);
  process.stderr.write(`preview at ${previewing.url} (Ctrl-C to stop)\n`);
  if (opts.open) openInBrowser(previewing.url);
  await new Promise<void>((stop) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop());
  });
  await previewing.close();
});

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new CommanderError(exitCodes.usage, 'dossier.port', `--port takes a number from 0 to 65535, not "${value}"`);
  return port;
}

/** One line: what changed, what it took, what was written. */
function describeRebuild({ changed, ms, result, diagnostics }: Rebuild): string {
  const what = changed.length ? `${changed.join(', ')} changed` : 'first build';
  const time = `${Math.round(ms)} ms`;
  if (!result) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    return `${what}: ${errors} error${errors === 1 ? '' : 's'}, kept the previous files (${time})`;
  }
  if (result.unchanged) return `${what}: the document is the same, nothing written (${time})`;
  return `${what}: ${changed.length ? 'rebuilt' : 'built'} in ${time}, wrote ${result.written.join(', ')}`;
}

program
  .command('check')
  .description('validate a content folder: schema, templates, fonts and the UN rules for its kind and cycle; writes nothing')
  .argument('<content-dir>', 'folder with profile.yaml and submission.yaml')
  .option('-t, --theme <name|file>', "layout theme, for fonts and page counts (default: the content folder's theme.yaml, else un)")
  .option('--templates <dir>', 'document templates folder (default: the bundled templates/)')
  .option('-l, --lang <tags>', "check only these of the submission's languages, comma-separated (default: all of them)", parseLanguages)
  .option('--allow-missing-glyphs', 'report characters no configured font has as warnings, not errors')
  .addOption(layoutOption())
  .option('--json', 'print one JSON value on stdout, whatever happens: problems and counts (for tools and editors)')
  .option('--all-errors', allErrorsHelp)
  .option('--cache-dir <dir>', cacheDirHelp)
  .option('--no-cache', noCacheHelp)
  .action(async (contentDir: string, opts: ReportFlags & { theme?: string; templates?: string; lang?: string[]; allowMissingGlyphs?: boolean; cache: boolean; cacheDir?: string; layout?: Layout }) => {
    const result = await check({
      contentDir,
      ...(opts.layout ? { layout: opts.layout } : {}),
      theme: opts.theme,
      allowMissingGlyphs: Boolean(opts.allowMissingGlyphs),
      ...(opts.lang ? { languages: opts.lang } : {}),
      ...(opts.templates ? { templatesDir: opts.templates } : {}),
      ...cacheOption(opts),
    });
    if (jsonOutput) {
      const languages = Object.fromEntries(result.documents.map((d) => [d.lang, d.counts]));
      jsonOutput.set({ problems: result.warnings, counts: result.counts, languages, rules: result.rules && rulesSummary(result.rules) });
    } else {
      report(result.warnings, opts);
      const several = result.documents.length > 1;
      for (const { lang, counts } of result.documents) {
        process.stdout.write(formatCounts(counts, result.rules).replace(/^(?=.)/gm, several ? `${lang}: ` : ''));
      }
      process.stdout.write(result.form);
    }
    if (result.warnings.some((d) => d.severity === 'error')) throw new DiagnosticError([]);
  });

/** A kind's rules as `--json` gives them. */
function rulesSummary(rules: SubmissionRules) {
  return { kind: rules.kind, variant: rules.variant.name, label: rules.label, maxWords: rules.maxWords, maxPages: rules.maxPages, sources: rules.sources };
}

/** Each count with its limit, if any, and the documents the limits come from. */
function formatCounts(counts: Counts, rules: SubmissionRules | undefined): string {
  const limit = (l: AppliedLimit | undefined) =>
    l ? ` of at most ${l.max.toLocaleString('en')}${l.who === 'all' ? '' : ` (${whoInCounts[l.who]})`}` : '';
  return [
    `words: ${counts.words.toLocaleString('en')}${limit(rules?.maxWords)}`,
    ...(counts.pages !== undefined ? [`pages: ${counts.pages}${limit(rules?.maxPages)}`] : []),
    rules ? `rules: ${citations(rules)}` : 'rules: none for this kind, cycle or committee (dossier kinds lists them)',
    ...(rules ? [`kind: ${rules.kind}, ${rules.variant.name} (${rules.label})`] : []),
  ].join('\n') + '\n';
}

program
  .command('kinds')
  .description('list the kinds of submission: their limits, languages, required fields and the sources of their rules')
  .argument('[kind]', 'only this kind')
  .option('--json', 'print as JSON')
  .action(async (name: string | undefined, opts: { json?: boolean }) => {
    if (name !== undefined && !(submissionKinds as readonly string[]).includes(name)) {
      throw new CommanderError(exitCodes.usage, 'dossier.kind', `unknown kind "${name}" (kinds: ${submissionKinds.join(', ')})`);
    }
    const kinds = name ? [await loadKind(name)] : await loadKinds();
    process.stdout.write(opts.json ? `${JSON.stringify(kinds, null, 2)}\n` : `${kinds.map(describeKind).join('\n\n')}\n`);
  });

program
  .command('init')
  .description('write a new content folder of a kind, ready to build, with every field explained; never into a folder that is not empty')
  .argument('<dir>', 'the folder to write (new, or empty)')
  .addOption(new Option('-k, --kind <kind>', 'the kind of submission').choices(submissionKinds).makeOptionMandatory())
  .option('-l, --lang <tag>', "the document's language (default: the kind's first, else en)")
  .option('--org <profile>', "start from this organisation's profile: a folder holding profile.yaml, or its file")
  .addOption(new Option('--committee <body>', 'the treaty body of a treaty-body report (default: CCPR)').choices(treatyBodies))
  .action(async (dir: string, opts: { kind: string; lang?: string; org?: string; committee?: string }) => {
    const { written } = await initContent({ dir, kind: opts.kind, ...(opts.lang ? { lang: opts.lang } : {}), ...(opts.org ? { org: opts.org } : {}), ...(opts.committee ? { committee: opts.committee } : {}) });
    for (const path of written) process.stderr.write(`wrote ${path}\n`);
    process.stderr.write(`next: dossier check ${dir}, then dossier build ${dir}\n`);
  });

program
  .command('schema')
  .description('print the JSON Schema of a content file (for editors: VS Code with the YAML extension completes and checks as you type)')
  .addArgument(new Argument('[file]', 'which content file').choices(['submission', 'profile']).default('submission'))
  .action((file: ContentFile) => {
    process.stdout.write(jsonSchemaText(file));
  });

program
  .command('fonts')
  .description('list the font chains a theme uses: each face, its file, size, glyph count and scripts')
  .option('-t, --theme <name|file>', "theme whose chains to list (default: the checked folder's theme.yaml, else un)")
  .option('--check <content-dir>', 'check that every character of this content is in a configured font, and stop')
  .option('--json', 'print as JSON')
  .action(async (opts: { theme?: string; check?: string; json?: boolean }) => {
    const theme = opts.check ? await themeFor({ contentDir: opts.check, theme: opts.theme }) : await loadTheme(opts.theme);
    if (opts.check) {
      const built = await buildTree(opts.check, undefined, undefined, { numbered: theme.paragraph.numbered });
      const { plan, diagnostics } = await fontPlanFor(built, theme);
      report(diagnostics, opts);
      if (diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticError(diagnostics);
      const faces = [...new Set([...plan.usage.values()].map((u) => u.face.id))];
      process.stderr.write(`ok: every character has a glyph (faces used: ${faces.join(', ')})\n`);
      return;
    }
    const inventory = await fontInventory(theme, loadFontSetup(theme));
    process.stdout.write(opts.json ? `${JSON.stringify(inventory, null, 2)}\n` : `${formatInventory(inventory)}\n`);
  });

importCommand(program);

async function main(argv: string[]): Promise<number> {
  // `build` and `check` print one JSON value on stdout, whatever happens; `kinds`,
  // `fonts` and `schema` print their own JSON.
  if (['build', 'check'].includes(argv[2] ?? '') && argv.includes('--json')) jsonOutput = new JsonOutput(argv.includes('--all-errors'));
  try {
    await program.parseAsync(argv);
    jsonOutput?.print();
    return exitCodes.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      if (e.exitCode === 0) return exitCodes.ok;
      // Commander prints its own errors; ours (code dossier.*) are printed here.
      if (e.code.startsWith('dossier.')) process.stderr.write(`error: ${e.message}\n`);
      jsonOutput?.print([{ severity: 'error', rule: 'cli/usage', message: e.message.replace(/^error: /, '') }]);
      return exitCodes.usage;
    }
    if (e instanceof DiagnosticError) {
      if (jsonOutput) jsonOutput.print(e.diagnostics);
      else report(e.diagnostics, { json: argv.includes('--json'), allErrors: argv.includes('--all-errors') });
      return exitCodes.content;
    }
    if (!jsonOutput) throw e;
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    jsonOutput.print([internalError(e)]);
    return exitCodes.content;
  }
}

// Started by cli/launch.ts, as CommonJS (for V8's code cache): no top-level await.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
