import { allowedLanguages, variantFor, type Kind } from '../kinds/kind.js';
import { describeVariant } from '../kinds/describe.js';
import { starterText } from './starter-text.js';

/**
 * A text as a YAML scalar: plain where YAML reads it as written (words, spaces, commas),
 * else JSON's double-quoted string, which YAML reads whatever it holds ({{…}}, ": ").
 */
const q = (text: string) => (/^[\p{L}][\p{L}\p{N} ’,.-]*$/u.test(text) ? text : JSON.stringify(text));

/**
 * The starting content `dossier init` writes: a profile and a submission of the kind
 * asked for, every field with a comment saying what it is for, and text that builds
 * as it is. Each file starts with the line that points VS Code's YAML extension
 * (yaml-language-server) at its JSON Schema, for completion and checking as one types.
 */

/** The cycle and committee the starting submissions name: their variant decides the limits and languages. */
export const starterKey = { cycle: 4, committee: 'CCPR' } as const;

export const schemaLine = (schemaUrl: string) => `# yaml-language-server: $schema=${schemaUrl}\n`;

export function starterProfile(schemaUrl: string, lang = 'en'): string {
  const t = starterText(lang);
  return `${schemaLine(schemaUrl)}# The organisation's profile: every fact about it, stated once. The submission's text
# refers to these facts ({{profile.names.full}}, {{profile.founded.year}}…), so a fact
# changed here changes everywhere it is stated.
#
# Text may be one text for every language, or one per language:
#   full: { en: Example Organization, fr: Organisation exemple }

names:
  # The organisation's full name, as registered.
  full: ${q(t.fullName)}
  # The name the text uses after the first mention (optional).
  short: EOHR
  # Its acronym (optional).
  acronym: EOHR
founded:
  # The year it was founded; month: 1-12 may follow (optional).
  year: 2001
# Its legal form and where it is registered.
legalStatus: ${q(t.legalStatus)}
# Consultative status with the UN Economic and Social Council (ECOSOC): general, special
# or roster, and the year it was granted. Delete these three lines for an organisation
# without consultative status: it may then co-sign a Human Rights Council written
# statement, but not submit one.
ecosoc:
  status: special
  admitted: 2010
# Other accreditations (optional), each with the body, the status and the year:
#   - { body: UNEP, status: accredited organization, year: 2015 }
accreditations: []
# What it works on (optional).
fieldsOfWork:
  - ${q(t.fieldsOfWork[0])}
  - ${q(t.fieldsOfWork[1])}
membership:
  # How many member organisations (or groups) it has.
  memberUnits: 12
  # Optional: memberUnitsWithEcosocStatus, individualCouncilMembers,
  # speciallyInvitedMembers, countries (how many countries its members work in).
# Its governing bodies (optional): supreme, executive, standing, secretariat.
#   governingBodies: { supreme: General Assembly, executive: Board }
# Its offices elsewhere (optional).
branchOffices: []
# A paragraph introducing the organisation, shown before the text where the kind shows
# the profile. It may refer to the facts above.
introduction: >-
  ${t.introduction}
# Who the UN can reach about a submission: the online submission forms ask for it, and
# UPR and treaty-body submissions print it. name, email and telephone; address and
# website are optional.
contact:
  name: ${q(t.contactName)}
  email: contact@example.org
  telephone: "+41 22 000 00 00"
  address: ${q(t.address)}
  website: https://example.org
`;
}

export interface StarterOptions {
  kind: Kind;
  lang: string;
  schemaUrl: string;
  /** The document's date, YYYY-MM-DD. */
  date: string;
  /** The treaty body (treaty-body reports; default CCPR). */
  committee?: string;
}

