import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { append } from './append.js';
import { useCodeCache } from './code-cache.js';
import { buildTree, treeOf } from './template/document-tree.js';
import { contentTheme, themeFor, type KeptThemes } from './theme/content-theme.js';
import { fontPlanFor } from './font-plan/plan-for.js';
import { commitOutputs, recoverOutputs } from './files/transaction.js';
import { DiagnosticError, error, throwIfErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import type { DocumentTree } from './document/tree.js';
import { useSubsetMaker } from './fonts/subset.js';
import { useCacheFolder } from './fonts/subset-cache.js';
import { shapedCache, shapesKept } from './fonts/shaped-cache.js';
import { useShapeStore } from './compose/shape.js';
import { defaultCacheDir } from './fonts/subset-cache.js';
import { layoutProblem } from './kinds/requirements.js';
import { formFields } from './rules/form-fields.js';
import type { Layout } from './model/schema.js';
import { loadContent, type Content } from './content/load.js';
import { checkRules, documentWords, formOf, rulesFor, type SubmissionRules, type Counts } from './rules/submission-rules.js';
import { layOut } from './layout/layout.js';
import { notePlacement } from './layout/note-placement.js';
import { formats, writers, type Format } from './formats.js';
import type { EmbedFonts } from './render/docx/embedded-fonts.js';
import { forgetInSideThread, sideThread, subsetInSideThread, subsetsKept, warmDocxInSideThread } from './side/thread.js';
import { pageLabel } from './theme/theme.js';

export { formats, type Format } from './formats.js';

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  formats?: readonly Format[];
  /** Of the submission's languages, build only these (default: every one). */
  languages?: readonly string[];
  theme?: string;
  templatesDir?: string;
  /** Fonts inside the DOCX: subset (default), full faces, or none. */
  embedFonts?: EmbedFonts;
  /** Characters no font has are warnings (drawn as blank boxes), not errors. */
  allowMissingGlyphs?: boolean;
  /** A tagged PDF (PDF/UA-1, a structure tree for screen readers): on unless false. */
  tags?: boolean;
  /**
   * The folder font subsets are kept in between builds, or false for none (default:
   * DOSSIER_CACHE_DIR, else $XDG_CACHE_HOME/dossier, else ~/.cache/dossier).
   */
  cache?: string | false;
  /** How an HRC written statement is set, over the submission's `layout:` (`--layout`). */
  layout?: Layout;
  /** Called as each stage finishes, for progress output. */
  onStage?: (stage: string) => void;
  /** Themes an earlier build loaded, kept by a caller that empties it when a theme's files may have changed (watch). */
  keptThemes?: KeptThemes;
  /**
   * The fingerprint of an earlier build (watch mode): when the documents, theme and
   * formats are the same and their files are still there, nothing is rendered or written.
   */
  unchangedSince?: string;
  /**
   * An earlier version (a DOCX Dossier made, or a git revision of the content): the
   * DOCX then shows how this one differs from it, as tracked changes (revise/track.ts).
   */
  changesSince?: string;
  /** The tracked changes' author (default: Dossier). */
  changesAuthor?: string;
}

/** One language's document as a build made it. */
export interface LanguageDocument {
  lang: string;
  tree: DocumentTree;
  counts: Counts;
  /** The files written for it, by format. */
  files: Partial<Record<Format, string>>;
}

export interface BuildResult {
  /** One per language built, the main language first. */
  documents: LanguageDocument[];
  /** The first document's tree and counts (the only ones, for a one-language folder). */
  tree: DocumentTree;
  counts: Counts;
  written: string[];
  warnings: Diagnostic[];
  rules?: SubmissionRules;
  /** What the outputs depend on, hashed: equal fingerprints give equal bytes. */
  fingerprint: string;
  /** True when `unchangedSince` matched and nothing was written. */
  unchanged: boolean;
}

export { buildTree, treeOf, contentTheme, themeFor, fontPlanFor };

