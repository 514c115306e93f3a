import { createHash } from 'node:crypto';
import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DiagnosticError, error, throwIfErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import type { DocumentTree } from './document/tree.js';
import { subsetFace, warmSubsetter } from './fonts/subset.js';
import type { FontFile } from './fonts/font-file.js';
import { loadFontSetup } from './fonts/manifest.js';
import { missingGlyphDiagnostics } from './fonts/missing-glyphs.js';
import { planFonts, type FontPlan } from './fonts/plan.js';
import { loadContent } from './model/load.js';
import { displayPath, templatesRoot } from './paths.js';
import { checkRules, documentWords, formOf, pdfPages, rulesFor, type CycleRules, type Counts } from './rules/submission-rules.js';
import type { EmbedFonts } from './render/docx/embedded-fonts.js';
import { createEnvironment } from './template/environment.js';
import { loadDocumentTemplates } from './template/document-template.js';
import { parseMarkup } from './template/markup.js';
import { buildView } from './template/view.js';
import { loadTheme, pageLabel, type Theme } from './theme/theme.js';

export const formats = ['pdf', 'docx'] as const;
export type Format = (typeof formats)[number];

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  formats?: readonly Format[];
  theme?: string;
  templatesDir?: string;
  /** Fonts inside the DOCX: subset (default), full faces, or none. */
  embedFonts?: EmbedFonts;
  /** Characters no font has are warnings (drawn as blank boxes), not errors. */
  allowMissingGlyphs?: boolean;
  /** Called as each stage finishes, for progress output. */
  onStage?: (stage: string) => void;
  /**
   * The fingerprint of an earlier build (watch mode): when the document, theme and
   * formats are the same and its files are still there, nothing is rendered or written.
   */
  unchangedSince?: string;
}

export interface BuildResult {
  tree: DocumentTree;
  written: string[];
  warnings: Diagnostic[];
  counts: Counts;
  rules?: CycleRules;
  /** What the outputs depend on, hashed: equal fingerprints give equal bytes. */
  fingerprint: string;
  /** True when `unchangedSince` matched and nothing was written. */
  unchanged: boolean;
}

/** content files -> validated model -> templates -> document tree. */
export async function buildTree(contentDir: string, templatesDir = templatesRoot) {
  const diagnostics: Diagnostic[] = [];
  const content = await loadContent(contentDir);
  const env = createEnvironment();
  const view = buildView(env, content, diagnostics);
  throwIfErrors(diagnostics);
  const { submission } = content.sources;
  const templates = await loadDocumentTemplates(env, templatesDir, content.model.submission.language, {
    file: submission.path,
    ...submission.locate(['language']),
  });
  const markup = templates.render(view, diagnostics);
  throwIfErrors(diagnostics);
  const tree = parseMarkup(markup);
  const epoch = sourceDateEpoch();
  return { tree: epoch ? { ...tree, meta: { ...tree.meta, date: epoch } } : tree, content, warnings: diagnostics };
}

/**
 * SOURCE_DATE_EPOCH (reproducible-builds.org), when set, is the time stamped into
 * the files' metadata and zip entries; otherwise the submission's date is. Never the clock.
 */
function sourceDateEpoch(): Date | undefined {
  const value = process.env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) {
    throw new DiagnosticError([
      error('env/source-date-epoch', `SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${value}"`, {
        suggestion: 'unset it to use the submission\'s date',
      }),
    ]);
  }
  return new Date(Number(value) * 1000);
}

type Renderer = (tree: DocumentTree, theme: Theme, plan: FontPlan, options: BuildOptions) => Promise<Uint8Array>;
/** Each renderer's libraries load only when its format is asked for (pdfmake alone takes ~150 ms). */
const renderers: Record<Format, Renderer> = {
  pdf: async (tree, theme, plan) => (await import('./render/pdf/render.js')).renderPdf(tree, theme, plan),
  docx: async (tree, theme, plan, options) =>
    (await import('./render/docx/render.js')).renderDocx(tree, theme, plan, { embedFonts: options.embedFonts }),
};

/** The content folder's own theme.yaml where it has one, else `un`. */
export async function contentTheme(contentDir: string): Promise<string> {
  const own = join(contentDir, 'theme.yaml');
  return (await access(own).then(() => true, () => false)) ? own : 'un';
}

/** The theme asked for, else the content folder's own, else `un`. */
async function themeFor(options: { contentDir: string; theme?: string }): Promise<Theme> {
  return loadTheme(options.theme ?? (await contentTheme(options.contentDir)));
}

/** Which face draws each character; characters no face has are errors unless allowed. */
export async function fontPlanFor(
  built: Awaited<ReturnType<typeof buildTree>>,
  theme: Theme,
  allowMissingGlyphs = false,
): Promise<{ plan: FontPlan; diagnostics: Diagnostic[] }> {
  const plan = await planFonts(built.tree, theme, loadFontSetup(theme));
  const { profile, submission } = built.content.sources;
  const diagnostics = missingGlyphDiagnostics(
    plan.missing,
    [profile, submission],
    (role) => theme.fonts[role as keyof Theme['fonts']],
    allowMissingGlyphs ? 'warning' : 'error',
  );
  return { plan, diagnostics };
}

/** The font files a document in this theme nearly always draws with: each role's first face. */
function likelyFaces(theme: Theme): FontFile[] {
  try {
    const setup = loadFontSetup(theme);
    const first = (role: keyof Theme['fonts']) => setup.chains.get(theme.fonts[role])?.[0];
    return [first('body')?.normal, first('body')?.bold, first('heading')?.bold, first('title')?.bold].filter((f): f is FontFile => f !== undefined);
  } catch {
    return []; // a broken font setup is reported by the build itself
  }
}

