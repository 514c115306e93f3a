import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { append } from '../append.js';
import { error, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { fallbackChain } from '../model/localized.js';
import type { SourceFile } from '../model/source.js';
import { sourceOf } from '../model/yaml-file.js';
import { displayPath } from '../paths.js';

/**
 * The wording of one language: every fixed word the document templates print (profile
 * labels, status phrases, the page label, the numbering format), from
 * `templates/locales/<tag>.yaml`. A language takes each entry from the most specific
 * catalogue that has it, along its fallback chain (zh-Hant-TW, zh-Hant, zh).
 */
export interface Catalogue {
  lang: string;
  /** The catalogues looked in, most specific first (their tags). */
  chain: string[];
  /** The wording of `key` ("profile.relationship"), or undefined. */
  get(key: string): string | undefined;
}

/**
 * `languageAt` is where the content names the language: a language without wording
 * is a mistake in the content, reported on that line.
 */
export async function loadCatalogue(templatesDir: string, lang: string, languageAt: Pick<Diagnostic, 'file' | 'line' | 'column' | 'field'> = {}): Promise<Catalogue> {
  const diagnostics: Diagnostic[] = [];
  const entries: { tag: string; words: Map<string, string> }[] = [];
  for (const tag of fallbackChain(lang)) {
    const path = join(templatesDir, 'locales', `${tag}.yaml`);
    if (!(await access(path).then(() => true, () => false))) continue;
    const source = sourceOf(displayPath(path), await readFile(path, 'utf8'));
    append(diagnostics, source.syntaxErrors());
    append(diagnostics, source.controlCharacters('template/control-character'));
    const words = new Map<string, string>();
    flatten(source.data, [], words, source, diagnostics);
    entries.push({ tag, words });
  }
  if (!entries.length) {
    const known = (await readdir(join(templatesDir, 'locales')).catch(() => [] as string[])).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
    diagnostics.push(
      error('template/catalogue', `no wording for language "${lang}": no catalogue in ${displayPath(join(templatesDir, 'locales'))} for ${fallbackChain(lang).join(', ')}`, {
        field: 'languages',
        ...languageAt,
        suggestion: `catalogues exist for: ${known.join(', ')}; add one for "${lang}" (copy locales/en.yaml and translate it)`,
      }),
    );
  }
  throwIfErrors(diagnostics);
  return {
    lang,
    chain: entries.map((e) => e.tag),
    get: (key) => entries.find((e) => e.words.has(key))?.words.get(key),
  };
}

/** Nested entries as dotted keys: profile.status.general. */
function flatten(value: unknown, path: string[], out: Map<string, string>, source: SourceFile, diagnostics: Diagnostic[]): void {
  if (typeof value === 'string') out.set(path.join('.'), value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) flatten(item, [...path, key], out, source, diagnostics);
  } else if (value !== undefined && value !== null) {
    diagnostics.push(error('template/catalogue', 'a catalogue entry must be text', { file: source.path, ...source.locate(path), field: path.join('.') }));
  }
}

/** An entry with its {name} placeholders filled in. */
export function fill(wording: string, values: Record<string, unknown>): string {
  // Own values only: a catalogue's {constructor} is text to keep, not Object's constructor.
  return wording.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}
