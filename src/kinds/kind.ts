import { append } from '../append.js';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { error, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, notFound, readConfined } from '../files/confined.js';
import { onlyInside } from '../files/roots.js';
import { ecosocStatuses, languageTag, layouts, requirableFields, submissionKinds, treatyBodies } from '../model/schema.js';
import { at, parseYaml, validate } from '../model/yaml-file.js';
import { displayPath, kindsRoot } from '../paths.js';

/**
 * A kind of submission, as data (kinds/<kind>.yaml): who may submit it, in which
 * languages, which fields it needs, the theme it is set in, and its limits per
 * variant (a UPR cycle, a treaty body), each variant citing the documents its
 * figures come from. A limit no document states is not in the file.
 */

/** An organisation's ECOSOC status, or `none` for one without consultative status. */
export const statusOrNone = z.enum([...ecosocStatuses, 'none']);
export type StatusOrNone = z.infer<typeof statusOrNone>;

const source = z
  .strictObject({
    /** Who issued it: OHCHR, ECOSOC, the Human Rights Council. */
    by: z.string().min(1),
    title: z.string().min(1),
    /** When it was issued or adopted, as precisely as known: 1996-07-25, 2017. */
    date: z.string().min(1),
    /** Its symbol, for a UN document: E/RES/1996/31. */
    symbol: z.string().optional(),
    url: z.url().optional(),
    /** Where a URL could not be checked: "URL to be confirmed: " and where to find the document. */
    urlToConfirm: z.string().optional(),
    /** What it says, where the file's figures rest on it: the passage, in brief. */
    says: z.string().optional(),
  })
  .refine((s) => s.url !== undefined || s.urlToConfirm !== undefined, 'give the url, or urlToConfirm saying where to find the document');

const count = z.number().int().positive();
/**
 * A limit for every submission ({ all }), for one organisation's and a joint one's
 * ({ single, joint }), or by the ECOSOC status of the organisation that submits
 * ({ general, special, roster }). One group of fields, not a union: a mistake in it
 * is then reported as what it is.
 */
const limit = z.strictObject({
  all: count.optional(),
  single: count.optional(),
  joint: count.optional(),
  general: count.optional(),
  special: count.optional(),
  roster: count.optional(),
});
export type Limit = z.infer<typeof limit>;
/** The ways a limit may be given: its fields, each way. */
export const limitShapes = [['all'], ['single', 'joint'], ['general', 'special', 'roster']] as const;

const variant = z.strictObject({
  name: z.string().min(1),
  /** Which submissions this variant is for; without `when`, every one. The first variant that fits applies. */
  when: z.strictObject({ cycles: z.array(z.number().int()).optional(), committees: z.array(z.enum(treatyBodies)).optional() }).default({}),
  /** How messages name it ("UPR cycle {cycle}"); the kind's label by default. */
  label: z.string().optional(),
  /** Ids of the kind's sources its rules come from. */
  sources: z.array(z.string()).min(1, 'a variant cites at least one source'),
  maxWords: limit.optional(),
  maxPages: limit.optional(),
  /** Languages a submission may be in, where they differ from the kind's. */
  languages: z.array(languageTag).optional(),
  wordDocument: z.boolean().default(false),
  numberedParagraphs: z.boolean().default(false),
  numberedPages: z.boolean().default(false),
  /** Notes are endnotes, used for references only: Dossier sets footnotes, and says so. */
  endnotesForReferencesOnly: z.boolean().default(false),
});
export type Variant = z.infer<typeof variant>;

export const kindSchema = z.strictObject({
  kind: z.enum(submissionKinds),
  /** What a user calls it. */
  name: z.string().min(1),
  description: z.string().min(1),
  /** How messages name it: "the limit … in {label}"; {cycle} and {committee} are filled in. */
  label: z.string().min(1),
  /** The theme it is set in when the content folder has no theme.yaml and none is named. */
  theme: z.string().default('un'),
  /** Languages a submission may be in; every language when left out. */
  languages: z.array(languageTag).optional(),
  /** Submission fields it cannot do without, each with why (shown in the error and by `dossier init`). */
  required: z.partialRecord(z.enum(requirableFields), z.string()).default({}),
  ecosoc: z.strictObject({
    /** The statuses the submitting organisation (profile.yaml) may have. */
    submitter: z.array(statusOrNone).min(1),
    /** The statuses a co-signer may have. */
    coSigners: z.array(statusOrNone).min(1),
    /** as-given: the organisations in the content's order; by-status: general, special, roster, then those without. */
    order: z.enum(['as-given', 'by-status']).default('as-given'),
    /** Organisations without status: listed with the others, or named in a footnote to the title. */
    withoutStatus: z.enum(['listed', 'footnote']).default('listed'),
  }),
  /** What the document shows besides the submission. */
  document: z
    .strictObject({
      /** The organisation's profile (status, introduction) before the text. */
      profile: z.boolean().default(true),
      /** The line naming who submits it: for joint submissions only, or always (a statement's "submitted by"). */
      submittedBy: z.enum(['joint', 'always']).default('joint'),
      /** Its wording in the catalogues: submittedBy.<wording>.single / .joint. */
      wording: z.enum(['submission', 'statement']).default('submission'),
      /** Whether its paragraphs are numbered unless the submission says (`numbered:`); without it, as the theme says (content/numbered.ts). */
      numbered: z.boolean().optional(),
      /** The layouts a submission may ask for (`layout:`, `--layout`); the first is the default. */
      layouts: z.array(z.enum(layouts)).min(1).default(['submission']),
    })
    .default({ profile: true, submittedBy: 'joint', wording: 'submission', layouts: ['submission'] }),
  sources: z.record(z.string().regex(/^[a-z0-9-]+$/), source).default({}),
  variants: z.array(variant).default([]),
  /** Limits and requirements a user may expect here but no document at hand states: said so, not guessed. */
  notSourced: z.array(z.string()).default([]),
});
export type Kind = z.infer<typeof kindSchema>;
export type Source = Kind['sources'][string];

