import { join } from 'node:path';
import { DiagnosticError, error, fieldPath, throwIfErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maxTextBytes, readConfined } from '../files/confined.js';
import { onlyInside } from '../files/roots.js';
import { displayPath } from '../paths.js';
import { loadKind, type Kind } from '../kinds/kind.js';
import { kindProblems } from '../kinds/requirements.js';
import type { CoSigner } from '../model/co-signer.js';
import { loadCoSigners } from './co-signers.js';
import { commentsInText } from '../model/comments-in-text.js';
import { profileSchema, submissionSchema, type ContentModel, type Submission } from '../model/schema.js';
import type { SourceFile } from '../model/source.js';
import { contentLimits } from './text-limits.js';
import { parseYaml, validate } from '../model/yaml-file.js';
import { append } from '../append.js';

export interface Content {
  dir: string;
  model: ContentModel;
  sources: { profile: SourceFile; submission: SourceFile };
  /** The kind of submission, from kinds/<kind>.yaml. */
  kind: Kind;
  /** The organisations that sign with this one, in the order the submission names them. */
  coSigners: CoSigner[];
  /** What reading it found worth saying but not stopping for (a comment cutting a text short). */
  warnings: Diagnostic[];
}

const files = { profile: 'profile.yaml', submission: 'submission.yaml' } as const;

/** Reads a content folder, checks it against the schema and returns the validated model. */
export async function loadContent(dir: string): Promise<Content> {
  const diagnostics: Diagnostic[] = [];
  // The content files may be links, but only to files inside the folder.
  const roots = await onlyInside(dir);
  const sources = {
    profile: await readSource(join(dir, files.profile), roots, diagnostics),
    submission: await readSource(join(dir, files.submission), roots, diagnostics),
  };
  // A file whose YAML was not read has no fields to check: its schema errors would
  // only repeat its syntax error in other words.
  const profile = sources.profile?.parses ? validate(profileSchema, sources.profile.data ?? {}, () => sources.profile!, diagnostics) : undefined;
  const validated = sources.submission?.parses ? validate(submissionSchema, sources.submission.data ?? {}, () => sources.submission!, diagnostics) : undefined;
  // With co-signers a submission is joint without saying so.
  const submission: Submission | undefined = validated && { ...validated, joint: validated.joint ?? validated.coSigners.length > 0 };
  if (profile) commentsInText(sources.profile!, profile, diagnostics);
  if (validated) commentsInText(sources.submission!, validated, diagnostics);
  const kind = submission ? await loadKind(submission.kind) : undefined;
  const coSigners = submission ? await loadCoSigners(dir, submission.coSigners, sources.submission!, roots, diagnostics, profile) : [];
  if (submission) append(diagnostics, duplicateIds(submission, sources.submission!));
  if (submission && kind) {
    append(diagnostics, kindProblems({ kind, submission, saidJoint: validated!.joint, profile, coSigners, sources: sources as Content['sources'] }));
  }
  throwIfErrors(diagnostics);
  return {
    dir,
    model: { profile: profile!, submission: submission! },
    sources: sources as Content['sources'],
    kind: kind!,
    coSigners,
    warnings: diagnostics,
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

async function readSource(path: string, roots: string[], diagnostics: Diagnostic[]): Promise<SourceFile | undefined> {
  const shown = displayPath(path);
  let bytes: Buffer | undefined;
  try {
    bytes = await readConfined(path, { roots, what: 'content file', scope: 'content', maxBytes: maxTextBytes });
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    append(diagnostics, e.diagnostics);
    return undefined;
  }
  if (!bytes) {
    diagnostics.push(error('content/unreadable', 'file not found', { file: shown }));
    return undefined;
  }
  const source = parseYaml(shown, bytes, diagnostics);
  // Over a limit, the file is not checked further: what follows grows with its size.
  const tooLarge = source?.parses ? contentLimits(source) : [];
  if (tooLarge.length) {
    append(diagnostics, tooLarge);
    return undefined;
  }
  if (source) append(append(diagnostics, source.controlCharacters()), source.unbreakableRuns());
  return source;
}
