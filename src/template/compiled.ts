import type { Env } from './environment.js';
import { keptBytes } from '../fonts/subset-cache.js';
import { compileOptions } from './environment.js';

type Ast = ReturnType<Env['parse']>;
type Template = ReturnType<Env['template']>;
/** Handlebars' two compiler stages, which its typings leave out. */
interface Compilers {
  Compiler: new () => { compile(ast: Ast, options: object): unknown };
  JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: true): object };
}

/**
 * Handlebars' compiled form of each template, by its text: what `Handlebars.compile`
 * makes on first use (Handlebars 4.7's compileInput), kept between builds. Compiling
 * (its code generator, then V8 compiling the generated function) was most of a watch
 * rebuild's template stage, for templates that had not changed. The spec holds no
 * environment: each build's own (its helpers, its budget) runs it.
 */
const specs = new Map<string, object>();
/** Enough for the paragraphs of a long report with expressions in them; the oldest go first. */
const KEEP = 5000;

/**
 * `text`, given when the AST is Handlebars' own parse of it (a template file, not a
 * content text Dossier rewrites), also keeps the compiled form in the cache folder, as
 * Handlebars' precompiled source: a build's templates were ~25 ms of a cached build.
 */
export function compiled(env: Env, key: string, ast: () => Ast, text?: string): Template {
  let spec = specs.get(key);
  if (spec) {
    specs.delete(key);
  } else {
    const options = { ...compileOptions, knownHelpers: { ...compileOptions.knownHelpers }, data: true };
    const { Compiler, JavaScriptCompiler } = env as unknown as Compilers;
    const compile = (asObject: boolean) => new JavaScriptCompiler().compile(new Compiler().compile(ast(), options), options, undefined, asObject as true);
    spec = text === undefined ? compile(true) : precompiled(env, text, options, () => compile(false) as unknown as string);
  }
  specs.set(key, spec);
  if (specs.size > KEEP) specs.delete(specs.keys().next().value!);
  return env.template(spec as Parameters<Env['template']>[0]);
}

/** The spec of `text` from its precompiled source in the cache folder, else compiled and kept there. */
function precompiled(env: Env, text: string, options: object, compile: () => string): object {
  const key = `handlebars ${env.VERSION} precompiled ${JSON.stringify(options)}\n${text}`;
  const source = Buffer.from(keptBytes(key, () => Buffer.from(compile(), 'utf8'))).toString('utf8');
  // Handlebars' own output: an object literal of functions of their arguments only.
  return new Function(`return ${source};`)() as object;
}
