import { withCaused, type Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * `--json` of `build` and `check`: exactly one JSON value on stdout, whatever
 * happens (success, problems, a crash), as tools that read stdout expect (eslint,
 * cargo). Its shape is in the README, under `--json`:
 *
 *   { ok, problems, counts?, languages?, rules?, written?, builds? }
 *
 * Anything else that would reach stdout while the command runs (a library's
 * console.log, a worker thread's output) goes to stderr instead.
 */
export class JsonOutput {
  private readonly write: typeof process.stdout.write;
  private value: Record<string, unknown> = {};
  private printed = false;

  constructor(private readonly allErrors: boolean) {
    this.write = process.stdout.write.bind(process.stdout);
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
    // A crash outside the command's own promise (a worker's error event, a timer) still ends in one value.
    const crash = (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      this.print([internalError(e)]);
      process.exit(1);
    };
    process.once('uncaughtException', crash);
    process.once('unhandledRejection', crash);
  }

  /** What the command found (counts, files written, …), printed with its problems at the end. */
  set(value: { problems: Diagnostic[] } & Record<string, unknown>): void {
    this.value = value;
  }

  /** Prints the value once, with `more` problems added (those the command ended with); `ok` is false when any is an error. */
  print(more: Diagnostic[] = []): void {
    if (this.printed) return;
    this.printed = true;
    const found = ((this.value.problems as Diagnostic[] | undefined) ?? []).concat(more);
    const problems = this.allErrors ? withCaused(found) : found;
    const { problems: _, ...rest } = this.value;
    const ok = !problems.some((d) => d.severity === 'error');
    this.write(`${JSON.stringify({ ok, problems, ...rest }, null, 2)}\n`);
  }
}

/** A program error (a bug, not a problem of the content) as a problem, for tools that read only the JSON. */
export function internalError(e: unknown): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  return {
    severity: 'error',
    rule: 'internal/error',
    message: `internal error: ${message}`,
    suggestion: 'this is a bug in Dossier, not a mistake in the content: please report it with the stack trace printed on stderr',
  };
}
