/**
 * One value for every problem the pipeline can find, from a YAML syntax error to a
 * missing fact in a template. Stages collect them and throw a DiagnosticError; only
 * the CLI prints them and picks the exit code.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable identifier of the rule that fired, e.g. `schema/required`. */
  rule: string;
  message: string;
  /** File the problem is in, relative to the working directory when possible. */
  file?: string;
  line?: number;
  column?: number;
  /** Dotted path of the field in the content model, e.g. `submission.body[2].paragraph`. */
  field?: string;
  suggestion?: string;
  /**
   * Problems this one caused, not worth reading before it is fixed: a YAML parser that
   * meets one mistake reports much of what follows it. Printed only when asked for.
   */
  caused?: Diagnostic[];
}

export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

export function error(rule: string, message: string, where: Partial<Diagnostic> = {}): Diagnostic {
  return { severity: 'error', rule, message, ...where };
}

/** Throws when any collected diagnostic is an error; warnings pass through. */
export function throwIfErrors(diagnostics: Diagnostic[]): void {
  if (diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticError(diagnostics);
}

/** Every problem, each followed by those it caused: what `--all-errors` prints. */
export function withCaused(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.flatMap(({ caused = [], ...d }) => [d, ...caused]);
}

/** Formats a field path the way a user reads it: `body[2].paragraph`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

/** fieldPath's inverse: `body[3].paragraph` → ['body', 3, 'paragraph']. */
export function pathOf(field: string): (string | number)[] {
  return [...field.matchAll(/\[(\d+)\]|\.?([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]!));
}
