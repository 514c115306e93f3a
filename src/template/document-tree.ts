import { DiagnosticError, error, fieldPath, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadContent, type Content } from '../content/load.js';
import { applyTypography } from '../document/typography.js';
import { unbreakableRuns } from '../document/unbreakable.js';
import { templatesRoot } from '../paths.js';
import { loadCatalogue } from './catalogue.js';
import { loadDocumentTemplates } from './document-template.js';
import { createEnvironment, type TemplateData } from './environment.js';
import { parseMarkup } from './markup.js';
import { buildView, type ThemeWords } from './view.js';

/** content files -> validated model -> templates -> document tree, in one language (default: the main one). */
export async function buildTree(contentDir: string, templatesDir = templatesRoot, lang?: string, theme: ThemeWords = {}) {
  const content = await loadContent(contentDir);
  return treeOf(content, lang ?? content.model.submission.languages[0]!, templatesDir, theme);
}

/** The document tree of loaded content in one language; `theme`: what the theme says where the content does not (paragraph numbering). */
export async function treeOf(content: Content, lang: string, templatesDir = templatesRoot, theme: ThemeWords = {}) {
  // The content's own warnings travel with each language's; `prepare` lists each once.
  const diagnostics: Diagnostic[] = content.warnings.slice();
  const env = createEnvironment();
  const { submission } = content.sources;
  const index = content.model.submission.languages.indexOf(lang);
  const languagePath = Array.isArray((submission.data as { languages?: unknown } | undefined)?.languages) ? ['languages', index] : ['languages'];
  const catalogue = await loadCatalogue(templatesDir, lang, { file: submission.path, ...submission.locate(languagePath), field: fieldPath(languagePath) });
  const data: TemplateData = { footnotes: new Map(), usedFootnotes: new Set(), lang, catalogue };
  const view = buildView(env, content, lang, data, diagnostics, theme);
  throwIfErrors(diagnostics);
  const templates = await loadDocumentTemplates(env, templatesDir);
  const markup = templates.render(view, data, diagnostics);
  throwIfErrors(diagnostics);
  const tree = applyTypography(parseMarkup(markup, data.sources));
  for (const problem of unbreakableRuns(tree)) diagnostics.push(problem);
  throwIfErrors(diagnostics);
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
  // Past 9999 a date has no ISO 8601 or PDF form (and past 275760 no Date at all).
  if (Number(value) > latestEpoch) {
    throw new DiagnosticError([
      error('env/source-date-epoch', `SOURCE_DATE_EPOCH ${value} is after the year 9999, which no document date can hold`, {
        suggestion: 'unset it to use the submission\'s date',
      }),
    ]);
  }
  return new Date(Number(value) * 1000);
}
/** 9999-12-31T23:59:59Z, in seconds. */
const latestEpoch = 253_402_300_799;
