import Handlebars from 'handlebars';
import type { BlockSource } from '../document/tree.js';
import { fill, type Catalogue } from './catalogue.js';
import { problemAt } from './errors.js';

/**
 * The Handlebars environment shared by the document templates and the content
 * templates. It is an isolated instance (no global helpers leak in), compiled in
 * strict mode, and keeps Handlebars' default ban on prototype access. Helpers only
 * shape text; none reads files or the network, or writes to the console.
 */

export type Env = typeof Handlebars;

/** Runtime data a build passes to templates beside the model. */
export interface TemplateData {
  /** Rendered footnote markup by id, for {{footnote "id"}}. */
  footnotes: Map<string, string>;
  /** Footnote ids referenced so far, to report unused footnotes. */
  usedFootnotes: Set<string>;
  /** The language being written: lists, numbers and dates are formatted for it. */
  lang: string;
  /** Its wording, for {{t "key"}} in the document templates. */
  catalogue?: Catalogue;
  /**
   * Where each rendered text came from: a marker in the markup (`<?source N?>`, see
   * sourceMarker) names entry N, and the markup reader gives the block holding it that source.
   */
  sources?: BlockSource[];
  /** For {{source "profile" "ecosoc.status"}} in the document templates: the source of a content field. */
  fieldSource?: (root: string, path: string) => BlockSource | undefined;
}

/**
 * The marker that carries a text's source through the templates into the markup: a
 * processing instruction, which is neither text nor element, so no template helper or
 * white-space rule sees it, and `plain` (attributes) drops it with the tags.
 */
export function sourceMarker(data: TemplateData, source: BlockSource): string {
  const sources = (data.sources ??= []);
  sources.push(source);
  return `<?source ${sources.length - 1}?>`;
}

interface HelperOptions {
  fn: (context: unknown) => string;
  hash?: Record<string, unknown>;
  data?: { root?: unknown } & Partial<TemplateData>;
  loc?: { start: { line: number; column: number } };
}

/** `log` is removed (below): the compiler must not call it directly as a known helper. */
export const compileOptions = { strict: true, noEscape: false, knownHelpers: { log: false } } as const;

export function createEnvironment(): Env {
  const env = Handlebars.create();
  // Built-ins no template needs: `log` prints to the console (stdout, where
  // `dossier check --json` writes its answer) and `*inline` defines partials from
  // content. Kept: if, unless, each, with, lookup (prototype access stays denied),
  // and helperMissing / blockHelperMissing, which Handlebars calls itself.
  env.unregisterHelper('log');
  env.unregisterDecorator('inline');
  const { escapeExpression: escape, SafeString } = env;
  const safe = (markup: string) => new SafeString(markup);

  /** {{join list "、" "和"}}: 甲、乙和丙. */
  env.registerHelper('join', (list: unknown, separator: unknown, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    if (!Array.isArray(list)) throw problemAt('template/helper', 'join needs a list', options.loc);
    const sep = typeof separator === 'string' ? separator : '、';
    const last = typeof rest[0] === 'string' ? rest[0] : sep;
    const items = list.map((item) => escape(String(item)));
    const head = items.slice(0, -1).join(escape(sep));
    return safe(items.length > 1 ? head + escape(last) + items[items.length - 1] : (items[0] ?? ''));
  });

  /**
   * {{list profile.branchOffices}}: a list as the language writes it (Intl.ListFormat):
   * "甲、乙和丙", "A, B and C", "A, B et C", "أ وب وج".
   */
  env.registerHelper('list', (list: unknown, options: HelperOptions) => {
    if (!Array.isArray(list)) throw problemAt('template/helper', 'list needs a list', options.loc);
    const lang = options.data?.lang ?? 'en';
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(list.map((item) => String(item)));
  });

  /** {{number 4620000}}: a number as the language writes it: 4,620,000, 4 620 000, 4.620.000. */
  env.registerHelper('number', (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'number') throw problemAt('template/helper', 'number needs a number', options.loc);
    return new Intl.NumberFormat(options.data?.lang ?? 'en').format(value);
  });

  /**
   * {{t "profile.relationship"}}: the language's wording for a fixed phrase (a label, a
   * status). A second argument picks a sub-entry ({{t "profile.status" profile.ecosoc.status}}),
   * and named ones fill its {placeholders} ({{t "profile.admittedSince" year=2008}}).
   */
  env.registerHelper('t', (key: unknown, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    const catalogue = options.data?.catalogue;
    const full = [key, ...rest].map(String).join('.');
    const wording = catalogue?.get(full);
    if (wording === undefined) {
      const where = catalogue ? `the ${catalogue.lang} catalogue (${catalogue.chain.join(', ') || 'none'})` : 'any catalogue';
      throw problemAt('template/catalogue', `no wording for "${full}" in ${where}`, options.loc);
    }
    // Strict mode checks a helper's arguments but not its named ones: an unknown field there is undefined.
    const missing = Object.entries(options.hash ?? {}).find(([, value]) => value === undefined);
    if (missing) throw problemAt('template/missing-field', `"${missing[0]}=" names no field of the content`, options.loc);
    return fill(wording, options.hash ?? {});
  });

  /** {{roundDown 162 10}} -> 160, for "160多名". */
  env.registerHelper('roundDown', (value: unknown, step: unknown, options: HelperOptions) => {
    if (typeof value !== 'number' || typeof step !== 'number' || step <= 0) {
      throw problemAt('template/helper', 'roundDown needs two numbers', options.loc);
    }
    return Math.floor(value / step) * step;
  });

  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);

  /**
   * {{source "profile" "ecosoc.status"}}: for a block a template makes from a fact (a
   * status line, a label), the field it prints, so the block is located like content is.
   */
  env.registerHelper('source', (root: unknown, path: unknown, options: HelperOptions) => {
    const data = options.data as TemplateData | undefined;
    const found = data?.fieldSource?.(String(root), String(path));
    return safe(found && data ? sourceMarker(data, found) : '');
  });

  /** {{plain submission.title}}: rendered markup as text, for attributes such as the PDF title. */
  env.registerHelper('plain', (markup: unknown) =>
    safe(String(markup ?? '').replace(/<note>.*?<\/note>/gs, '').replace(/<[^>]*>/g, '')),
  );

  env.registerHelper('strong', function (this: unknown, options: HelperOptions) {
    return safe(`<strong>${options.fn(this)}</strong>`);
  });
  env.registerHelper('em', function (this: unknown, options: HelperOptions) {
    return safe(`<em>${options.fn(this)}</em>`);
  });
  /** {{#lang "en"}}Shadow report{{/lang}}: a run in another language. */
  env.registerHelper('lang', function (this: unknown, tag: unknown, options: HelperOptions) {
    if (typeof tag !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag)) {
      throw problemAt('template/helper', 'lang needs a language tag such as "en"', options.loc);
    }
    return safe(`<span lang="${escape(tag)}">${options.fn(this)}</span>`);
  });

  /** {{footnote "id"}}: the footnote's text, defined under `footnotes:` in the submission. */
  env.registerHelper('footnote', (id: unknown, options: HelperOptions) => {
    const notes = options.data?.footnotes;
    const text = typeof id === 'string' ? notes?.get(id) : undefined;
    if (text === undefined) {
      throw problemAt('content/footnote-undefined', `footnote "${String(id)}" is not defined under footnotes:`, options.loc);
    }
    options.data?.usedFootnotes?.add(id as string);
    return safe(`<note>${text}</note>`);
  });

  return env;
}
