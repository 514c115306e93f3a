/**
 * A problem inside a Handlebars template, located in the template's own text
 * (line 1-based, column 0-based as Handlebars counts). The caller maps it to the
 * file the template came from.
 */
export class TemplateProblem extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'TemplateProblem';
  }
}

interface HandlebarsLoc {
  start: { line: number; column: number };
}

export function problemAt(rule: string, message: string, loc: HandlebarsLoc | undefined): TemplateProblem {
  return new TemplateProblem(rule, message, loc?.start.line ?? 1, loc?.start.column ?? 0);
}

/** Turns whatever Handlebars threw, rendering `template`, into a located TemplateProblem. */
export function asTemplateProblem(e: unknown, template = ''): TemplateProblem {
  if (e instanceof TemplateProblem) return e;
  const err = e as Error & { lineNumber?: number; column?: number };
  const message = String(err?.message ?? e);
  // Strict-mode lookups: '"nope" not defined in [object Object] - 2:5'.
  const missing = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(message);
  if (missing) {
    const [, name, line, column] = missing as unknown as [string, string, string, string];
    // In strict mode a helper that does not exist is looked up as a field: called with arguments, it was meant as a helper.
    if (callsWithArguments(template, Number(line), Number(column), name)) {
      return new TemplateProblem('template/unknown-helper', `unknown helper "${name}"`, Number(line), Number(column));
    }
    return new TemplateProblem('template/missing-field', `"${name}" is not a field of the content`, Number(line), Number(column));
  }
  // Strict-mode lookups on a string or a number ({{toString}} in a loop over a list of names).
  const primitive = /^Cannot use 'in' operator to search for '([^']*)' in /.exec(message);
  if (primitive) {
    const name = primitive[1]!;
    const { line, column } = firstExpressionNaming(template, name);
    return new TemplateProblem('template/missing-field', `"${name}" is not a field of the content`, line, column);
  }
  // Parse errors: 'Parse error on line 2:\n<context>\n----^\nExpecting ...'.
  const parse = /^Parse error on line (\d+):\n.*\n(-*)\^\n(.*)$/s.exec(message);
  if (parse) {
    return new TemplateProblem('template/syntax', `template syntax error: ${parse[3]}`, Number(parse[1]), 0);
  }
  if (err?.lineNumber !== undefined) {
    const text = message.replace(/ - \d+:\d+$/, '');
    return new TemplateProblem('template/error', text, err.lineNumber, err.column ?? 0);
  }
  return new TemplateProblem('template/error', message.split('\n')[0] ?? message, 1, 0);
}

/** Where the first `{{…}}` that names `name` starts (line 1-based, column 0-based), for errors that do not say. */
function firstExpressionNaming(template: string, name: string): { line: number; column: number } {
  const found = new RegExp(`\\{\\{[^}]*?\\b${name.replace(/[^\w]/g, '\\$&')}\\b`).exec(template);
  if (!found) return { line: 1, column: 0 };
  const lines = template.slice(0, found.index).split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length };
}

/** Whether the `{{…}}` at a template position calls `name` with arguments, as `{{log "x"}}`. */
function callsWithArguments(template: string, line: number, column: number, name: string): boolean {
  const words = expressionAt(template, line, column).replace(/^\{\{~?[#^]?|~?\}\}$/g, '').trim().split(/\s+/);
  return words[0] === name && words.length > 1;
}

/** The `{{…}}` expression starting at a template position, to find it again in the source file. */
export function expressionAt(template: string, line: number, column: number): string {
  const text = template.split('\n')[line - 1] ?? '';
  const rest = text.slice(column);
  const end = rest.indexOf('}}');
  return rest.startsWith('{{') && end > 0 ? rest.slice(0, end + 2) : rest.slice(0, 20);
}
