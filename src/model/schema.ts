import { z } from 'zod';
import { Localized } from './localized.js';

/**
 * The content model. Every fact about the organisation lives once, in the profile;
 * text fields marked "template" are Handlebars templates that may reference those
 * facts (`{{profile.membership.memberUnits}}`), so a fact changed in one place
 * changes everywhere it is stated.
 */

const year = z.number().int().min(1900).max(2200);
/**
 * The days a document may be dated: the DOCX is a zip, whose entries carry MS-DOS dates
 * (1980 to 2107), and a date past 2099 is a typo. Compared as text: ISO dates sort as days do.
 */
export const firstDocumentDate = '1980-01-01';
export const lastDocumentDate = '2099-12-31';
const documentDate = z.iso
  .date()
  .refine((day) => day >= firstDocumentDate && day <= lastDocumentDate, `must be a day from ${firstDocumentDate} to ${lastDocumentDate}`);
/** Free text that is rendered as a Handlebars template over the whole model. */
const templateText = z.string().trim().min(1, 'must not be empty');
const name = z.string().trim().min(1, 'must not be empty');

/** A BCP 47 language tag: zh-CN, zh-Hant, en, fr, es, ru, ar. */
export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as zh-CN or en');

/**
 * Text that may differ by language: one string for every language, or a map from
 * language tags to text (`{ en: …, fr: … }`). Facts (years, counts, statuses) are not:
 * they are stated once for all languages.
 */
const localized = (text: z.ZodString) =>
  z.union([text, z.record(languageTag, text)]).transform((value) => new Localized<string>(value));
const localizedName = localized(name);
const localizedTemplate = localized(templateText);

export const ecosocStatuses = ['general', 'special', 'roster'] as const;