/** Adds a renderer's warnings to the build's, each once (the languages of a folder share their sources). */
function addWarnings(warnings: Diagnostic[], added: Diagnostic[] = []): void {
  const seen = new Set(warnings.map((d) => JSON.stringify(d)));
  for (const warning of added) if (!seen.has(JSON.stringify(warning)) && seen.add(JSON.stringify(warning))) warnings.push(warning);
}

/** The languages to build: the submission's, or those of them the user asked for. */
function languagesToBuild(content: Content, asked: readonly string[] | undefined): string[] {
  const listed = content.model.submission.languages;
  if (!asked?.length) return listed;
  const unknown = asked.filter((lang) => !listed.includes(lang));
  if (unknown.length) {
    const source = content.sources.submission;
    throw new DiagnosticError([
      error('content/language', `${unknown.join(', ')} is not one of the submission's languages (${listed.join(', ')})`, {
        file: source.path,
        ...source.locate(['languages']),
        field: 'languages',
        suggestion: 'add it to languages: in submission.yaml, or pick one of those with --lang',
      }),
    ]);
  }
  return listed.filter((lang) => asked.includes(lang));
}

/** `--layout` wins over the submission's `layout:`, where the kind has that layout. */
function chooseLayout(content: Content, layout: Layout): void {
  if (!content.kind.document.layouts.includes(layout)) throw new DiagnosticError([layoutProblem(content.kind, layout, { field: '--layout' })]);
  content.model.submission.layout = layout;
}

/** Everything a build knows before rendering: per language the tree and font plan; the theme and rules. */
async function prepare(options: Omit<BuildOptions, 'outDir'>) {
  const cache = options.cache === false ? undefined : (options.cache ?? defaultCacheDir());
  useCacheFolder(cache);
  // Subsets the cache lacks are made in the side thread, beside this one.
  useSubsetMaker(subsetInSideThread, forgetInSideThread);
  useCodeCache(cache);
  useShapeStore(cache === undefined ? undefined : shapedCache);
  // The content in each language, read while the theme is: a missing translation is
  // reported for every language that lacks it, with the theme's problems alongside.
  const loaded = loadContent(options.contentDir);
  // The kind's theme as the content names it: submission.yaml is read once (a 5 MB
  // file takes seconds to parse). A content folder that does not load builds nothing.
  const themed = themeFor({ ...options, ofKind: loaded.then((content) => content.kind.theme, () => 'un') });
  const texts = loaded.then(async (content) => {
    if (options.layout) chooseLayout(content, options.layout);
    const languages = languagesToBuild(content, options.languages);
    // The theme's word on numbering, where the content and the kind have none; a theme that does not load reports itself.
    const words = await themed.then((theme) => ({ numbered: theme.paragraph.numbered }), () => ({}));
    const trees = await allOrProblems(languages.map((lang) => treeOf(content, lang, options.templatesDir, words)));
    return { content, trees: trees.map((built, i) => ({ ...built, lang: languages[i]! })) };
  });
  const [theme, { content, trees }] = await allOrProblems([themed, texts] as const);
  const documents = await allOrProblems(
    trees.map(async (built) => {
      const { plan, diagnostics } = await fontPlanFor(built, theme, options.allowMissingGlyphs);
      throwIfErrors(diagnostics);
      return { lang: built.lang, tree: built.tree, plan, warnings: [...built.warnings, ...diagnostics] };
    }),
  );
  const rules = rulesFor(content);
  const seen = new Set<string>();
  const warnings = documents.flatMap((p) => p.warnings).filter((d) => !seen.has(JSON.stringify(d)) && seen.add(JSON.stringify(d)));
  return { content, theme, rules, warnings, documents };
}

