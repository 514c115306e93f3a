import type { Content } from '../content/load.js';
import { Localized } from '../model/localized.js';
import type { SourceFile } from '../model/source.js';
import type { ListValue } from '../model/schema.js';
import { error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import { sourceMarker, type Env, type TemplateData } from './environment.js';
import { renderContentText, type ContentTemplate } from './content-text.js';
import { organisationLines } from './organisation-lines.js';
import { kindFacts } from './kind-facts.js';
import { isNumbered } from '../content/numbered.js';

/** What the theme says that the content's text depends on: whether paragraphs are numbered where the content does not say. */
export interface ThemeWords {
  numbered?: boolean;
}

type Root = 'profile' | 'submission';

/**
 * What the document templates see for one language: the model's facts as they are,
 * every text resolved to that language (Handlebars escapes them when they are
 * inserted), and every content template rendered to markup (SafeStrings, inserted
 * as they are). A text the language lacks is an error at the field that lacks it.
 */
export function buildView(env: Env, content: Content, lang: string, data: TemplateData, diagnostics: Diagnostic[], theme: ThemeWords = {}) {
  const { sources } = content;
  const resolveIn = (source: SourceFile) => {
    const resolve = (value: unknown, path: (string | number)[]): unknown => {
      if (value instanceof Localized) {
        const found = value.in(lang);
        if (found) return found.text;
        diagnostics.push(missingLanguage(source, path, lang, value.languages ?? []));
        return '';
      }
      if (Array.isArray(value)) return value.map((v, i) => resolve(v, [...path, i]));
      if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, [...path, k])]));
      }
      return value;
    };
    return resolve;
  };
  const resolve = (value: unknown, root: Root, path: (string | number)[]) => resolveIn(sources[root])(value, path);
  const model = withoutPrototypes({
    // An organisation without consultative status has no `ecosoc`: templates ask {{#if profile.ecosoc}}.
    profile: { ecosoc: null, ...(resolve(content.model.profile, 'profile', []) as Record<string, unknown>) },
    submission: resolve(content.model.submission, 'submission', []) as Record<string, unknown>,
  });
  /** A content template as written for this language, and where that text stands in its file. */
  const field = (root: Root, path: (string | number)[], text: Localized): ContentTemplate => {
    const found = text.in(lang);
    return { text: found?.text ?? '', source: sources[root], path: found?.key ? [...path, found.key] : path };
  };
  /** Where a field's text stands, for the block that will print it. */
  data.sources ??= []; // before any copy of `data` (a footnote's) is made: they share it
  const sourceOf = (file: SourceFile, path: (string | number)[]) => {
    const entry = file === sources.submission && path[0] === 'body' && typeof path[1] === 'number' ? content.model.submission.body[path[1]] : undefined;
    const id = entry && 'id' in entry ? entry.id : undefined;
    return { file: file.path, ...file.locate(path), field: fieldPath(path), lang, ...(id ? { entry: id } : {}) };
  };
  data.fieldSource = (root, dotted) => {
    if (root !== 'profile' && root !== 'submission') return undefined;
    return { ...sourceOf(sources[root], dotted.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))), template: true };
  };
  // Each rendered text starts with the marker of its source (see sourceMarker).
  const render = (template: ContentTemplate, inNote = false) =>
    new env.SafeString(
      sourceMarker(data, sourceOf(template.source, template.path)) +
        renderContentText(env, template, model, inNote ? { ...data, inNote } : data, diagnostics),
    );

  const { profile, submission } = content.model;
  // Footnotes first: paragraphs pull them in with {{footnote "id"}}.
  for (const [id, text] of Object.entries(submission.footnotes)) {
    data.footnotes.set(id, render(field('submission', ['footnotes', id], text), true).toString());
  }
  // Numbered paragraphs count on in one list until an entry asks to restart.
  let list = 1;
  const says = { submission: content.model.submission.numbered, kind: content.kind.document.numbered, theme: theme.numbered };
  const numbered = isNumbered(says);
  /** Whether the entry before is a numbered paragraph: a list after one belongs to it. */
  let numberedBefore = false;
  const organisations = organisationLines(content, lang, data.catalogue, (name, source, path) => String(resolveIn(source)(name, path)));
  const facts = data.catalogue ? kindFacts(content, lang, data.catalogue, (value, root, path) => String(resolve(value, root, path))) : undefined;
  const view = withoutPrototypes({
    // Not `lang`: a helper of that name ({{#lang}}) would answer instead.
    language: lang,
    /** Whether the kind shows the organisation's profile before the text (a statement does not). */
    showProfile: content.kind.document.profile,
    /** "Joint written statement submitted by …", where the kind has one; empty otherwise. */
    submittedBy: organisations.submittedBy,
    /** The same line in two parts, around the as-issued layout's note mark ("Written statement*"). */
    submittedByParts: organisations.submittedByParts,
    /** The facts the kind prints (session block, masthead, State under review…): see kind-facts.ts. */
    facts: facts ?? null,
    /** Whether the paragraphs are numbered unless one says: as the submission, the kind or the theme says. */
    numbered,
    /** The title's footnote naming co-signers without consultative status; empty otherwise. */
    withoutStatus: organisations.withoutStatus,
    profile: { ...model.profile, introduction: render(field('profile', ['introduction'], profile.introduction)) },
    submission: {
      ...model.submission,
      title: render(field('submission', ['title'], submission.title)),
      body: submission.body.map((entry, i) => {
        const resolved = (model.submission.body as Record<string, unknown>[])[i]!;
        const at = (...path: (string | number)[]) => ['body', i, ...path];
        if ('paragraph' in entry) {
          if (entry.restartNumbering && i > 0) list++;
          numberedBefore = isNumbered({ ...says, paragraph: entry.numbered });
          return { ...resolved, numbered: numberedBefore, listId: `list-${list}`, paragraph: render(field('submission', at('paragraph'), entry.paragraph)) };
        }
        const afterNumbered = numberedBefore;
        numberedBefore = false;
        if ('list' in entry) {
          const items = listItems(entry.list, at('list'), 1, (text, path) => render(field('submission', path, text)));
          return { ...resolved, list: { id: `items-${i}`, after: afterNumbered, items } };
        }
        if ('quote' in entry) {
          return {
            ...resolved,
            quote: render(field('submission', at('quote'), entry.quote)),
            // Not `source`: the {{source}} helper would answer instead.
            attribution: entry.source ? render(field('submission', at('source'), entry.source)) : null,
            quoteId: `quote-${i}`,
          };
        }
        if ('table' in entry) {
          const { caption, columns, rows } = entry.table;
          return {
            ...resolved,
            table: {
              caption: caption ? render(field('submission', at('table', 'caption'), caption)) : null,
              widths: columns.map((c) => (c instanceof Localized ? '' : String(c.width))).join(','),
              header: columns.map((c, j) => (c instanceof Localized ? render(field('submission', at('table', 'columns', j), c)) : render(field('submission', at('table', 'columns', j, 'header'), c.header)))),
              rows: rows.map((row, r) => row.map((cell, c) => render(field('submission', at('table', 'rows', r, c), cell)))),
            },
          };
        }
        if ('heading' in entry) return { ...resolved, heading: render(field('submission', ['body', i, 'heading'], entry.heading)) };
        return resolved;
      }),
    },
  });
  for (const id of data.footnotes.keys()) {
    if (!data.usedFootnotes.has(id)) {
      diagnostics.push({
        ...error('content/footnote-unused', `footnote "${id}" is defined but never referenced`, {
          file: sources.submission.path,
          ...sources.submission.locate(['footnotes', id]),
          field: `footnotes.${id}`,
        }),
        severity: 'warning',
      });
    }
  }
  return view;
}

