import { listedOrganisations } from '../kinds/organisations.js';
import type { Content } from '../content/load.js';
import type { SourceFile } from '../model/source.js';
import { fill, type Catalogue } from './catalogue.js';

/**
 * Who submits, in the document's language: "Joint written statement submitted by A, a
 * non-governmental organization in general consultative status, and B, …", and the
 * footnote to the title that names co-signers without consultative status. The
 * organisations are ordered as the kind requires; the wording comes from the
 * catalogue (submittedBy.*), names from each organisation's own profile.
 */
export function organisationLines(
  content: Content,
  lang: string,
  catalogue: Catalogue | undefined,
  nameIn: (name: unknown, source: SourceFile, path: (string | number)[]) => string,
): { submittedBy: string; submittedByParts: [string, string]; withoutStatus: string } {
  const { kind, coSigners, sources, model } = content;
  const shown = kind.document.submittedBy === 'always' || coSigners.length > 0;
  if (!shown || !catalogue) return { submittedBy: '', submittedByParts: ['', ''], withoutStatus: '' };
  const all = [{ profile: model.profile, source: sources.profile }, ...coSigners.map(({ profile, source }) => ({ profile, source }))];
  const { listed, footnoted } = listedOrganisations(kind, all);
  const word = (key: string) => catalogue.get(`submittedBy.${key}`) ?? `{${key}}`;
  const list = (names: string[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(names);
  const nameOf = (o: (typeof listed)[number]) => nameIn(o.profile.names.full, o.source, ['names', 'full']);
  const withStatus = kind.document.wording === 'statement';
  const entries = listed.map((o) => (withStatus && o.status !== 'none' ? fill(word('entry'), { name: nameOf(o), status: word(`status.${o.status}`) }) : nameOf(o)));
  const joint = all.length > 1 ? 'joint' : 'single';
  // {mark} is where the as-issued layout's note ("Written statement*") stands: the line in two parts around it.
  const [before = '', after = ''] = word(`${kind.document.wording}.${joint}`).split('{mark}').map((part) => fill(part, { organisations: list(entries) }));
  return {
    submittedBy: before + after,
    submittedByParts: [before, after],
    withoutStatus: footnoted.length ? fill(word('withoutStatus'), { organisations: list(footnoted.map(nameOf)) }) : '',
  };
}
