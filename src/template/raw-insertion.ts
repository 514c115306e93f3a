import { TemplateProblem } from './errors.js';

export interface AstNode {
  type: string;
  escaped?: boolean;
  path?: { type: string; parts?: string[]; data?: boolean };
  loc?: { start: { line: number; column: number } };
  value?: unknown;
  original?: unknown;
  [key: string]: unknown;
}

/**
 * The forms that put a value into the markup as it is, refused in content templates:
 * there, "AT&T" would break the markup and `<pagebreak/>` would be obeyed.
 * `{{{x}}}` and `{{&x}}` skip escaping; `plain` turns rendered markup into attribute
 * text for the document templates, and passes what it is given through; a partial
 * (`{{> submission}}`) inserts document templates, and decorators define them.
 */
export function rawInsertion(ast: unknown): TemplateProblem | undefined {
  let found: TemplateProblem | undefined;
  walkAst(ast, (node) => {
    found = refusal(node);
    return found !== undefined;
  });
  return found;
}

/**
 * Visits every node of a Handlebars AST, parents before children, until `visit` says to
 * stop. A stack, not recursion: block nesting is as deep as the text makes it.
 */
export function walkAst(ast: unknown, visit: (node: AstNode) => boolean | void): void {
  const stack: unknown[] = [ast];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    if (visit(node as AstNode) === true) return;
    for (const [key, child] of Object.entries(node)) if (key !== 'loc' && child && typeof child === 'object') stack.push(child);
  }
}

function refusal(node: AstNode): TemplateProblem | undefined {
  const at = (message: string, rule = 'template/raw') => new TemplateProblem(rule, message, node.loc?.start.line ?? 1, node.loc?.start.column ?? 0);
  if (node.type === 'MustacheStatement' && node.escaped === false) {
    return at('{{{…}}} and {{&…}} insert a value unescaped, as markup; in text write {{…}}, which prints it as it is');
  }
  const callee = node.path;
  if (/^(Mustache|Block)Statement$|^SubExpression$/.test(node.type) && callee?.type === 'PathExpression' && !callee.data && callee.parts?.length === 1 && callee.parts[0] === 'plain') {
    return at('plain is for the document templates (it passes markup through); in text write {{…}}, which prints a value as it is');
  }
  if (/^Partial(Block)?Statement$/.test(node.type)) return at('{{> …}} inserts a document template; text cannot use one', 'template/partial');
  if (/^Decorator(Block)?$/.test(node.type)) return at('{{* …}} decorators are not supported in text', 'template/partial');
  return undefined;
}
