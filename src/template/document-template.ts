import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DiagnosticError, error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, notFound, readConfined } from '../files/confined.js';
import { onlyInside } from '../files/roots.js';
import { displayPath } from '../paths.js';
import { describeForbidden, forbiddenCharacters } from '../text/characters.js';
import { compiled as compiledTemplate } from './compiled.js';
import { runtimeOptions, type Env, type TemplateData } from './environment.js';
import { asTemplateProblem } from './errors.js';

/**
 * The document templates: `templates/document.hbs` and its partials (every other .hbs
 * file in that folder, by file name), one set for every language: their fixed words
 * come from the language's catalogue. They are the only place where the structure
 * of the markup is decided.
 */
export interface DocumentTemplates {
  dir: string;
  render(view: unknown, data: TemplateData, diagnostics: Diagnostic[]): string;
}

export async function loadDocumentTemplates(env: Env, templatesDir: string): Promise<DocumentTemplates> {
  const dir = templatesDir;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.hbs')).sort();
  } catch {
    throw new DiagnosticError([error('template/missing', `no templates in ${displayPath(dir)}`, { suggestion: 'give --templates a folder holding document.hbs' })]);
  }
  if (!names.includes('document.hbs')) {
    throw new DiagnosticError([error('template/missing', `${displayPath(join(dir, 'document.hbs'))} is missing`)]);
  }
  // A template may be a link, but only to a file inside the templates folder.
  const rules = { roots: await onlyInside(templatesDir), what: 'template', scope: 'template', maxBytes: maxTextBytes };
  const sources = new Map<string, string>();
  for (const name of names) {
    const bytes = await readConfined(join(dir, name), rules);
    if (!bytes) throw notFound(join(dir, name), rules);
    sources.set(name, bytes.toString('utf8'));
  }
  const problems = [...sources].flatMap(([name, text]) => forbiddenIn(text, displayPath(join(dir, name))));
  if (problems.length) throw new DiagnosticError(problems);

  const locate = (e: unknown, file: string): Diagnostic => {
    const problem = asTemplateProblem(e, sources.get(file));
    return error(problem.rule, problem.message, { file: displayPath(join(dir, file)), line: problem.line, column: problem.column + 1 });
  };

  return {
    dir,
    render(view, data, diagnostics) {
      const compiled = new Map<string, (context: unknown, options?: RuntimeOptions) => string>();
      for (const [name, text] of sources) {
        try {
          compiled.set(name, inFile(name, compiledTemplate(env, `${name}\0${text}`, () => env.parse(text), text)));
        } catch (e) {
          diagnostics.push(locate(e, name));
        }
      }
      if (diagnostics.some((d) => d.severity === 'error')) return '';
      for (const [name, partial] of compiled) {
        if (name !== 'document.hbs') env.registerPartial(basename(name, '.hbs'), partial);
      }
      try {
        return compiled.get('document.hbs')!(view, runtimeOptions(data));
      } catch (e) {
        diagnostics.push(locate(e, (e as FileTagged).templateFile ?? 'document.hbs'));
        return '';
      }
    },
  };
}

/** A template's literal text reaches both outputs: the characters no output may hold, where they stand. */
function forbiddenIn(text: string, file: string): Diagnostic[] {
  return forbiddenCharacters(text, 20).map(({ char, index }) => {
    const before = text.slice(0, index);
    const lineStart = before.lastIndexOf('\n') + 1;
    return error('template/control-character', describeForbidden(char), { file, line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 });
  });
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

