import type { Content } from '../content/load.js';
import { statusOf } from '../kinds/requirements.js';
import { listedOrganisations } from '../kinds/organisations.js';
import type { Counts } from './submission-rules.js';

/**
 * What the UN body's online submission form asks for (OHCHR's forms for HRC written
 * statements, UPR and treaty-body submissions: title, word count, organisations with
 * their status, languages, contact), one "Field: value" line each, ready to copy.
 * Text is given in the submission's main language; the title as the document has it
 * (its template filled in).
 */
export function formFields(content: Content, counts: Counts, title: string): string {
  const { model, kind, coSigners, sources } = content;
  const lang = model.submission.languages[0]!;
  const inLang = (value: unknown) => {
    if (value && typeof value === 'object' && 'in' in value) return (value as { in(l: string): { text: string } | undefined }).in(lang)?.text ?? '';
    return String(value ?? '');
  };
  const all = [{ profile: model.profile, source: sources.profile }, ...coSigners.map(({ profile, source }) => ({ profile, source }))];
  const { listed, footnoted } = listedOrganisations(kind, all);
  const status = { general: 'general consultative status', special: 'special consultative status', roster: 'Roster', none: 'no consultative status' } as const;
  const submission = model.submission;
  const contact = model.profile.contact;
  const lines: [string, string | undefined][] = [
    ['Title', title],
    ['Word count', counts.words.toLocaleString('en')],
    ['Organisations', [...listed, ...footnoted].map((o) => `${inLang(o.profile.names.full)} (${status[statusOf(o.profile)]})`).join('; ')],
    ['Languages', submission.languages.map((l) => new Intl.DisplayNames(['en'], { type: 'language' }).of(l) ?? l).join(', ')],
    ['Session', submission.session?.toString()],
    ['Agenda item', submission.agendaItem?.toString()],
    ['State under review', submission.stateUnderReview ? inLang(submission.stateUnderReview) : undefined],
    ['UPR cycle', submission.review ? `${submission.review.cycle} (${submission.review.year})` : undefined],
    ['Committee', submission.committee],
    ['Contact', contact ? [inLang(contact.name), contact.email, contact.telephone, contact.address && inLang(contact.address), contact.website].filter(Boolean).join(', ') : 'none given (add contact: to profile.yaml)'],
  ];
  return `submission form:\n${lines.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`;
}
