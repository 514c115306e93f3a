import { citation, type Kind, type Limit, type StatusOrNone, type Variant } from './kind.js';

/** A kind's rules in words, for `dossier kinds` and the comments `dossier init` writes. */

const whoShort: Record<string, string> = {
  single: 'one organisation',
  joint: 'joint submission',
  general: 'general consultative status',
  special: 'special consultative status',
  roster: 'Roster',
};

function describeLimit(limit: Limit, unit: string): string {
  if (limit.all !== undefined) return `at most ${limit.all.toLocaleString('en')} ${unit}`;
  return `at most ${Object.entries(limit)
    .map(([who, max]) => `${max.toLocaleString('en')} ${unit} (${whoShort[who]})`)
    .join(', ')}`;
}

/** One line: which submissions, and their limits and form. */
export function describeVariant(variant: Variant): string {
  const when = [
    variant.when.cycles ? `cycle${variant.when.cycles.length > 1 ? 's' : ''} ${variant.when.cycles.join(', ')}` : '',
    variant.when.committees ? variant.when.committees.join(', ') : '',
  ].filter(Boolean);
  const rules = [
    variant.maxWords ? describeLimit(variant.maxWords, 'words') : '',
    variant.maxPages ? describeLimit(variant.maxPages, 'pages') : '',
    variant.languages ? `in ${variant.languages.join(', ')}` : '',
    variant.wordDocument ? 'a Word document' : '',
    variant.numberedParagraphs ? 'numbered paragraphs' : '',
    variant.numberedPages ? 'numbered pages' : '',
    variant.endnotesForReferencesOnly ? 'endnotes for references only' : '',
  ].filter(Boolean);
  return `${variant.name}${when.length ? ` (${when.join('; ')})` : ''}: ${rules.join('; ') || 'no limits'}`;
}

const statusWords: Record<StatusOrNone, string> = { general: 'general', special: 'special', roster: 'Roster', none: 'no status' };

/** A kind in full: what it is, who may submit it, its fields, languages, theme, limits and their sources. */
export function describeKind(kind: Kind): string {
  const statuses = (list: StatusOrNone[]) => (list.length === 4 ? 'any organisation, with or without ECOSOC status' : `ECOSOC status ${list.map((s) => statusWords[s]).join(', ')}`);
  const lines = [
    `${kind.kind}: ${kind.name}`,
    `  ${kind.description}`,
    `  submitted by: ${statuses(kind.ecosoc.submitter)}; co-signed by: ${statuses(kind.ecosoc.coSigners)}${kind.ecosoc.order === 'by-status' ? ' (listed by status: general, special, Roster)' : ''}`,
    `  languages: ${kind.languages?.join(', ') ?? 'any'}`,
    `  required: ${Object.keys(kind.required).join(', ') || 'nothing beyond every submission\'s fields'}`,
    `  theme: ${kind.theme}`,
  ];
  for (const variant of kind.variants) {
    lines.push(`  ${describeVariant(variant)}`);
    for (const id of variant.sources) lines.push(`    source: ${citation(kind.sources[id]!)}`);
  }
  if (!kind.variants.length) lines.push('  limits: none');
  for (const note of kind.notSourced) lines.push(`  not sourced: ${note}`);
  return lines.join('\n');
}
