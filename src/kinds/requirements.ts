import { error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CoSigner } from '../model/co-signer.js';
import { fallbackChain } from '../model/localized.js';
import type { Profile, Submission } from '../model/schema.js';
import type { SourceFile } from '../model/source.js';
import { allowedLanguages, variantFor, whoRestrictsLanguages, type Kind, type StatusOrNone } from './kind.js';

/** An organisation's status, `none` where its profile gives none. */
export const statusOf = (profile: Profile): StatusOrNone => profile.ecosoc?.status ?? 'none';

const statusText: Record<StatusOrNone, string> = {
  general: 'in general consultative status',
  special: 'in special consultative status',
  roster: 'on the Roster',
  none: 'without consultative status',
};

interface Checked {
  kind: Kind;
  submission: Submission;
  /** What the submission says of `joint:`, if anything. */
  saidJoint: boolean | undefined;
  /** The submitter's profile; undefined when it did not pass the schema (its status is then not checked). */
  profile: Profile | undefined;
  coSigners: CoSigner[];
  sources: { profile: SourceFile; submission: SourceFile };
}

/**
 * What a kind asks of a submission beyond the schema, each problem located: the fields
 * it requires, the languages it accepts, and the ECOSOC status of the organisation
 * that submits and of each co-signer.
 */
export function kindProblems({ kind, submission, saidJoint, profile, coSigners, sources }: Checked): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const inSubmission = (path: (string | number)[], key?: string) => ({ file: sources.submission.path, ...sources.submission.locate(path, key), field: fieldPath(key ? [...path, key] : path) });

  for (const [field, why] of Object.entries(kind.required)) {
    if (submission[field as keyof Submission] !== undefined) continue;
    problems.push(
      error('schema/required', `missing required field "${field}" (a ${kind.kind} submission needs it: ${why})`, {
        ...inSubmission([], 'kind'),
        field,
      }),
    );
  }

  const key = { cycle: submission.review?.cycle, committee: submission.committee };
  const variant = variantFor(kind, key);
  const languages = allowedLanguages(kind, variant);
  if (languages) {
    const listed = Array.isArray((sources.submission.data as { languages?: unknown })?.languages);
    submission.languages.forEach((lang, i) => {
      if (fallbackChain(lang).some((tag) => languages.includes(tag))) return;
      problems.push(
        error('kinds/language', `${whoRestrictsLanguages(kind, variant, key)} are accepted in ${languages.join(', ')}, not in ${lang}`, {
          ...inSubmission(listed ? ['languages', i] : ['languages']),
          suggestion: `write it in ${languages.join(', ')} (languages: [${languages[0]}])`,
        }),
      );
    });
  }

  const allowed = kind.ecosoc.submitter;
  const own = profile && statusOf(profile);
  if (profile && own && !allowed.includes(own)) {
    const at = profile.ecosoc
      ? { file: sources.profile.path, ...sources.profile.locate(['ecosoc', 'status']), field: 'ecosoc.status' }
      : { ...inSubmission([], 'kind'), field: 'kind' };
    problems.push(
      error('kinds/submitter-status', `an organisation ${statusText[own]} cannot submit ${article(kind.name)} ${kind.name}; it must be ${allowed.map((s) => statusText[s]).join(', or ')}`, {
        ...at,
        suggestion: profile.ecosoc
          ? 'check ecosoc: in profile.yaml'
          : 'give the organisation\'s status under ecosoc: in profile.yaml, or let an organisation in consultative status submit it with yours as a co-signer',
      }),
    );
  }

  for (const coSigner of coSigners) {
    const status = statusOf(coSigner.profile);
    if (kind.ecosoc.coSigners.includes(status)) continue;
    problems.push(
      error('kinds/co-signer-status', `co-signer ${coSigner.source.path} is ${statusText[status]}; ${article(kind.name)} ${kind.name} may be co-signed only by organisations ${kind.ecosoc.coSigners.map((s) => statusText[s]).join(', or ')}`, {
        ...inSubmission(['coSigners', coSigner.entry]),
      }),
    );
  }

  if (submission.layout !== undefined && !kind.document.layouts.includes(submission.layout)) {
    problems.push(layoutProblem(kind, submission.layout, inSubmission(['layout'])));
  }

  if (saidJoint === false && submission.coSigners.length) {
    problems.push(
      error('content/joint', 'joint: false, but the submission has co-signers', {
        ...inSubmission(['joint']),
        suggestion: 'delete joint: false (with co-signers a submission is joint), or the co-signers',
      }),
    );
  }
  return problems;
}

/**
 * A layout the kind does not have (only an HRC written statement is issued with a UN
 * masthead; UPR and treaty-body submissions are published as received): located at
 * `layout:` in the submission, or unlocated when it came from `--layout`.
 */
export function layoutProblem(kind: Kind, layout: string, where: Partial<Diagnostic> = {}): Diagnostic {
  return error('kinds/layout', `${article(kind.name)} ${kind.name} has no layout "${layout}"; its layouts: ${kind.document.layouts.join(', ')}`, {
    ...where,
    suggestion: kind.document.layouts.length > 1 ? `layout: ${kind.document.layouts.join(' or ')}` : 'leave layout out: this kind has one layout',
  });
}

/** "an" before a vowel sound: the kinds' names ("a UPR …", "a Human Rights …"). */
const article = (noun: string) => (/^[aeio]/i.test(noun) ? 'an' : 'a');
