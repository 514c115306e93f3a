import type { Env } from './environment.js';
import { RenderBudget } from './budget.js';
import { compiled } from './compiled.js';
import { runtimeOptions, type TemplateData } from './environment.js';
import { asTemplateProblem, expressionAt } from './errors.js';
import { rawInsertion, walkAst } from './raw-insertion.js';
import { error, fieldPath, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../model/source.js';
import { escapeXml } from '../xml.js';

type Ast = ReturnType<Env['parse']>;

/**
 * Escapes the literal text of a content template before compiling it: what the user
 * typed between the {{…}} expressions is content, so `<w:p>` or `&` in a paragraph
 * must reach the document as text, never as markup.
 */
function escapeLiteralText(ast: Ast): void {
  walkAst(ast, (node) => {
    if (node.type === 'ContentStatement' && typeof node.value === 'string') {
      node.value = escapeXml(node.value);
      node.original = node.value;
    }
  });
}

/** A content field that is a template: its text, and where it sits in which file. */
export interface ContentTemplate {
  text: string;
  source: SourceFile;
  path: (string | number)[];
}

/**
 * Renders one content template (a paragraph, the introduction, a footnote) to
 * document markup. Problems come back as diagnostics located in the YAML file.
 */
export function renderContentText(
  env: Env,
  field: ContentTemplate,
  /** The facts and texts the template may name, resolved to the language being written. */
  model: unknown,
  data: TemplateData,
  diagnostics: Diagnostic[],
): string {
  // Text with no expression renders as itself: Handlebars' lexer starts nothing
  // without "{{", and compiling a template per paragraph is most of a long document's
  // content stage.
  if (!field.text.includes('{{')) return escapeXml(field.text);
  try {
    const template = compiled(env, field.text, () => {
      const ast: Ast = env.parse(field.text);
      const raw = rawInsertion(ast);
      if (raw) throw raw;
      escapeLiteralText(ast);
      return ast;
    });
    return template(model, runtimeOptions({ ...data, budget: new RenderBudget() }));
  } catch (e) {
    const problem = asTemplateProblem(e, field.text);
    const snippet = expressionAt(field.text, problem.line, problem.column);
    diagnostics.push(
      error(problem.rule, problem.message, {
        file: field.source.path,
        ...field.source.locateInValue(field.path, snippet),
        field: fieldPath(field.path),
      }),
    );
    return '';
  }
}
