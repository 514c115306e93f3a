import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { error, fieldPath, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { problemsOf } from './issues.js';
import { profileSchema, submissionSchema, type ContentModel, type Submission } from './schema.js';
import { SourceFile } from './source.js';
import { displayPath } from '../paths.js';

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
  // A file whose YAML was not read has no fields to check: its schema errors would
  // only repeat its syntax error in other words.
  const profile = sources.profile?.parses ? validate(profileSchema, sources.profile, diagnostics) : undefined;
  const submission = sources.submission?.parses ? validate(submissionSchema, sources.submission, diagnostics) : undefined;
  if (submission) diagnostics.push(...duplicateIds(submission, sources.submission!));
  throwIfErrors(diagnostics);
  return {
    dir,
    model: { profile: profile!, submission: submission! },
    sources: sources as Content['sources'],
  };
}

function duplicateIds(submission: Submission, source: SourceFile): Diagnostic[] {
  const first = new Map<string, number>();
  const problems: Diagnostic[] = [];
  submission.body.forEach((entry, i) => {
    if (!('id' in entry) || entry.id === undefined) return;
    const earlier = first.get(entry.id);
    if (earlier === undefined) first.set(entry.id, i);
    else {
      problems.push(
        error('content/duplicate-id', `paragraph id "${entry.id}" is already used by body[${earlier}] (line ${source.locate(['body', earlier, 'id']).line})`, {
          file: source.path,
          ...source.locate(['body', i, 'id']),
          field: fieldPath(['body', i, 'id']),
        }),
      );
    }
  });
  return problems;
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
    diagnostics.push(notUtf8(bytes, shown));
    return undefined;
  }
  const source = new SourceFile(shown, text);
  diagnostics.push(...source.syntaxErrors(), ...source.controlCharacters(), ...source.unbreakableRuns());
  return source;
}

/** Where the first byte that is not UTF-8 stands, so the user can find the pasted text. */
function notUtf8(bytes: Buffer, file: string): Diagnostic {
  // One streaming decoder, a byte at a time: it throws at the first byte that cannot continue.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let at = 0;
  try {
    for (; at < bytes.length; at++) decoder.decode(bytes.subarray(at, at + 1), { stream: true });
  } catch {
    // A stray continuation byte is itself the culprit; any other byte broke the
    // sequence begun by the lead byte before it, which is then the one to show.
    if ((bytes[at]! & 0xc0) !== 0x80) {
      let lead = at - 1;
      while (lead > 0 && (bytes[lead]! & 0xc0) === 0x80) lead--;
      if (lead >= 0 && bytes[lead]! >= 0xc0) at = lead;
    }
  }
  const before = new TextDecoder().decode(bytes.subarray(0, at));
  const lines = before.split('\n');
  const bad = bytes[at]?.toString(16).toUpperCase().padStart(2, '0') ?? '??';
  return error('content/encoding', `not valid UTF-8 (byte 0x${bad}); save the file as UTF-8`, {
    file,
    line: lines.length,
    column: [...lines[lines.length - 1]!].length + 1,
  });
}

function validate<S extends z.ZodType>(schema: S, source: SourceFile, diagnostics: Diagnostic[]): z.infer<S> | undefined {
  const data = source.data ?? {};
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const found: Diagnostic[] = [];
  for (const problem of problemsOf(result.error.issues, data, schema)) {
    const { path } = problem;
    let at = source.locate(path, problem.key);
    if (problem.rule === 'schema/required') {
      // A missing field: point at the key of the object that should hold it.
      const parent = path.slice(0, -1);
      const parentKey = parent[parent.length - 1];
      at = typeof parentKey === 'string' ? source.locate(parent.slice(0, -1), parentKey) : source.locate(parent);
    }
    found.push(
      error(problem.rule, problem.message, {
        file: source.path,
        ...at,
        field: fieldPath(problem.key ? [...path, problem.key] : path),
        ...(problem.suggestion ? { suggestion: problem.suggestion } : {}),
      }),
    );
  }
  // In the order of the file, as a reader goes through it (zod's is the schema's).
  diagnostics.push(...found.sort((a, b) => a.line! - b.line! || a.column! - b.column!));
  return undefined;
}