/** Everything a build knows before rendering: the tree, theme, font plan and rules. */
async function prepare(options: BuildOptions) {
  const theme = await themeFor(options);
  warmSubsetter(likelyFaces(theme));
  const built = await buildTree(options.contentDir, options.templatesDir);
  const { plan, diagnostics } = await fontPlanFor(built, theme, options.allowMissingGlyphs);
  const { kind, review } = built.content.model.submission;
  const rules = await rulesFor(kind, review.cycle);
  const warnings = [...built.warnings, ...diagnostics];
  throwIfErrors(warnings);
  return { ...built, theme, plan, rules, warnings };
}

/**
 * The whole pipeline for one content folder. Every output is rendered in memory
 * first, checked against the UN rules for its kind and cycle, and only then moved
 * into place by rename, so a failed build leaves the earlier files as they were.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const stage = options.onStage ?? (() => {});
  const { tree, theme, plan, rules, warnings, content } = await prepare(options);
  stage('content');
  const wanted = options.formats ?? formats;
  const outputPath = (format: Format) => join(options.outDir, `submission.${format}`);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([tree, theme, wanted, options.embedFonts ?? 'subset', [...plan.usage.keys()]]))
    .digest('hex');
  if (fingerprint === options.unchangedSince && (await allExist(wanted.map(outputPath)))) {
    return { tree, written: [], warnings, counts: { words: documentWords(tree) }, ...(rules ? { rules } : {}), fingerprint, unchanged: true };
  }
  // The font subsets both renderers draw with are made in a worker thread while
  // this one loads the renderers (pdfmake alone takes ~150 ms).
  if ((options.embedFonts ?? 'subset') === 'subset' || needsPdf(wanted, rules)) {
    for (const { file, text } of plan.usage.values()) void subsetFace(file, text).catch(() => {});
  }
  const rendered = new Map<Format, Uint8Array>();
  const needed: Format[] = needsPdf(wanted, rules) && !wanted.includes('pdf') ? ['pdf', ...wanted] : [...wanted];
  // Both at once: while one waits for its font subsets, the other gets on.
  await Promise.all(
    needed.map(async (format) => {
      rendered.set(format, await renderers[format](tree, theme, plan, options));
      stage(format);
    }),
  );
  const counts: Counts = { words: documentWords(tree), ...(rendered.has('pdf') ? { pages: pdfPages(rendered.get('pdf')!) } : {}) };
  if (rules) {
    warnings.push(...checkRules(rules, counts, content, formOf(tree, pageLabel(theme, tree.meta.pageLabel), wanted)));
    throwIfErrors(warnings);
  }
  stage('rules');
  const outputs = wanted.map((format): [string, Uint8Array] => [outputPath(format), rendered.get(format)!]);
  await writeAtomically(outputs);
  stage('write');
  return { tree, written: outputs.map(([path]) => path), warnings, counts, ...(rules ? { rules } : {}), fingerprint, unchanged: false };
}

/** A page limit is counted on the PDF, rendered for counting even if not written. */
function needsPdf(wanted: readonly Format[], rules: CycleRules | undefined): boolean {
  return wanted.includes('pdf') || Boolean(rules?.maxPages);
}

async function allExist(paths: string[]): Promise<boolean> {
  const found = await Promise.all(paths.map((p) => access(p).then(() => true, () => false)));
  return found.every(Boolean);
}

/** `dossier check`: everything a build checks, the PDF rendered in memory only where a page limit needs it. */
export async function check(
  options: Omit<BuildOptions, 'outDir'>,
): Promise<{ counts: Counts; rules?: CycleRules; joint: boolean; warnings: Diagnostic[] }> {
  const { tree, theme, plan, rules, warnings, content } = await prepare({ ...options, outDir: '' });
  const counts: Counts = { words: documentWords(tree) };
  if (rules?.maxPages) counts.pages = pdfPages(await renderers.pdf(tree, theme, plan, { ...options, outDir: '' }));
  if (rules) warnings.push(...checkRules(rules, counts, content, formOf(tree, pageLabel(theme, tree.meta.pageLabel), formats)));
  return { counts, ...(rules ? { rules } : {}), joint: content.model.submission.joint, warnings };
}

/**
 * Writes every output to a hidden temporary file beside it, then renames them into
 * place: a rename is atomic, so a reader (or a build killed half-way) sees the old
 * file or the new one, never a part. Temporary files a killed build left behind are
 * removed by the next one.
 */
async function writeAtomically(outputs: [string, Uint8Array][]): Promise<void> {
  const temporary: string[] = [];
  let dir = '.';
  try {
    for (const [path, bytes] of outputs) {
      dir = dirname(path);
      await mkdir(dir, { recursive: true });
      const stale = (await readdir(dir)).filter((f) => f.startsWith(`.${basename(path)}.`) && f.endsWith('.tmp'));
      await Promise.all(stale.map((f) => rm(join(dir, f), { force: true })));
      const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
      temporary.push(tmp);
      await writeFile(tmp, bytes);
    }
    for (const [i, [path]] of outputs.entries()) await rename(temporary[i]!, path);
  } catch (e) {
    await Promise.all(temporary.map((tmp) => rm(tmp, { force: true })));
    const err = e as NodeJS.ErrnoException;
    const why = { EACCES: 'permission denied', EROFS: 'read-only file system', ENOTDIR: 'a part of the path is a file', ENOSPC: 'disk full' }[err.code ?? ''];
    throw new DiagnosticError([
      {
        severity: 'error',
        rule: 'output/write',
        message: `cannot write the output folder ${displayPath(dir)}: ${why ?? err.code ?? err.message}`,
        file: err.path ? displayPath(err.path) : undefined,
        suggestion: 'choose another folder with --out',
      },
    ]);
  }
}
