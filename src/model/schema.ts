import { z } from 'zod';

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

export const ecosocStatuses = ['general', 'special', 'roster'] as const;

export const profileSchema = z.strictObject({
  names: z.strictObject({
    zh: name,
    zhShort: name.optional(),
    en: name,
    acronym: name.optional(),
  }),
  founded: z.strictObject({
    year,
    month: z.number().int().min(1).max(12).optional(),
  }),
  legalStatus: name,
  ecosoc: z.strictObject({
    status: z.enum(ecosocStatuses),
    admitted: year,
  }),
  accreditations: z
    .array(
      z.strictObject({
        body: name,
        bodyEn: name.optional(),
        status: name,
        year,
      }),
    )
    .default([]),
  fieldsOfWork: z.array(name).default([]),
  membership: z.strictObject({
    memberUnits: z.number().int().nonnegative(),
    memberUnitsWithEcosocStatus: z.number().int().nonnegative().optional(),
    individualCouncilMembers: z.number().int().nonnegative().optional(),
    speciallyInvitedMembers: z.number().int().nonnegative().optional(),
  }),
  governingBodies: z
    .strictObject({
      supreme: name,
      executive: name.optional(),
      standing: name.optional(),
      secretariat: name.optional(),
    })
    .optional(),
  branchOffices: z.array(name).default([]),
  /** template */
  introduction: templateText,
});

/** One entry of the submission's body: a numbered paragraph, a heading, or a break. */
const bodyEntry = z.union([
  z.strictObject({
    /** template */
    paragraph: templateText,
    /** A name for the paragraph, unique in the submission (for references and diffs). */
    id: z.string().regex(/^[A-Za-z][\w-]*$/, 'must start with a letter and hold only letters, digits, - and _').optional(),
    /** Starts the numbering again at 1 (a second list). */
    restartNumbering: z.boolean().optional(),
  }),
  z.strictObject({
    /** template */
    heading: templateText,
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
  addressee: name,
  stateUnderReview: name,
  review: z.strictObject({
    cycle: z.number().int().min(1).max(10),
    year,
  }),
  joint: z.boolean().default(false),
  /** BCP 47 tag of the document's main language. */
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as zh-CN'),
  /** Date of the document, the only date that reaches its metadata (determinism). */
  date: z.iso.date(),
  /** template */
  title: templateText,
  subject: name.optional(),
  keywords: z.array(name).default([]),
  body: z.array(bodyEntry).min(1, 'needs at least one paragraph'),
  /** template text of each footnote, referenced from paragraphs with {{footnote "id"}}. */
  footnotes: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), templateText).default({}),
});

export type Profile = z.infer<typeof profileSchema>;
export type Submission = z.infer<typeof submissionSchema>;
export type BodyEntry = Submission['body'][number];

export interface ContentModel {
  profile: Profile;
  submission: Submission;
}