const cache = new Map<string, Promise<Kind>>();

/** The kind's file, read and checked: each mistake located in it. Read once per folder. */
export function loadKind(name: string, dir = kindsRoot): Promise<Kind> {
  const key = `${dir}\0${name}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = readKind(name, dir);
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

/** Forgets the kind files read (watch mode: one may have been edited). */
export function forgetKinds(): void {
  cache.clear();
}

async function readKind(name: string, dir: string): Promise<Kind> {
  const path = join(dir, `${name}.yaml`);
  const rules = { roots: await onlyInside(dir), what: 'kind file', scope: 'kinds', maxBytes: maxTextBytes };
  const bytes = await readConfined(path, rules);
  if (!bytes) throw notFound(path, rules);
  const diagnostics: Diagnostic[] = [];
  const source = parseYaml(displayPath(path), bytes, diagnostics);
  // A kind's names and citations are printed (`dossier kinds`, the rules' messages).
  if (source) append(diagnostics, source.controlCharacters('kinds/control-character'));
  throwIfErrors(diagnostics);
  const kind = validate(kindSchema, source!.data ?? {}, () => source!, diagnostics);
  throwIfErrors(diagnostics);
  if (kind!.kind !== name) diagnostics.push(error('kinds/name', `the file for kind "${name}" says kind: ${kind!.kind}`, at(source!, ['kind'])));
  kind!.variants.forEach((v, i) => {
    for (const name of ['maxWords', 'maxPages'] as const) {
      const given = Object.keys(v[name] ?? {}).sort();
      if (v[name] === undefined || limitShapes.some((shape) => [...shape].sort().join() === given.join())) continue;
      diagnostics.push(
        error('kinds/limit', `a limit gives ${limitShapes.map((shape) => `{ ${shape.join(', ')} }`).join(', or ')}; this one gives { ${given.join(', ')} }`, at(source!, ['variants', i, name])),
      );
    }
    v.sources.forEach((id, j) => {
      if (!Object.hasOwn(kind!.sources, id)) {
        diagnostics.push(
          error('kinds/unknown-source', `source "${id}" is not among the file's sources`, {
            ...at(source!, ['variants', i, 'sources', j]),
            suggestion: `sources: ${Object.keys(kind!.sources).join(', ')}`,
          }),
        );
      }
    });
  });
  throwIfErrors(diagnostics);
  return kind!;
}

/** Every kind there is a file for, in the order of `submissionKinds`. */
export async function loadKinds(dir = kindsRoot): Promise<Kind[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
  const order = (name: string) => ((submissionKinds as readonly string[]).indexOf(name) + 1 || Infinity);
  return Promise.all(files.sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((name) => loadKind(name, dir)));
}

/** What picks a variant: the review cycle and the committee. */
export interface VariantKey {
  cycle?: number;
  committee?: string;
}

/** The first variant that fits the submission, if any (a cycle no file covers has no limits). */
export function variantFor(kind: Kind, key: VariantKey): Variant | undefined {
  return kind.variants.find(
    ({ when }) =>
      (when.cycles === undefined || (key.cycle !== undefined && when.cycles.includes(key.cycle))) &&
      (when.committees === undefined || (key.committee !== undefined && (when.committees as string[]).includes(key.committee))),
  );
}

/** The languages a submission of this kind (and variant) may be in; undefined for any. */
export function allowedLanguages(kind: Kind, variant: Variant | undefined): string[] | undefined {
  return variant?.languages ?? kind.languages;
}

/** Who accepts only some languages, for messages: "Human Rights Council written statements", "Alternative reports to the Human Rights Committee". */
export function whoRestrictsLanguages(kind: Kind, variant: Variant | undefined, key: VariantKey): string {
  if (!variant?.languages) return `${kind.name}s`;
  const label = labelOf(kind, variant, key);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A variant's label with the submission's cycle and committee filled in. */
export function labelOf(kind: Kind, variant: Variant | undefined, key: VariantKey): string {
  const label = variant?.label ?? kind.label;
  return label.replace('{cycle}', String(key.cycle ?? '')).replace('{committee}', key.committee ?? '');
}

/** A source as one line: who, title, date, symbol and where to find it. */
export function citation(source: Source): string {
  const where = source.url ?? source.urlToConfirm;
  return `${source.by}, "${source.title}"${source.symbol ? ` (${source.symbol})` : ''}, ${source.date}, ${where}`;
}