export function starterSubmission({ kind, lang, schemaUrl, date, committee = starterKey.committee }: StarterOptions): string {
  const t = starterText(lang);
  const year = Number(date.slice(0, 4));
  const why = (field: string) => (kind.required[field as keyof Kind['required']] ? ` Required: ${kind.required[field as keyof Kind['required']]}.` : '');
  const limits = kind.variants.map((v) => `#   ${describeVariant(v)}`).join('\n');
  const fields: Record<Kind['kind'], string> = {
    'upr-stakeholder': `# Who it is addressed to.
addressee: OHCHR
# The State whose Universal Periodic Review this submission is for.${why('stateUnderReview')}
stateUnderReview: ${q(t.stateUnderReview)}
# The review: its cycle (1-10; the limits differ by cycle), the year of the review and
# (optional) the session of the UPR Working Group.${why('review')}
review:
  cycle: ${starterKey.cycle}
  year: ${year}
`,
    'hrc-written-statement': `# Who it is addressed to.
addressee: Human Rights Council
# The number of the Council's session the statement is for.${why('session')}
session: 60
# The item of the Council's agenda (1-10, A/HRC/RES/5/1): 4 is "Human rights situations
# that require the Council's attention".${why('agendaItem')}
agendaItem: 4
# How it is set: submission (as OHCHR asks NGOs to send it, no UN header) or as-issued
# (as the Secretariat issues it, with the masthead); --layout overrides it.
layout: submission
# The document symbol, once the Secretariat has given one (as-issued layout):
#   symbol: A/HRC/60/NGO/12
`,
    'treaty-body-report': `# Who it is addressed to (optional): the committee's name unless given.
#   addressee: …
# The treaty body: CCPR (Human Rights Committee), CESCR, CERD, CEDAW, CAT, CRC, CMW,
# CRPD or CED.${why('committee')}
committee: ${committee}
# The State party whose report the committee reviews.${why('stateUnderReview')}
stateUnderReview: ${q(t.stateParty)}
# What it is: alternative-report, or list-of-issues (a submission for the list of issues).
reportType: alternative-report
# The committee's session (optional):
#   session: 140
`,
    report: `# Who it is addressed to (a UN body, a donor, the public).
addressee: Human Rights Council
`,
  };
  const languages = allowedLanguages(kind, variantFor(kind, { ...starterKey, committee }));
  const allowed = languages ? ` These are accepted in ${languages.join(', ')}.` : '';
  return `${schemaLine(schemaUrl)}# ${kind.name}: ${kind.description}
${limits ? `# Its limits (\`dossier kinds\` shows their sources; \`dossier check .\` counts):\n${limits}\n` : '# No UN limits apply to it.\n'}#
# \`dossier check <this folder>\` validates without writing; \`dossier build <this folder>\`
# writes the PDF and the Word document.

# The kind of submission: upr-stakeholder, hrc-written-statement, treaty-body-report or
# report. Its rules, theme and required fields are in Dossier's kinds/${kind.kind}.yaml.
kind: ${kind.kind}
${fields[kind.kind]}# The languages the documents are made in, the main one first: one tag, or a list.
# A text given per language must have each of them; each language gets its own PDF
# and DOCX.${allowed}
languages: [${lang}]
# The document's date (YYYY-MM-DD): the only date written into the PDF and DOCX.
date: ${date}
# Organisations that sign with this one (a joint submission), in any order${kind.ecosoc.order === 'by-status' ? ': the document lists them by ECOSOC status' : ''}.
# Each is a folder holding a profile.yaml like this folder's, or a profile .yaml file,
# inside this folder:
#   coSigners: [partners/first-ngo, partners/second-ngo.yaml]
coSigners: []
# The title. Like all text, it may refer to the profile's facts.
title: ${q(t.title)}
# What the document is about, for its metadata (optional; the title by default).
subject: ${kind.name}
# Keywords for the PDF and DOCX metadata (optional).
keywords: []
# The text: a list of
#   - paragraph: …   numbered by the document where the kind's guidelines ask (numbered: true/false
#                    overrides it); write the text only; restartNumbering: true starts at 1
#   - heading: …     a heading (level: 1-3)
#   - list:, quote:, table:   as shown below
#   - pageBreak: true
# In text: {{#strong}}bold{{/strong}}, {{#em}}emphasis{{/em}}, {{#lang "fr"}}a run in French{{/lang}},
# {{#sup}}e{{/sup}} raised, {{br}} a line break, {{footnote "id"}} for a note defined under footnotes: below.
body:
  - heading: ${q(t.heading)}
  - paragraph: >-
      ${t.paragraphs[0]}
  - paragraph: >-
      ${t.paragraphs[1]}
  - paragraph: ${q(t.recommends)}
  # A list (style: bullet, "1.", "(a)", "(i)" or "a)"); after a numbered paragraph it belongs to it, and a nested list to the item before it.
  - list:
      style: "(a)"
      items:
        - ${q(t.recommendations[0])}
        - ${q(t.recommendations[1])}
        - list: { style: "(i)", items: [${q(t.details[0])}, ${q(t.details[1])}] }
  # A block quotation, with its source (optional).
  - quote: ${q(t.quote)}
    source: ${q(t.quoteSource)}
  # A table: a caption (optional), the header cells (a column's width in percent: { header: …, width: 60 }), rows of cells.
  - table:
      caption: ${q(t.table.caption)}
      columns: [${t.table.columns.map(q).join(', ')}]
      rows:
        - [${t.table.rows[0].map(q).join(', ')}]
        - [${t.table.rows[1].map(q).join(', ')}]
  # A link: {{#link "https://…"}}its text{{/link}}; an https:// address or an e-mail address links itself.
  - paragraph: ${q(t.linked)}
  # An unnumbered paragraph (numbered: false), with a line break ({{br}}).
  - paragraph: ${q(t.contact)}
    numbered: false
# Notes, by id, referenced from the text with {{footnote "id"}} (optional):
#   footnotes:
#     report2024: Annual report 2024, p. 12.
footnotes: {}
`;
}
