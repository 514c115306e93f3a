/**
 * Dossier as a library: what the `dossier` command does, for a web service or an
 * editor plugin that calls it without starting a process. Problems come as
 * Diagnostic values (file, line, column, field, rule, suggestion), thrown together
 * in a DiagnosticError; nothing here prints or exits.
 *
 *   import { build, DiagnosticError } from 'dossier';
 *   try {
 *     const result = await build({ contentDir: 'my-content', outDir: 'out' });
 *     console.log(result.written);
 *   } catch (e) {
 *     if (e instanceof DiagnosticError) for (const d of e.diagnostics) console.log(d.file, d.line, d.message);
 *     else throw e;
 *   }
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

/** This package's version, from its package.json. */
export const version: string = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export { writers } from './formats.js';
export { build, check, formats, type BuildOptions, type BuildResult, type Format, type LanguageCheck, type LanguageDocument } from './build.js';
export { loadContent, type Content } from './content/load.js';
export type { ContentModel, Profile, Submission } from './model/schema.js';
export { DiagnosticError, type Diagnostic, type Severity } from './diagnostics/diagnostic.js';
export { formatDiagnostics } from './diagnostics/format.js';
export { loadKind, loadKinds, type Kind, type Source, type Variant } from './kinds/kind.js';
export { describeKind } from './kinds/describe.js';
export { checkRules, citations, rulesFor, whoInCounts, type AppliedLimit, type Counts, type SubmissionRules, type Who } from './rules/submission-rules.js';
export { initContent, type InitOptions } from './init/init.js';
export { contentJsonSchema, jsonSchemaText, type ContentFile } from './schema/json-schema.js';
export type { DocumentTree } from './document/tree.js';
