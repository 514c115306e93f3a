import Handlebars from 'handlebars';
import type { BlockSource } from '../document/tree.js';
import { fill, type Catalogue } from './catalogue.js';
import { RenderBudget } from './budget.js';
import { problemAt } from './errors.js';
import { linkProblem } from '../document/links.js';

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
  /** Rendering a footnote's own text, which cannot hold a footnote. */
  inNote?: boolean;
  /** What a content template may still write; the document templates have none. */
  budget?: RenderBudget;
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

/**
 * How every template is run. Prototype access is denied by saying so: left to its
 * default, Handlebars denies it too but prints a warning to stderr (`{{toString}}`),
 * where `dossier check --json` must print nothing but its answer.
 */
export function runtimeOptions(data: TemplateData) {
  return { data, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
}

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
  countWhileRendering(env);
  /**
   * A helper that returns text, not a block: called as one ({{#list …}}…{{/list}}),
   * Handlebars would insert what it returns unescaped.
   */
  const inline = (name: string, helper: (this: unknown, args: unknown[], options: HelperOptions) => unknown) =>
    env.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args.pop() as HelperOptions;
      if ((options as Partial<HelperOptions> | undefined)?.fn) throw problemAt('template/helper', `${name} is not a block: write {{${name} …}}, without # and {{/${name}}}`, options.loc);
      return helper.call(this, args, options);
    });
  const lookup = env.helpers.lookup!;
  inline('lookup', function (this: unknown, [object, field], options) {
    return lookup.call(this, object, field, options);
  });

  /** {{join list "、" "和"}}: 甲、乙和丙. */
  inline('join', ([list, separator, lastSeparator], options) => {
    if (!Array.isArray(list)) throw problemAt('template/helper', 'join needs a list', options.loc);
    const sep = typeof separator === 'string' ? separator : '、';
    const last = typeof lastSeparator === 'string' ? lastSeparator : sep;
    const items = list.map((item) => escape(String(item)));
    const head = items.slice(0, -1).join(escape(sep));
    return safe(items.length > 1 ? head + escape(last) + items[items.length - 1] : (items[0] ?? ''));
  });

  /**
   * {{list profile.branchOffices}}: a list as the language writes it (Intl.ListFormat):
   * "甲、乙和丙", "A, B and C", "A, B et C", "أ وب وج".
   */
  inline('list', ([list], options) => {
    if (!Array.isArray(list)) throw problemAt('template/helper', 'list needs a list', options.loc);
    const lang = options.data?.lang ?? 'en';
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(list.map((item) => String(item)));
  });

  /** {{number 4620000}}: a number as the language writes it: 4,620,000, 4 620 000, 4.620.000. */
  inline('number', ([value], options) => {
    if (typeof value !== 'number') throw problemAt('template/helper', 'number needs a number', options.loc);
    return new Intl.NumberFormat(options.data?.lang ?? 'en').format(value);
  });

  /**
   * {{t "profile.relationship"}}: the language's wording for a fixed phrase (a label, a
   * status). A second argument picks a sub-entry ({{t "profile.status" profile.ecosoc.status}}),
   * and named ones fill its {placeholders} ({{t "profile.admittedSince" year=2008}}).
   */
  inline('t', (keys, options) => {
    const catalogue = options.data?.catalogue;
    const full = keys.map(String).join('.');
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
  inline('roundDown', ([value, step], options) => {
    if (typeof value !== 'number' || typeof step !== 'number' || step <= 0) {
      throw problemAt('template/helper', 'roundDown needs two numbers', options.loc);
    }
    return Math.floor(value / step) * step;
  });

  inline('eq', ([a, b]) => a === b);

  /**
   * {{source "profile" "ecosoc.status"}}: for a block a template makes from a fact (a
   * status line, a label), the field it prints, so the block is located like content is.
   */
  inline('source', ([root, path], options) => {
    const data = options.data as TemplateData | undefined;
    const found = data?.fieldSource?.(String(root), String(path));
    return safe(found && data ? sourceMarker(data, found) : '');
  });

  /**
   * {{plain submission.title}}: rendered markup as text, for attributes such as the PDF
   * title. Only rendered markup (a SafeString, its text escaped) comes back as it is,
   * without its tags and notes; any other value is escaped like every value.
   */
  inline('plain', ([markup]) =>
    markup instanceof SafeString
      ? safe(markup.toString().replace(/<note>.*?<\/note>/gs, '').replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim())
      : String(markup ?? ''),
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

  /** {{#link "https://…"}}text{{/link}}: a link, to a web page or an e-mail address only. */
  env.registerHelper('link', function (this: unknown, href: unknown, options: HelperOptions) {
    if (typeof href !== 'string' || !options?.fn) throw problemAt('template/helper', 'link needs an address and a text: {{#link "https://…"}}text{{/link}}', (options ?? (href as HelperOptions))?.loc);
    const problem = linkProblem(href);
    if (problem) throw problemAt('content/link', problem, options.loc);
    return safe(`<a href="${escape(href)}">${options.fn(this)}</a>`);
  });
  /** {{#sup}}e{{/sup}} (French "74e"), {{#sub}}2{{/sub}}: raised or lowered, smaller. */
  for (const [name, tag] of [['sup', 'sup'], ['sub', 'sub']] as const) {
    env.registerHelper(name, function (this: unknown, options: HelperOptions) {
      if (!options?.fn) throw problemAt('template/helper', `${name} is a block: write {{#${name}}}…{{/${name}}}`, options?.loc);
      return safe(`<${tag}>${options.fn(this)}</${tag}>`);
    });
  }
  /** {{br}}: a line break inside a paragraph (an address, a signature). */
  inline('br', () => safe('<br/>'));

  /** {{footnote "id"}}: the footnote's text, defined under `footnotes:` in the submission. */
  inline('footnote', ([id], options) => {
    // A note in a note has nowhere to go: Word has no footnotes of footnotes.
    if (options.data?.inNote) throw problemAt('content/footnote-in-footnote', 'a footnote cannot have a footnote of its own', options.loc);
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

/**
 * Counts what a content template writes, as it writes it (see RenderBudget): every
 * loop round, and every value a {{…}} inserts. Templates rendered without a budget
 * in their data (the document templates) run as Handlebars runs them.
 */
function countWhileRendering(env: Env): void {
  const each = env.helpers.each!;
  env.registerHelper('each', function (this: unknown, context: unknown, options: HelperOptions & { inverse: HelperOptions['fn'] }) {
    const budget = options?.data?.budget;
    if (!budget) return each.call(this, context, options);
    return each.call(this, context, { ...options, fn: budget.loopBody(options.fn, options.loc), inverse: budget.loopBody(options.inverse, options.loc) });
  });
  // Compiled templates insert each {{…}} through their container's escapeExpression:
  // a template run with a budget gets one that counts.
  const template = env.template.bind(env);
  env.template = ((spec: TemplateSpec) =>
    template({
      ...spec,
      main(this: unknown, container: Container, context: unknown, helpers: unknown, partials: unknown, data: unknown, blockParams: unknown, depths: unknown) {
        const budget = (data as Partial<TemplateData> | undefined)?.budget;
        if (budget) container.escapeExpression = (value) => budget.inserted(env.escapeExpression(value as string));
        return spec.main.call(this, container, context, helpers, partials, data, blockParams, depths);
      },
    })) as Env['template'];
}

/** What Handlebars compiles a template to: `main` renders it (its other members are blocks). */
interface TemplateSpec {
  main: (this: unknown, container: Container, ...args: unknown[]) => string;
}

/** What a compiled template's code reads its runtime functions from. */
interface Container {
  escapeExpression: (value: unknown) => string;
}