/**
 * The whole pipeline for one content folder, in each of its languages. Every output
 * is rendered in memory first, checked against the UN rules for its kind and cycle,
 * and only then put in place, all together or none (files/transaction.ts), so a
 * failed or killed build leaves the earlier files as they were.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const stage = options.onStage ?? (() => {});
  sideThread(); // it starts (~100 ms) on the other core while this one reads the content
  const [{ documents, theme, rules, warnings, content }] = await allOrProblems([prepare(options), recoverOutputs(options.outDir)] as const);
  stage('content');
  const wanted = options.formats ?? formats;
  if (wanted.includes('docx')) warmDocxInSideThread();
  // One language keeps the plain names; several are told apart by their tags.
  const several = content.model.submission.languages.length > 1;
  const outputPath = (lang: string, format: Format) => join(options.outDir, several ? `submission.${lang}.${format}` : `submission.${format}`);
  // Where the notes stand: the submission's, the theme's or the kind's say, not the tree's.
  const notes = notePlacement(content.model.submission.notes, rules, theme);
  const fingerprint = createHash('sha256')
    // Where a block's text stands in the YAML is not in the outputs: an edit that only moves it writes nothing.
    .update(JSON.stringify([documents.map((d) => [d.lang, d.tree, [...d.plan.usage.keys()]]), theme, notes, wanted, options.embedFonts ?? 'subset', options.tags ?? true], (key, value) => (key === 'source' || key === 'cellSources' ? undefined : value)))
    .digest('hex');
  const summary = (written: Map<string, Partial<Record<Format, string>>>, counts: Map<string, Counts>): LanguageDocument[] =>
    documents.map((d) => ({ lang: d.lang, tree: d.tree, counts: counts.get(d.lang) ?? { words: documentWords(d.tree) }, files: written.get(d.lang) ?? {} }));
  const result = (docs: LanguageDocument[], written: string[], unchanged: boolean): BuildResult => ({
    documents: docs,
    tree: docs[0]!.tree,
    counts: docs[0]!.counts,
    written,
    warnings,
    ...(rules ? { rules } : {}),
    fingerprint,
    unchanged,
  });
  const allPaths = documents.flatMap((d) => wanted.map((format) => outputPath(d.lang, format)));
  if (fingerprint === options.unchangedSince && (await allExist(allPaths))) return result(summary(new Map(), new Map()), [], true);

  // One layout per language, which every writer translates; the pages the rules count are its pages.
  const layouts = await Promise.all(documents.map(({ tree, plan }) => layOut(tree, theme, plan, { notes })));
  for (const layout of layouts) addWarnings(warnings, layout.warnings);
  stage('layout');
  const rendered = new Map<string, Uint8Array>();
  const words = new Map<string, number>();
  // All at once: the DOCX in the side thread while this one writes the PDF.
  await Promise.all(
    documents.flatMap(({ lang, tree, plan }, i) =>
      wanted.map(async (format) => {
        const output = await writers[format].write({ tree, theme, plan, layout: layouts[i]!, options });
        rendered.set(`${lang}/${format}`, output.bytes);
        if (output.words !== undefined) words.set(lang, output.words);
        stage(several ? `${format} ${lang}` : format);
      }),
    ),
  );
  if (options.changesSince && wanted.includes('docx')) await trackSince(options, documents, rendered);
  const counts = new Map<string, Counts>();
  documents.forEach(({ lang, tree }, i) => {
    const count: Counts = { words: words.get(lang) ?? documentWords(tree), pages: layouts[i]!.pages.length };
    counts.set(lang, count);
    if (rules) append(warnings, checkRules(rules, count, content, formOf(tree, pageLabel(theme, tree.meta.pageLabel), wanted, notes), several ? lang : undefined));
  });
  throwIfErrors(warnings);
  stage('rules');
  const outputs: [string, Uint8Array][] = [];
  const written = new Map<string, Partial<Record<Format, string>>>();
  for (const { lang } of documents) {
    for (const format of wanted) {
      outputs.push([outputPath(lang, format), rendered.get(`${lang}/${format}`)!]);
      (written.get(lang) ?? written.set(lang, {}).get(lang)!)[format] = outputPath(lang, format);
    }
  }
  await commitOutputs(outputs);
  keepShapesSoon();
  await subsetsKept();
  stage('write');
  return result(summary(written, counts), outputs.map(([path]) => path), false);
}

/**
 * The texts this build shaped anew, written to the cache folder once the build has
 * answered (~3 ms of a watch rebuild, on the way to nothing the user waits for); the
 * process does not end before.
 */
