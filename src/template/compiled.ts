import type { Env } from './environment.js';
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

export function compiled(env: Env, key: string, ast: () => Ast): Template {
  let spec = specs.get(key);
  if (spec) {
    specs.delete(key);
  } else {
    const options = { ...compileOptions, knownHelpers: { ...compileOptions.knownHelpers }, data: true };
    const { Compiler, JavaScriptCompiler } = env as unknown as Compilers;
    spec = new JavaScriptCompiler().compile(new Compiler().compile(ast(), options), options, undefined, true);
  }
  specs.set(key, spec);
  if (specs.size > KEEP) specs.delete(specs.keys().next().value!);
  return env.template(spec as Parameters<Env['template']>[0]);
}
