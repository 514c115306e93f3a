import type { DocumentTree, Inline } from '../document/tree.js';
import { blockInlines } from '../document/text.js';
import { citation, labelOf, variantFor, type Limit, type Source, type Variant } from '../kinds/kind.js';
import { statusOf } from '../kinds/requirements.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Content } from '../content/load.js';

/** Whose limit applies: everyone's, one organisation's or a joint submission's, or an ECOSOC status's. */
export type Who = 'all' | 'single' | 'joint' | 'general' | 'special' | 'roster';

/** A limit as it applies to this submission. */
export interface AppliedLimit {
  max: number;
  who: Who;
}

/** The rules a submission is held to: its kind's variant for it, with its limits applied and its sources. */
export interface SubmissionRules {
  kind: string;
  variant: Variant;
  /** How messages name the rules: "UPR cycle 3", "HRC written statements". */
  label: string;
  maxWords?: AppliedLimit;
  maxPages?: AppliedLimit;
  sources: Source[];
}

/**
 * The rules for a submission (kinds/<kind>.yaml, the variant for its cycle or
 * committee), if any: a kind without limits, or a cycle no variant covers, has none.
 */
export function rulesFor(content: Content): SubmissionRules | undefined {
  const { kind } = content;
  const { submission, profile } = content.model;
  const key = { cycle: submission.review?.cycle, committee: submission.committee };
  const variant = variantFor(kind, key);
  if (!variant) return undefined;
  const apply = (limit: Limit | undefined): AppliedLimit | undefined => {
    if (limit === undefined) return undefined;
    if (limit.all !== undefined) return { max: limit.all, who: 'all' };
    if (limit.single !== undefined && limit.joint !== undefined) return submission.joint ? { max: limit.joint, who: 'joint' } : { max: limit.single, who: 'single' };
    // By the status of the organisation that submits; one without is refused when the content is read.
    const status = statusOf(profile);
    const max = status === 'none' ? undefined : limit[status];
    return max === undefined || status === 'none' ? undefined : { max, who: status };
  };
  const maxWords = apply(variant.maxWords);
  const maxPages = apply(variant.maxPages);
  return {
    kind: kind.kind,
    variant,
    label: labelOf(kind, variant, key),
    ...(maxWords ? { maxWords } : {}),
    ...(maxPages ? { maxPages } : {}),
    sources: variant.sources.map((id) => kind.sources[id]!),
  };
}

/** For messages: "the limit for a joint submission in …". */
const whoInMessages: Record<Who, string> = {
  all: '',
  single: 'a submission by one organisation',
  joint: 'a joint submission',
  general: 'an organisation in general consultative status',
  special: 'an organisation in special consultative status',
  roster: 'an organisation on the Roster',
};
/** For `dossier check`: "of at most 5 (one organisation)". */
export const whoInCounts: Record<Who, string> = {
  all: '',
  single: 'one organisation',
  joint: 'joint submission',
  general: 'general consultative status',
  special: 'special consultative status',
  roster: 'on the Roster',
};

/** The rules' sources, one line: "rules: OHCHR, "…", 2017, …". */
export function citations(rules: SubmissionRules): string {
  return rules.sources.map(citation).join('; ');
}

// Apart, so the side thread counts without loading the rules' schema.
export { documentWords } from './word-count.js';

export function formOf(tree: DocumentTree, pageLabel: string, formats: readonly string[], notePlacement: Form['notePlacement'] = 'footnotes'): Form {
  const hasNote = (list: Inline[]): boolean => list.some((i) => i.kind === 'note' || (i.kind !== 'text' && hasNote(i.children)));
  const notes = tree.blocks.some((b) => blockInlines(b).some(hasNote));
  return { formats, numberedParagraphs: tree.blocks.some((b) => b.kind === 'numbered'), numberedPages: pageLabel.includes('{page}'), notes, notePlacement };
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
  /** Whether the document has notes, and where they stand. */
  notes: boolean;
  notePlacement: 'footnotes' | 'endnotes';
}

/**
 * Checks the counts against the rules; a breach is an error that gives both numbers
 * (and, for one of several language versions, which one) and cites the source.
 */
export function checkRules(rules: SubmissionRules, counts: Counts, content: Content, form: Form, lang?: string): Diagnostic[] {
  const at = { file: content.sources.submission.path, ...content.sources.submission.locate(['body']), field: 'body' };
  const cite = `source: ${citations(rules)}`;
  const problems: Diagnostic[] = [];
  const { label } = rules;
  const version = lang ? ` (${lang})` : '';
  const limitOf = ({ who, max }: AppliedLimit) => `the limit ${who === 'all' ? '' : `for ${whoInMessages[who]} `}in ${label} is ${max.toLocaleString('en')}`;
  if (rules.maxWords && counts.words > rules.maxWords.max) {
    problems.push({
      severity: 'error',
      rule: 'rules/max-words',
      message: `the document${version} has ${counts.words.toLocaleString('en')} words; ${limitOf(rules.maxWords)}`,
      ...at,
      suggestion: cite,
    });
  }
  if (rules.maxPages && counts.pages !== undefined && counts.pages > rules.maxPages.max) {
    problems.push({
      severity: 'error',
      rule: 'rules/max-pages',
      message: `the document${version} has ${counts.pages} pages; ${limitOf(rules.maxPages)}`,
      ...at,
      suggestion: cite,
    });
  }
  const { variant } = rules;
  if (variant.wordDocument && !form.formats.includes('docx')) {
    problems.push({ severity: 'warning', rule: 'rules/word-document', message: `${label}: submissions are sent as Word documents; this build writes no DOCX`, suggestion: cite });
  }
  if (variant.numberedParagraphs && !form.numberedParagraphs) {
    problems.push({ severity: 'error', rule: 'rules/numbered-paragraphs', message: `${label}: submissions number their paragraphs; this one has no numbered paragraph`, ...at, suggestion: cite });
  }
  if (variant.numberedPages && !form.numberedPages) {
    problems.push({ severity: 'error', rule: 'rules/numbered-pages', message: `${label}: submissions number their pages; the theme's page label shows no page number`, suggestion: cite });
  }
  if (variant.endnotesForReferencesOnly && form.notes) {
    problems.push({
      severity: 'warning',
      rule: 'rules/endnotes',
      message:
        form.notePlacement === 'endnotes'
          ? `${label}: notes are endnotes, for references only: keep each note to a reference`
          : `${label}: notes are endnotes, for references only; this document sets its notes as footnotes (notes: footnotes)`,
      ...at,
      suggestion: cite,
    });
  }
  return problems;
}
