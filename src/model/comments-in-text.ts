import { fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Localized } from './localized.js';
import type { PlainTextComment, SourceFile } from './source.js';

/** Enough to show the pattern; a file with more has one mistake made many times. */
const maxReported = 20;

/**
 * Warnings where YAML read part of a text as a comment: in a plain (unquoted) value a
 * " #" starts one, so `title: Progress on SDG #5, gender equality` is "Progress on
 * SDG". Only fields printed as text are looked at, and those are the model's
 * Localized values (the schema makes every text that reaches a document one): an
 * enum or a number keeps its comment (`status: general  # general | special | roster`).
 */
export function commentsInText(source: SourceFile, model: unknown, diagnostics: Diagnostic[]): void {
  let reported = 0;
  const stack: [unknown, (string | number)[]][] = [[model, []]];
  while (stack.length && reported < maxReported) {
    const [value, path] = stack.pop()!;
    if (value instanceof Localized) {
      for (const comment of source.commentsAfterPlainText(path)) {
        if (reported++ < maxReported) diagnostics.push(warning(source, comment));
      }
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], [...path, i]]);
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value).reverse()) stack.push([item, [...path, key]]);
    }
  }
}

function warning(source: SourceFile, comment: PlainTextComment): Diagnostic {
  // The text as it would be in quotes, where it fits a hint.
  const quoted = comment.sameLine && comment.written.length <= 100 ? JSON.stringify(comment.written) : undefined;
  return {
    severity: 'warning',
    rule: 'yaml/comment-in-text',
    message: comment.sameLine
      ? 'a # after a space starts a YAML comment: the text stops before it, and what follows is left out'
      : 'a line starting with # inside a text is a YAML comment: the text stops before it, and the line is left out',
    file: source.path,
    ...source.position(comment.offset),
    field: fieldPath(comment.path),
    suggestion: quoted
      ? `put the text in quotes to keep the #: ${quoted} (a comment meant as one goes on a line of its own)`
      : 'put the text in quotes, or write it as a block (>-), to keep the #; a comment meant as one goes at the indentation of the field\'s name',
  };
}
