import type { SubmissionRules } from '../rules/submission-rules.js';
import type { Theme } from '../theme/theme.js';

export type NotePlacement = 'footnotes' | 'endnotes';

/**
 * Where the notes stand: at the foot of the page of their call, or after the text. The
 * kind's guidelines choose (the UPR's third and fourth cycles ask for endnotes); a theme
 * or the submission (`notes:`) may say otherwise, the nearest first; else footnotes.
 */
export function notePlacement(asked: NotePlacement | undefined, rules: SubmissionRules | undefined, theme: Theme): NotePlacement {
  return asked ?? theme.notes ?? (rules?.variant.endnotesForReferencesOnly ? 'endnotes' : 'footnotes');
}