const keepShapesSoon = () => setImmediate(shapesKept);

/** Each DOCX with its differences from the earlier version tracked, dated as the document is. */
async function trackSince(options: BuildOptions, documents: { lang: string; tree: DocumentTree }[], rendered: Map<string, Uint8Array>): Promise<void> {
  const { olderVersions } = await import('./revise/older.js');
  const { markChanges } = await import('./revise/track.js');
  const { zip } = await import('./render/docx/zip.js');
  const older = await olderVersions({
    contentDir: options.contentDir,
    since: options.changesSince!,
    languages: documents.map((d) => d.lang),
    build: async (contentDir, outDir) => {
      const { theme, templatesDir, embedFonts, cache } = options;
      const built = await build({ contentDir, outDir, formats: ['docx'], languages: documents.map((d) => d.lang), theme, templatesDir, embedFonts, cache });
      return new Map(built.documents.map((d) => [d.lang, d.files.docx!]));
    },
  });
  for (const { lang, tree } of documents) {
    const old = older.get(lang);
    const key = `${lang}/docx`;
    if (old) rendered.set(key, markChanges(rendered.get(key)!, old, { author: options.changesAuthor ?? 'Dossier', date: tree.meta.date }, zip));
  }
}

/** Every promise's value; or, when any fails with problems, all their problems at once. */
async function allOrProblems<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const problems: Diagnostic[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof DiagnosticError)) throw result.reason;
    append(problems, result.reason.diagnostics);
  }
  if (problems.length) {
    const seen = new Set<string>();
    throw new DiagnosticError(problems.filter((d) => !seen.has(JSON.stringify(d)) && seen.add(JSON.stringify(d))));
  }
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function allExist(paths: string[]): Promise<boolean> {
  const found = await Promise.all(paths.map((p) => access(p).then(() => true, () => false)));
  return found.every(Boolean);
}

/** What `dossier check` finds for one language. */
export interface LanguageCheck {
  lang: string;
  counts: Counts;
}

/** `dossier check`: everything a build checks, the pages laid out only where a page limit needs them. */
export async function check(
  options: Omit<BuildOptions, 'outDir'>,
): Promise<{ counts: Counts; documents: LanguageCheck[]; rules?: SubmissionRules; joint: boolean; warnings: Diagnostic[]; form: string }> {
  const { documents, theme, rules, warnings, content } = await prepare(options);
  const several = content.model.submission.languages.length > 1;
  const notes = notePlacement(content.model.submission.notes, rules, theme);
  const checked: LanguageCheck[] = [];
  for (const { lang, tree, plan } of documents) {
    const counts: Counts = { words: documentWords(tree) };
    if (rules?.maxPages) {
      const layout = await layOut(tree, theme, plan, { notes });
      counts.pages = layout.pages.length;
      addWarnings(warnings, layout.warnings);
    }
    if (rules) append(warnings, checkRules(rules, counts, content, formOf(tree, pageLabel(theme, tree.meta.pageLabel), formats, notes), several ? lang : undefined));
    checked.push({ lang, counts });
  }
  keepShapesSoon();
  await subsetsKept();
  // The fields of the body's online submission form, in the main language (issue 24).
  const form = formFields(content, checked[0]!.counts, documents[0]!.tree.meta.title);
  return { counts: checked[0]!.counts, documents: checked, ...(rules ? { rules } : {}), joint: content.model.submission.joint, warnings, form };
}
