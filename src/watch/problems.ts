import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';

/** What the usual reasons a folder cannot be watched mean for the user. */
const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'a loop of symbolic links',
  ENOSPC: "the system's limit on watched folders is reached (fs.inotify.max_user_watches)",
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * A folder or file the watcher could not watch, e.g. a subfolder without read
 * permission. A warning, not an error: everything else is still watched and built.
 */
export function unwatchableProblem(e: unknown): Diagnostic {
  const { code, path, message } = (e ?? {}) as NodeJS.ErrnoException;
  const reason = (code && Object.hasOwn(reasons, code) ? reasons[code] : undefined) ?? clip(String(message ?? e));
  return {
    severity: 'warning',
    rule: 'watch/unwatchable',
    message: `cannot watch this: ${reason}${code ? ` (${code})` : ''}; edits here are not seen until watch is restarted`,
    ...(path ? { file: displayPath(path) } : {}),
  };
}

/**
 * A build that threw something other than a DiagnosticError: a bug in dossier. Watch
 * reports it against the content folder, with where in the code it happened, and keeps
 * watching; the next edit may well build.
 */
export function internalError(e: unknown, contentDir: string): Diagnostic {
  const thrown = e instanceof Error ? e : new Error(String(e));
  // The first frame in our code (Node's own say little); an error from the side thread
  // carries that thread's stack in its message, so the message's first line only.
  const frame = thrown.stack
    ?.split('\n')
    .find((line) => /^\s+at /.test(line) && !/[( ]node:/.test(line))
    ?.trim()
    .replace(/^at /, '');
  const message = thrown.message.split('\n', 1)[0] ?? '';
  return error(
    'internal/crash',
    `internal error, a bug in dossier: ${thrown.name}: ${clip(message)}${frame ? ` (at ${frame})` : ''}`,
    { file: displayPath(contentDir), suggestion: 'please report it with the content that caused it' },
  );
}

/** Messages may quote content: keep a line a line. */
const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text).replace(/\s+/g, ' ');