export const profileSchema = z.strictObject({
  names: z.strictObject({
    /** The organisation's full name. */
    full: localizedName.describe("The organisation's full name, as registered."),
    /** The short name the text uses after the first mention (中促会). */
    short: localizedName.optional().describe('The name the text uses after the first mention.'),
    acronym: localizedName.optional(),
  }),
  founded: z.strictObject({
    year,
    month: z.number().int().min(1).max(12).optional(),
  }),
  legalStatus: localizedName.describe('Its legal form and where it is registered.'),
  /** Consultative status with ECOSOC; leave it out for an organisation without one. */
  ecosoc: z
    .strictObject({
      status: z.enum(ecosocStatuses),
      admitted: year,
    })
    .optional()
    .describe('Consultative status with ECOSOC (general, special or roster) and the year granted; left out for an organisation without one.'),
  accreditations: z
    .array(
      z.strictObject({
        body: localizedName,
        status: localizedName,
        year,
      }),
    )
    .default([]),
  fieldsOfWork: z.array(localizedName).default([]),
  membership: z.strictObject({
    memberUnits: z.number().int().nonnegative(),
    memberUnitsWithEcosocStatus: z.number().int().nonnegative().optional(),
    individualCouncilMembers: z.number().int().nonnegative().optional(),
    speciallyInvitedMembers: z.number().int().nonnegative().optional(),
    /** Countries the members work in. */
    countries: z.number().int().positive().optional(),
  }),
  governingBodies: z
    .strictObject({
      supreme: localizedName,
      executive: localizedName.optional(),
      standing: localizedName.optional(),
      secretariat: localizedName.optional(),
    })
    .optional(),
  branchOffices: z.array(localizedName).default([]),
  /**
   * Who the UN can reach about a submission: the online submission forms (HRC, UPR,
   * treaty bodies) ask for it, and UPR and treaty-body submissions print it.
   */
  contact: z
    .strictObject({
      name: localizedName,
      // Patterns, not zod's email/url formats: the JSON Schema editors use keeps a pattern, and knows no "email" format.
      email: z.string().trim().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address such as info@example.org'),
      telephone: z.string().trim().regex(/^\+?[0-9][0-9 ()./-]{4,}$/, 'must be a telephone number such as +41 22 123 45 67'),
      address: localizedName.optional(),
      website: z.string().trim().regex(/^https?:\/\/[^\s/$.?#][^\s]*$/, 'must be a web address starting with https://').optional(),
    })
    .optional()
    .describe('Who the UN can reach about a submission: name, email, telephone, and optionally address and website.'),
  /** template */
  introduction: localizedTemplate.describe('A paragraph introducing the organisation; it may refer to the facts above: {{profile.names.full}}.'),
});

/** A name for a body entry, unique in the submission (for references and diffs). */
const entryId = z.string().regex(/^[A-Za-z][\w-]*$/, 'must start with a letter and hold only letters, digits, - and _').optional();

/** How a list labels its items: bullets, 1. 2., (a) (b), (i) (ii), a) b). */
export { listStyles } from '../document/tree.js';
import { listStyles } from '../document/tree.js';
/** Lists nest at most this deep (the UN's 1. (a) (i)). */
export const maxListDepth = 3;

export interface ListValue {
  style: (typeof listStyles)[number];
  items: (Localized<string> | { list: ListValue })[];
}
/**
 * A list: its items, each a text or a nested list, which belongs to the item before it
 * (and takes no label of its own). How deep lists nest is checked once, for the whole
 * entry (listDepth), so the error stands at the list that is too deep.
 */
const list: z.ZodType<ListValue, unknown> = z.lazy(() =>
  z.strictObject({
    style: z.enum(listStyles).default('bullet').describe('How the items are labelled: bullet, "1.", "(a)", "(i)" or "a)".'),
    items: z
      .array(z.union([localizedTemplate, z.strictObject({ list })]))
      .min(1, 'needs at least one item')
      .describe('The items: each a text, or a nested list (which belongs to the item before it).'),
  }),
);

/** Issues for lists nested deeper than maxListDepth, at the list that is too deep. */
function listDepth(value: ListValue, ctx: z.RefinementCtx, path: (string | number)[], depth = 1): void {
  if (depth > maxListDepth) {
    ctx.addIssue({ code: 'custom', message: `lists nest at most ${maxListDepth} deep: this one is ${depth} deep`, path });
    return;
  }
  value.items.forEach((item, i) => {
    if (!(item instanceof Localized)) listDepth(item.list, ctx, [...path, 'items', i, 'list'], depth + 1);
  });
}

/** A table column: its header cell, and optionally its width in percent of the measure. */
const column = z.union([
  localizedTemplate,
  z.strictObject({
    /** template */
    header: localizedTemplate,
    width: z.number().gt(0).lt(100).describe('The width of the column, in percent of the text width.'),
  }),
]);

const table = z
  .strictObject({
    /** template */
    caption: localizedTemplate.optional().describe('The table\'s caption, set above it.'),
    columns: z.array(column).min(1, 'needs at least one column').describe('The header cells, one per column: a text, or { header, width } with the width in percent.'),
    rows: z.array(z.array(localizedTemplate).min(1, 'needs at least one cell')).min(1, 'needs at least one row').describe('The rows, each a list of cells (no more than the columns).'),
  })
  .superRefine((value, ctx) => {
    value.rows.forEach((row, i) => {
      if (row.length > value.columns.length) {
        ctx.addIssue({ code: 'custom', message: `this row has ${row.length} cells, the table ${value.columns.length} columns`, path: ['rows', i] });
      }
    });
    const given = value.columns.reduce((sum, c) => sum + (typeof c === 'object' && 'width' in c ? c.width : 0), 0);
    if (given >= 100) ctx.addIssue({ code: 'custom', message: `the columns' widths add up to ${given}%: they must leave room`, path: ['columns'] });
  });

/** One entry of the submission's body: a paragraph, a heading, a list, a quotation, a table, or a break. */
const bodyEntry = z.union([
  z.strictObject({
    /** template */
    paragraph: localizedTemplate,
    id: entryId,
    /** Starts the numbering again at 1 (a second list). */
    restartNumbering: z.boolean().optional(),
    /** Whether this paragraph is numbered: by default as the submission, its kind or its theme says. */
    numbered: z.boolean().optional(),
  }),
  z
    .strictObject({ list, id: entryId })
    .superRefine((value, ctx) => listDepth(value.list, ctx, ['list'])),
  z.strictObject({
    /** template */
    quote: localizedTemplate,
    /** template: where the quotation comes from */
    source: localizedTemplate.optional(),
    id: entryId,
  }),
  z.strictObject({ table, id: entryId }),
  z.strictObject({
    /** template */
    heading: localizedTemplate,
    level: z.number().int().min(1).max(3).default(1),
  }),
  z.strictObject({ pageBreak: z.literal(true) }),
]);

/**
 * The kinds of submission, one file each in kinds/ (their rules, sources, theme and
 * required fields): a test holds this list and that folder equal. Listed here too so
 * that the JSON Schema editors use can offer them.
 */
export const submissionKinds = ['upr-stakeholder', 'hrc-written-statement', 'treaty-body-report', 'report'] as const;

/** The UN human rights treaty bodies, by the symbols of their documents. */
export const treatyBodies = ['CCPR', 'CESCR', 'CERD', 'CEDAW', 'CAT', 'CRC', 'CMW', 'CRPD', 'CED'] as const;

/** The two ways an HRC written statement is set (kinds/hrc-written-statement.yaml). */
export const layouts = ['submission', 'as-issued'] as const;
export type Layout = (typeof layouts)[number];

/** What a treaty-body report is. */
export const reportTypes = ['alternative-report', 'list-of-issues'] as const;

export const submissionSchema = z.strictObject({
  kind: z.enum(submissionKinds).describe('The kind of submission: its rules, theme and required fields are in Dossier\'s kinds/<kind>.yaml (`dossier kinds`).'),
  /** Who it is addressed to; by default the committee (treaty bodies), or the kind's body. */
  addressee: localizedName.optional().describe("Who it is addressed to (default: the committee's name for treaty-body reports, else the kind's UN body)."),
  /** The State whose review this submission is for (UPR). */
  stateUnderReview: localizedName.optional().describe('The State under review (UPR) or the State party (treaty bodies).'),
  review: z
    .strictObject({
      cycle: z.number().int().min(1).max(10),
      year,
      /** The session of the UPR Working Group at which the State is reviewed. */
      session: z.number().int().min(1).max(200).optional(),
    })
    .optional()
    .describe('The Universal Periodic Review: its cycle (the limits differ by cycle) and year.'),
  /** The Human Rights Council session the statement is for (HRC written statements). */
  session: z.number().int().min(1).max(200).optional().describe('The number of the Human Rights Council session (HRC written statements).'),
  /** The item of the Council's agenda (A/HRC/RES/5/1, annex) the statement is submitted under. */
  agendaItem: z.number().int().min(1, 'must be one of the Council\'s agenda items, 1 to 10').max(10, 'must be one of the Council\'s agenda items, 1 to 10').optional().describe("The item of the Human Rights Council's agenda, 1 to 10 (HRC written statements)."),
  /**
   * How an HRC written statement is set: as OHCHR asks NGOs to send it (no UN header),
   * or as the Secretariat issues it (masthead, session block, circulation sentence).
   * `dossier build --layout` overrides it.
   */
  layout: z.enum(layouts).optional().describe('HRC written statements: submission (as sent to OHCHR, the default) or as-issued (as the Secretariat issues it, with the UN masthead).'),
  /** The document symbol the Secretariat gave the statement (A/HRC/58/NGO/12), printed by the as-issued layout. */
  symbol: z.string().trim().regex(/^[A-Z]+(\/[A-Za-z0-9.]+)+$/, 'must be a UN document symbol such as A/HRC/58/NGO/12').optional().describe('The UN document symbol, such as A/HRC/58/NGO/12 (as-issued layout).'),
  /** Whether the body's paragraphs are numbered: by default as the kind, else the theme, says (content/numbered.ts). */
  numbered: z.boolean().optional().describe("Whether the paragraphs are numbered (default: as the kind's guidelines ask: a UPR submission's are, an HRC statement's are not; for a kind without a word on it, as the theme says, else numbered)."),
  notes: z.enum(['footnotes', 'endnotes']).optional().describe("Where the notes stand: at the foot of the page of their call, or after the text (default: as the theme sets them, else as the kind's guidelines ask, else footnotes)."),
  /** What a treaty-body report is (treaty-body reports). */
  reportType: z.enum(reportTypes).optional().describe('Treaty-body reports: alternative-report (for the review of a State report) or list-of-issues (a submission for the list of issues).'),
  /** The treaty body a report goes to (treaty-body reports): CCPR is the Human Rights Committee. */
  committee: z.enum(treatyBodies).optional().describe('The treaty body (treaty-body reports): CCPR is the Human Rights Committee.'),
  /**
   * A joint submission: true when others sign it with the organisation. With
   * `coSigners` given, it is joint without saying so.
   */
  joint: z.boolean().optional().describe('A joint submission (the joint limits apply); true without saying so when coSigners are given.'),
  /**
   * The other organisations that sign a joint submission: each a folder holding a
   * profile.yaml, or a profile's .yaml file, relative to the content folder and inside it.
   */
  coSigners: z
    .array(z.string().trim().min(1, 'must not be empty'))
    .default([])
    .describe('Organisations that sign with this one: each a folder holding a profile.yaml, or a profile file, inside the content folder.'),
  /**
   * The languages a document is made in, the main one first: one tag or a list. Text
   * given as a map must have each of them; a build writes one PDF and DOCX per language.
   */
  languages: z
    .union([languageTag, z.array(languageTag).min(1, 'needs at least one language')])
    .transform((value) => (Array.isArray(value) ? [...new Set(value)] : [value]))
    .describe('The languages the documents are made in, the main one first: one tag (en, fr, zh-CN…) or a list.'),
  /** Date of the document, the only date that reaches its metadata (determinism). */
  date: documentDate.describe('The date of the document (YYYY-MM-DD), the only date written into its metadata.'),
  /** template */
  title: localizedTemplate.describe('The title; it may refer to the profile: {{profile.names.full}}.'),
  subject: localizedName.optional(),
  keywords: z.array(localizedName).default([]),
  body: z
    .array(bodyEntry)
    .min(1, 'needs at least one paragraph')
    .describe('The text: paragraph entries (numbered by the document where asked), heading, list, quote and table entries, and pageBreak: true.'),
  /** template text of each footnote, referenced from paragraphs with {{footnote "id"}}. */
  footnotes: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), localizedTemplate).default({}),
});

/** Fields of a submission that a kind may require (kinds/<kind>.yaml `required:`). */
export const requirableFields = ['stateUnderReview', 'review', 'session', 'agendaItem', 'committee', 'subject'] as const;

export type Profile = z.infer<typeof profileSchema>;
export type EcosocStatus = (typeof ecosocStatuses)[number];
/** A submission as loaded: `joint` is true where it says so or names co-signers. */
export type Submission = z.infer<typeof submissionSchema> & { joint: boolean };
export type BodyEntry = Submission['body'][number];

export interface ContentModel {
  profile: Profile;
  submission: Submission;
}
