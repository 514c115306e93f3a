import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiagnosticError, throwIfErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import type { DocumentTree } from './document/tree.js';
import { readFontFile } from './fonts/files.js';
import { loadFontSetup } from './fonts/manifest.js';
import { missingGlyphDiagnostics } from './fonts/missing-glyphs.js';
import { planFonts, type FontPlan } from './fonts/plan.js';
import { loadContent } from './model/load.js';
import { templatesRoot } from './paths.js';
import type { EmbedFonts } from './render/docx/embedded-fonts.js';
import { createEnvironment } from './template/environment.js';
import { loadDocumentTemplates } from './template/document-template.js';
import { parseMarkup } from './template/markup.js';
import { buildView } from './template/view.js';
import { loadTheme, type Theme } from './theme/theme.js';

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
}

export interface BuildResult {
  tree: DocumentTree;
  written: string[];
  warnings: Diagnostic[];
}

/** content files -> validated model -> templates -> document tree. */
export async function buildTree(contentDir: string, templatesDir = templatesRoot) {
  const diagnostics: Diagnostic[] = [];
  const content = await loadContent(contentDir);
  const env = createEnvironment();
  const view = buildView(env, content, diagnostics);
  throwIfErrors(diagnostics);
  const templates = await loadDocumentTemplates(env, templatesDir, content.model.submission.language);
  const markup = templates.render(view, diagnostics);
  throwIfErrors(diagnostics);
  return { tree: parseMarkup(markup), content, warnings: diagnostics };
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

/**
 * The whole pipeline for one content folder. Every output is rendered in memory
 * first and then moved into place by rename, so a failed build leaves the earlier
 * files as they were.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const stage = options.onStage ?? (() => {});
  const built = await buildTree(options.contentDir, options.templatesDir);
  const { tree } = built;
  const theme = await themeFor(options);
  const { plan, diagnostics } = await fontPlanFor(built, theme, options.allowMissingGlyphs);
  const warnings = [...built.warnings, ...diagnostics];
  throwIfErrors(warnings);
  stage('content');
  // Start reading the font files now: the disk works while the renderers load.
  for (const { file } of plan.usage.values()) void readFontFile(file).catch(() => {});
  const outputs: [string, Uint8Array][] = [];
  for (const format of options.formats ?? formats) {
    outputs.push([join(options.outDir, `submission.${format}`), await renderers[format](tree, theme, plan, options)]);
    stage(format);
  }
  await writeAtomically(outputs);
  return { tree, written: outputs.map(([path]) => path), warnings };
}

async function writeAtomically(outputs: [string, Uint8Array][]): Promise<void> {
  const temporary: string[] = [];
  try {
    for (const [path, bytes] of outputs) {
      await mkdir(join(path, '..'), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      temporary.push(tmp);
      await writeFile(tmp, bytes);
    }
    for (const [i, [path]] of outputs.entries()) await rename(temporary[i]!, path);
  } catch (e) {
    await Promise.all(temporary.map((tmp) => rm(tmp, { force: true })));
    const err = e as NodeJS.ErrnoException;
    throw new DiagnosticError([
      { severity: 'error', rule: 'output/write', message: `cannot write output (${err.code ?? err.message})`, file: err.path },
    ]);
  }
}
