import { join } from 'node:path';
import { z } from 'zod';
import { throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, readConfined } from '../files/confined.js';
import { onlyInside } from '../files/roots.js';
import { parseYaml, validate } from '../model/yaml-file.js';
import type { DocumentTree } from '../document/tree.js';
import type { Content } from '../model/load.js';
import { displayPath, templatesRoot } from '../paths.js';

const limit = z.strictObject({ single: z.number().int().positive(), joint: z.number().int().positive() });
const rulesSchema = z.strictObject({
  kind: z.string(),
  cycles: z.array(
    z.strictObject({
      cycles: z.array(z.number().int()),
      source: z.string(),
      maxPages: limit.optional(),
      maxWords: limit.optional(),
      wordDocument: z.boolean().default(false),
      numberedParagraphs: z.boolean().default(false),
      numberedPages: z.boolean().default(false),
    }),
  ),
});
export type CycleRules = z.infer<typeof rulesSchema>['cycles'][number];

/**
 * The rules for a submission's kind and review cycle (templates/rules/<kind>.yaml),
 * if any. A rules file with a mistake is reported at its line, like content.
 */
export async function rulesFor(kind: string, cycle: number, dir = join(templatesRoot, 'rules')): Promise<CycleRules | undefined> {
  const path = join(dir, `${kind}.yaml`);
  const bytes = await readConfined(path, { roots: await onlyInside(dir), what: 'rules file', scope: 'rules', maxBytes: maxTextBytes });
  if (!bytes) return undefined;
  const diagnostics: Diagnostic[] = [];
  const source = parseYaml(displayPath(path), bytes, diagnostics);
  throwIfErrors(diagnostics);
  const rules = validate(rulesSchema, source!.data ?? {}, () => source!, diagnostics);
  throwIfErrors(diagnostics);
  return rules!.cycles.find((c) => c.cycles.includes(cycle));
}

// Apart, so the side thread counts without loading the rules' schema.
export { documentWords } from './word-count.js';

export function formOf(tree: DocumentTree, pageLabel: string, formats: readonly string[]): Form {
  return { formats, numberedParagraphs: tree.blocks.some((b) => b.kind === 'numbered'), numberedPages: pageLabel.includes('{page}') };
}

/** Pages of a PDF: its page objects. */
export function pdfPages(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

export interface Counts {
  words: number;
  pages?: number;
}

/** What the rules ask of the document's form, as this build makes it. */
export interface Form {
  formats: readonly string[];
  numberedParagraphs: boolean;
  numberedPages: boolean;
}

/**
 * Checks the counts against the rules; a breach is an error that gives both numbers
 * (and, for one of several language versions, which one).
 */
export function checkRules(rules: CycleRules, counts: Counts, content: Content, form: Form, lang?: string): Diagnostic[] {
  const { submission } = content.model;
  const who = submission.joint ? 'joint' : 'single';
  const whoText = submission.joint ? 'a joint submission' : 'a submission by one organisation';
  const at = { file: content.sources.submission.path, ...content.sources.submission.locate(['body']), field: 'body' };
  const cite = `source: ${rules.source}`;
  const problems: Diagnostic[] = [];
  const cycle = `cycle ${submission.review?.cycle}`;
  const version = lang ? ` (${lang})` : '';
  if (rules.maxWords && counts.words > rules.maxWords[who]) {
    problems.push({
      severity: 'error',
      rule: 'rules/max-words',
      message: `the document${version} has ${counts.words.toLocaleString('en')} words; the limit for ${whoText} in UPR ${cycle} is ${rules.maxWords[who].toLocaleString('en')}`,
      ...at,
      suggestion: cite,
    });
  }
  if (rules.maxPages && counts.pages !== undefined && counts.pages > rules.maxPages[who]) {
    problems.push({
      severity: 'error',
      rule: 'rules/max-pages',
      message: `the document${version} has ${counts.pages} pages; the limit for ${whoText} in UPR ${cycle} is ${rules.maxPages[who]}`,
      ...at,
      suggestion: cite,
    });
  }
  if (rules.wordDocument && !form.formats.includes('docx')) {
    problems.push({ severity: 'warning', rule: 'rules/word-document', message: `UPR ${cycle} submissions are sent as Word documents; this build writes no DOCX`, suggestion: cite });
  }
  if (rules.numberedParagraphs && !form.numberedParagraphs) {
    problems.push({ severity: 'error', rule: 'rules/numbered-paragraphs', message: `UPR ${cycle} submissions number their paragraphs; this one has no numbered paragraph`, ...at, suggestion: cite });
  }
  if (rules.numberedPages && !form.numberedPages) {
    problems.push({ severity: 'error', rule: 'rules/numbered-pages', message: `UPR ${cycle} submissions number their pages; the theme's page label shows no page number`, suggestion: cite });
  }
  return problems;
}
