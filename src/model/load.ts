import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { error, fieldPath, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { profileSchema, submissionSchema, type ContentModel } from './schema.js';
import { SourceFile } from './source.js';

export interface Content {
  dir: string;
  model: ContentModel;
  sources: { profile: SourceFile; submission: SourceFile };
}

const files = { profile: 'profile.yaml', submission: 'submission.yaml' } as const;

/** Reads a content folder, checks it against the schema and returns the validated model. */
export async function loadContent(dir: string): Promise<Content> {
  const diagnostics: Diagnostic[] = [];
  const sources = {
    profile: await readSource(join(dir, files.profile), diagnostics),
    submission: await readSource(join(dir, files.submission), diagnostics),
  };
  throwIfErrors(diagnostics);
  const profile = validate(profileSchema, sources.profile!, diagnostics);
  const submission = validate(submissionSchema, sources.submission!, diagnostics);
  throwIfErrors(diagnostics);
  return {
    dir,
    model: { profile: profile!, submission: submission! },
    sources: sources as Content['sources'],
  };
}

async function readSource(path: string, diagnostics: Diagnostic[]): Promise<SourceFile | undefined> {
  const shown = displayPath(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    diagnostics.push(
      error('content/unreadable', code === 'ENOENT' ? 'file not found' : `cannot read file (${code})`, { file: shown }),
    );
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    diagnostics.push(error('content/encoding', 'file is not valid UTF-8; save it as UTF-8', { file: shown }));
    return undefined;
  }
  const source = new SourceFile(shown, text);
  diagnostics.push(...source.syntaxErrors());
  return source;
}

function validate<S extends z.ZodType>(schema: S, source: SourceFile, diagnostics: Diagnostic[]): z.infer<S> | undefined {
  const result = schema.safeParse(source.data ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        diagnostics.push(
          error('schema/unknown-key', `unknown field "${key}"`, {
            file: source.path,
            ...source.locate(path, key),
            field: fieldPath([...path, key]),
          }),
        );
      }
      continue;
    }
    if (issue.code === 'invalid_type' && valueAt(source.data, path) === undefined) {
      // A missing field: point at the key of the object that should hold it.
      const parent = path.slice(0, -1);
      const parentKey = parent[parent.length - 1];
      const at = typeof parentKey === 'string' ? source.locate(parent.slice(0, -1), parentKey) : source.locate(parent);
      diagnostics.push(
        error('schema/required', `missing required field "${String(path[path.length - 1])}"`, {
          file: source.path,
          ...at,
          field: fieldPath(path),
        }),
      );
      continue;
    }
    diagnostics.push(
      error(`schema/${issue.code}`, issue.message, {
        file: source.path,
        ...source.locate(path),
        field: fieldPath(path),
      }),
    );
  }
  return undefined;
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