export type View = ReturnType<typeof buildView>;

function missingLanguage(source: SourceFile, path: (string | number)[], lang: string, given: string[]): Diagnostic {
  return error('content/missing-language', `no text in ${lang} (this field has ${given.join(', ')})`, {
    file: source.path,
    ...source.locate(path),
    field: fieldPath(path),
    suggestion: `add "${lang}: …" to this field, or take ${lang} out of the submission's languages`,
  });
}

/**
 * The prototype of every object templates see: no string-keyed properties at all,
 * only a way to print itself (Handlebars puts the object in its error messages).
 */
const contentPrototype = Object.freeze(Object.create(null, { [Symbol.toPrimitive]: { value: () => 'the content' } }));

/**
 * Copies plain objects onto a prototype without properties. Handlebars already
 * refuses to read inherited properties, but in strict mode `{{profile.constructor}}`
 * would then render as an empty string; this way it is a "not a field" error.
 */
function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutPrototypes) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const bare = Object.create(contentPrototype) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) bare[key] = withoutPrototypes(item);
  return bare as T;
}

/** A list's items, nested lists flattened after the item they belong to, each with its level and style. */
function listItems(
  list: ListValue,
  path: (string | number)[],
  level: number,
  render: (text: Localized<string>, path: (string | number)[]) => unknown,
): { text: unknown; level: number; style: string }[] {
  return list.items.flatMap((item, j) =>
    item instanceof Localized
      ? [{ text: render(item, [...path, 'items', j]), level, style: list.style }]
      : listItems(item.list, [...path, 'items', j, 'list'], level + 1, render),
  );
}
