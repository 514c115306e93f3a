import type { Content } from '../model/load.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Env, TemplateData } from './environment.js';
import { renderContentText, type ContentTemplate } from './content-text.js';

/**
 * What the document templates see: the model's facts as they are (Handlebars escapes
 * them when they are inserted) and every content template already rendered to
 * markup (SafeStrings, inserted as they are).
 */
export function buildView(env: Env, content: Content, diagnostics: Diagnostic[]) {
  const { sources } = content;
  const model = withoutPrototypes(content.model);
  const data: TemplateData = { footnotes: new Map(), usedFootnotes: new Set() };
  const render = (field: ContentTemplate) => new env.SafeString(renderContentText(env, field, model, data, diagnostics));

  // Footnotes first: paragraphs pull them in with {{footnote "id"}}.
  for (const [id, text] of Object.entries(model.submission.footnotes)) {
    data.footnotes.set(id, render({ text, source: sources.submission, path: ['footnotes', id] }).toString());
  }
  // Numbered paragraphs count on in one list until an entry asks to restart.
  let list = 1;
  const view = withoutPrototypes({
    profile: {
      ...model.profile,
      introduction: render({ text: model.profile.introduction, source: sources.profile, path: ['introduction'] }),
    },
    submission: {
      ...model.submission,
      title: render({ text: model.submission.title, source: sources.submission, path: ['title'] }),
      body: model.submission.body.map((entry, i) => {
        if ('paragraph' in entry) {
          if (entry.restartNumbering && i > 0) list++;
          return { ...entry, list: `list-${list}`, paragraph: render({ text: entry.paragraph, source: sources.submission, path: ['body', i, 'paragraph'] }) };
        }
        if ('heading' in entry) {
          return { ...entry, heading: render({ text: entry.heading, source: sources.submission, path: ['body', i, 'heading'] }) };
        }
        return entry;
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
