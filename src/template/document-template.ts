import { access, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DiagnosticError, error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';
import { compileOptions, type Env } from './environment.js';
import { asTemplateProblem } from './errors.js';

/**
 * The document templates of one language: `templates/<lang>/document.hbs` and its
 * partials (every other .hbs file in that folder, by file name). They are the only
 * place where wording and layout decisions of the markup live.
 */
export interface DocumentTemplates {
  dir: string;
  render(view: unknown, diagnostics: Diagnostic[]): string;
}

/**
 * `languageAt` is where the content names its language: a language without templates
 * is a mistake in the content, reported on that line.
 */
export async function loadDocumentTemplates(
  env: Env,
  templatesDir: string,
  lang: string,
  languageAt: Pick<Diagnostic, 'file' | 'line' | 'column'> = {},
): Promise<DocumentTemplates> {
  const dir = join(templatesDir, lang);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.hbs')).sort();
  } catch {
    const languages = await languagesIn(templatesDir);
    throw new DiagnosticError([error('template/language', `no templates for language "${lang}" (looked in ${displayPath(dir)})`, {
      ...languageAt,
      field: 'language',
      ...(languages.length ? { suggestion: `templates exist for: ${languages.join(', ')}` } : {}),
    })]);
  }
  if (!names.includes('document.hbs')) {
    throw new DiagnosticError([error('template/missing', `${displayPath(join(dir, 'document.hbs'))} is missing`)]);
  }
  const sources = new Map<string, string>();
  for (const name of names) sources.set(name, await readFile(join(dir, name), 'utf8'));

  const locate = (e: unknown, file: string): Diagnostic => {
    const problem = asTemplateProblem(e);
    return error(problem.rule, problem.message, { file: displayPath(join(dir, file)), line: problem.line, column: problem.column + 1 });
  };

  return {
    dir,
    render(view, diagnostics) {
      const compiled = new Map<string, (context: unknown) => string>();
      for (const [name, text] of sources) {
        try {
          compiled.set(name, inFile(name, env.compile(env.parse(text), compileOptions)));
        } catch (e) {
          diagnostics.push(locate(e, name));
        }
      }
      if (diagnostics.some((d) => d.severity === 'error')) return '';
      for (const [name, partial] of compiled) {
        if (name !== 'document.hbs') env.registerPartial(basename(name, '.hbs'), partial);
      }
      try {
        return compiled.get('document.hbs')!(view);
      } catch (e) {
        diagnostics.push(locate(e, (e as FileTagged).templateFile ?? 'document.hbs'));
        return '';
      }
    },
  };
}

type FileTagged = { templateFile?: string };
type HandlebarsTemplateDelegate = ReturnType<Env['compile']>;
type RuntimeOptions = Parameters<HandlebarsTemplateDelegate>[1];

/** Wraps a compiled template so an error thrown inside it remembers the innermost file. */
function inFile(name: string, template: HandlebarsTemplateDelegate) {
  return (context: unknown, options?: RuntimeOptions) => {
    try {
      return template(context, options);
    } catch (e) {
      if (e && typeof e === 'object' && !(e as FileTagged).templateFile) (e as FileTagged).templateFile = name;
      throw e;
    }
  };
}

/** The languages a templates folder has a document template for. */
async function languagesIn(templatesDir: string): Promise<string[]> {
  const entries = await readdir(templatesDir).catch(() => []);
  const has = await Promise.all(entries.map((name) => access(join(templatesDir, name, 'document.hbs')).then(() => true, () => false)));
  return entries.filter((_, i) => has[i]).sort();
}
