import type { Diagnostic } from './diagnostic.js';

/** `file:line:column` as editors and terminals link it. */
export function location(d: Diagnostic): string {
  if (!d.file) return '';
  return [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((p) => p !== undefined).join(':');
}

/** One line per problem, the way compilers print them, plus an optional hint line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = location(d);
  const field = d.field ? ` (${d.field})` : '';
  const head = `${where ? `${where}: ` : ''}${d.severity}: ${d.message}${field} [${d.rule}]`;
  return d.suggestion ? `${head}\n  hint: ${d.suggestion}` : head;
}

export function formatDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n');
}
