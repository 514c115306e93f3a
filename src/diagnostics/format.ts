import type { Diagnostic } from './diagnostic.js';

/** `file:line:column` as editors and terminals link it. */
export function location(d: Diagnostic): string {
  if (!d.file) return '';
  return [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((p) => p !== undefined).join(':');
}

/**
 * One line per problem, the way compilers print them, plus a hint line where there is
 * one and a line counting the problems it caused (listed with --all-errors).
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = location(d);
  const field = d.field ? ` (${d.field})` : '';
  const lines = [`${where ? `${where}: ` : ''}${d.severity}: ${d.message}${field} [${d.rule}]`];
  if (d.suggestion) lines.push(`  hint: ${d.suggestion}`);
  const caused = d.caused?.length ?? 0;
  if (caused) lines.push(`  …and ${caused} more error${caused === 1 ? '' : 's'} caused by it (--all-errors lists them)`);
  return lines.join('\n');
}

export function formatDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n');
}
