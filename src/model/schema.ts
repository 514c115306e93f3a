import { z } from 'zod';
import { Localized } from './localized.js';

/**
 * The content model. Every fact about the organisation lives once, in the profile;
 * text fields marked "template" are Handlebars templates that may reference those
 * facts (`{{profile.membership.memberUnits}}`), so a fact changed in one place
 * changes everywhere it is stated.
 */

const year = z.number().int().min(1900).max(2200);
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
    full: localizedName,
    /** The short name the text uses after the first mention (中促会). */
    short: localizedName.optional(),
    acronym: localizedName.optional(),
  }),
  founded: z.strictObject({
    year,
    month: z.number().int().min(1).max(12).optional(),
  }),
  legalStatus: localizedName,
  ecosoc: z.strictObject({
    status: z.enum(ecosocStatuses),
    admitted: year,
  }),
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
  /** template */
  introduction: localizedTemplate,
});

/** One entry of the submission's body: a numbered paragraph, a heading, or a break. */
const bodyEntry = z.union([
  z.strictObject({
    /** template */
    paragraph: localizedTemplate,
    /** A name for the paragraph, unique in the submission (for references and diffs). */
    id: z.string().regex(/^[A-Za-z][\w-]*$/, 'must start with a letter and hold only letters, digits, - and _').optional(),
    /** Starts the numbering again at 1 (a second list). */
    restartNumbering: z.boolean().optional(),
  }),
  z.strictObject({
    /** template */
    heading: localizedTemplate,
    level: z.number().int().min(1).max(3).default(1),
  }),
  z.strictObject({ pageBreak: z.literal(true) }),
]);

/**
 * upr-stakeholder: a stakeholder submission to the Universal Periodic Review (OHCHR's
 * limits apply, templates/rules/upr-stakeholder.yaml); report: the organisation's own
 * report, without UN limits.
 */
export const submissionKinds = ['upr-stakeholder', 'report'] as const;

export const submissionSchema = z.strictObject({
  kind: z.enum(submissionKinds),
  addressee: localizedName,
  /** The State whose review this submission is for (UPR). */
  stateUnderReview: localizedName.optional(),
  review: z
    .strictObject({
      cycle: z.number().int().min(1).max(10),
      year,
    })
    .optional(),
  joint: z.boolean().default(false),
  /**
   * The languages a document is made in, the main one first: one tag or a list. Text
   * given as a map must have each of them; a build writes one PDF and DOCX per language.
   */
  languages: z
    .union([languageTag, z.array(languageTag).min(1, 'needs at least one language')])
    .transform((value) => (Array.isArray(value) ? [...new Set(value)] : [value])),
  /** Date of the document, the only date that reaches its metadata (determinism). */
  date: z.iso.date(),
  /** template */
  title: localizedTemplate,
  subject: localizedName.optional(),
  keywords: z.array(localizedName).default([]),
  body: z.array(bodyEntry).min(1, 'needs at least one paragraph'),
  /** template text of each footnote, referenced from paragraphs with {{footnote "id"}}. */
  footnotes: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), localizedTemplate).default({}),
});

export type Profile = z.infer<typeof profileSchema>;
export type Submission = z.infer<typeof submissionSchema>;
export type BodyEntry = Submission['body'][number];

export interface ContentModel {
  profile: Profile;
  submission: Submission;
}
