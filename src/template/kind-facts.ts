import type { Content } from '../content/load.js';
import type { Layout } from '../model/schema.js';
import { sessionOrdinal } from '../kinds/ordinals.js';
import { fill, type Catalogue } from './catalogue.js';

/**
 * The facts a kind requires, in the document's language, for the templates to print
 * (issue 24): an HRC statement's session block ("Human Rights Council / Fifty-eighth
 * session / Agenda item 4 / <its title>") and, in the as-issued layout, the masthead,
 * the circulation sentence and the asterisk note; a UPR submission's State under
 * review, cycle and session; a treaty-body report's committee, State party and type;
 * the organisation's contact. Each text is plain: the templates escape it.
 */
export interface KindFacts {
  layout: Layout;
  asIssued: boolean;
  /** "A/HRC/58/NGO/12", or a placeholder that says it is one. */
  symbol: string;
  masthead: { un: string; body: string; distribution: string; date: string; original: string } | null;
  /** The HRC session block, line by line; empty for other kinds. */
  sessionBlock: string[];
  /** The as-issued layout's sentence after "submitted by", and its note on "Written statement*". */
  circulated: string;
  issuedAsReceived: string;
  /** The mark of the title's note (co-signers without status): "*", or "**" after the as-issued "*". */
  titleMark: string;
  /** "State under review: …", each a label and its value, and the field it prints (for the block's source). */
  fields: { label: string; value: string; root: 'profile' | 'submission'; path: string }[];
  /** Who it is addressed to: as given, else the committee's name, else the kind's body. */
  addressee: string;
}

/** The document's date as UN documents in the language write it: "4 March 2013", "4 mars 2013", "4 de marzo de 2013". */
export function longDate(iso: string, lang: string): string {
  const locale = lang === 'en' ? 'en-GB' : lang;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** A session in words in `lang` ("Fifty-eighth session"), by the catalogue's format; the number where there is no ordinal. */
export function sessionWords(n: number, lang: string, catalogue: Catalogue, key = 'session.format'): string {
  return fill(catalogue.get(key) ?? '{ordinal}', { ordinal: sessionOrdinal(n, lang) ?? String(n) });
}

export function kindFacts(content: Content, lang: string, catalogue: Catalogue, text: (value: unknown, root: 'profile' | 'submission', path: (string | number)[]) => string): KindFacts {
  const { kind, model } = content;
  const submission = model.submission;
  const word = (key: string, values: Record<string, unknown> = {}) => fill(catalogue.get(key) ?? '', values);
  const layout: Layout = submission.layout ?? 'submission';
  const asIssued = layout === 'as-issued';
  const hrc = kind.kind === 'hrc-written-statement';
  const session = submission.session;
  const item = submission.agendaItem;

  const sessionBlock = hrc
    ? [
        word('hrc.council'),
        ...(session !== undefined ? [sessionWords(session, lang, catalogue)] : []),
        ...(item !== undefined ? [word('hrc.agendaItem', { item }), word(`hrc.agenda.${item}`)] : []),
      ].filter(Boolean)
    : [];

  const committeeName = submission.committee ? word(`committee.${submission.committee}`) : '';
  const addressee = submission.addressee ? text(submission.addressee, 'submission', ['addressee']) : committeeName || (hrc ? word('hrc.council') : '');

  const fields: KindFacts['fields'] = [];
  const field = (labelKey: string, value: string, path: string, root: 'profile' | 'submission' = 'submission') =>
    value && fields.push({ label: word(labelKey), value, root, path });
  if (kind.kind === 'upr-stakeholder' || kind.kind === 'treaty-body-report') {
    if (submission.addressee) field('facts.addressee', addressee, 'addressee');
    if (kind.kind === 'treaty-body-report') {
      field('facts.committee', committeeName, 'committee');
      if (submission.stateUnderReview) field('facts.stateParty', text(submission.stateUnderReview, 'submission', ['stateUnderReview']), 'stateUnderReview');
      if (submission.session !== undefined) field('facts.session', sessionWords(submission.session, lang, catalogue), 'session');
      if (submission.reportType) field('facts.reportType', word(`facts.reportTypes.${submission.reportType}`), 'reportType');
    } else {
      if (submission.stateUnderReview) field('facts.stateUnderReview', text(submission.stateUnderReview, 'submission', ['stateUnderReview']), 'stateUnderReview');
      const review = submission.review;
      if (review) {
        const cycle = word('facts.reviewValue', { cycle: review.cycle, year: review.year });
        const uprSession = review.session !== undefined ? sessionWords(review.session, lang, catalogue, 'session.ofWorkingGroup') : '';
        field('facts.review', [cycle, uprSession].filter(Boolean).join(lang.startsWith('zh') ? '，' : lang === 'ar' ? '، ' : ', '), 'review');
      }
    }
  }
  const contact = model.profile.contact;
  // The as-issued statement is the Secretariat's document: the contact is for the form, not its page.
  if (contact && kind.kind !== 'report' && !asIssued) {
    const parts = [
      text(contact.name, 'profile', ['contact', 'name']),
      contact.email,
      contact.telephone,
      contact.address ? text(contact.address, 'profile', ['contact', 'address']) : '',
      contact.website ?? '',
    ].filter(Boolean);
    field('facts.contact', parts.join(lang.startsWith('zh') ? '，' : lang === 'ar' ? '، ' : ', '), 'contact', 'profile');
  }

  return {
    layout,
    asIssued,
    symbol: submission.symbol ?? word('hrc.symbolPlaceholder', { session: session ?? '…' }),
    masthead:
      hrc && asIssued
        ? { un: word('hrc.un'), body: word('hrc.body'), distribution: word('hrc.distribution'), date: longDate(submission.date, lang), original: word('hrc.original') }
        : null,
    sessionBlock,
    circulated: hrc && asIssued ? word('hrc.circulated') : '',
    issuedAsReceived: hrc && asIssued ? word('hrc.issuedAsReceived') : '',
    titleMark: hrc && asIssued ? '**' : '*',
    fields,
    addressee,
  };
}
