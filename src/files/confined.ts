import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DiagnosticError, error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, isInside } from '../paths.js';

/**
 * The one way Dossier opens a file. Content folders come from strangers, so a file
 * a content folder, a theme or a template names may be a link to anything on the
 * machine, a named pipe that blocks the first read forever, or a sparse file of
 * gigabytes. Every file is read only when, with every link followed, it lies inside
 * one of the allowed folders (`roots`), is a regular file, and is no larger than a
 * cap. A refusal is a DiagnosticError naming the file, never quoting what is in it.
 */
export interface Confinement {
  /** Folders the file must lie in once links are followed: real, absolute paths (see readableRoots). */
  roots: readonly string[];
  /** What the file is, for messages: "font file", "theme", "content file". */
  what: string;
  /** The family of the problems' rules: `fonts` gives fonts/outside, fonts/unreadable, … */
  scope: string;
  maxBytes: number;
}

const MB = 1024 * 1024;
/** CJK faces are 10–30 MB, a collection of several weights up to about 60. */
export const maxFontBytes = 64 * MB;
/** YAML and templates: a long submission is 100 KB. */
export const maxTextBytes = 8 * MB;

export interface OpenFile {
  handle: FileHandle;
  /** The path with every link followed. */
  real: string;
  size: number;
}

/**
 * Opens a file for reading after the checks above; undefined when there is no file
 * at `path` (callers word that themselves). The caller closes the handle.
 */
export async function openConfined(path: string, rules: Confinement): Promise<OpenFile | undefined> {
  let real: string;
  let checked: Stats;
  try {
    real = await realpath(path);
    // Refused before it is opened: opening a device can have effects of its own.
    checked = await stat(real);
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw refusal(path, rules, 'unreadable', `cannot read ${rules.what} ${displayPath(path)} (${codeOf(e)})`);
  }
  refuse(path, real, checked, rules);
  let handle: FileHandle;
  try {
    // No link is followed in the last step, and a pipe that slipped in opens without waiting for a writer.
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    throw refusal(path, rules, 'unreadable', `cannot read ${rules.what} ${displayPath(path)} (${codeOf(e)})`);
  }
  try {
    const opened = await handle.stat();
    // The very file that was checked, not one put in its place since.
    if (opened.dev !== checked.dev || opened.ino !== checked.ino) {
      throw refusal(path, rules, 'unreadable', `${rules.what} ${displayPath(path)} changed while it was being opened`);
    }
    refuse(path, real, opened, rules);
    return { handle, real, size: opened.size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** The whole file, after the same checks; undefined when there is no file at `path`. */
export async function readConfined(path: string, rules: Confinement): Promise<Buffer | undefined> {
  const file = await openConfined(path, rules);
  if (!file) return undefined;
  try {
    const bytes = Buffer.alloc(file.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await file.handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break; // shortened since: what is there
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } catch (e) {
    throw refusal(path, rules, 'unreadable', `cannot read ${rules.what} ${displayPath(path)} (${codeOf(e)})`);
  } finally {
    await file.handle.close();
  }
}

/** The error for a file that is not there, for callers with nothing better to say. */
export function notFound(path: string, rules: Pick<Confinement, 'what' | 'scope'>): DiagnosticError {
  return refusal(path, rules, 'unreadable', `cannot read ${rules.what} ${displayPath(path)} (ENOENT)`);
}

function refuse(path: string, real: string, stats: Stats, rules: Confinement): void {
  const shown = displayPath(path);
  if (!rules.roots.some((root) => isInside(root, real))) {
    const link = real !== resolve(path) ? ', through a link' : '';
    throw refusal(path, rules, 'outside', `${rules.what} ${shown} lies outside the folders Dossier reads from${link}`, {
      suggestion: `Dossier reads only inside ${rules.roots.map(displayPath).join(', ')}; copy the file into the content folder`,
    });
  }
  if (!stats.isFile()) {
    throw refusal(path, rules, 'not-a-file', `${rules.what} ${shown} is ${kindOf(stats)}, not a file`);
  }
  if (stats.size > rules.maxBytes) {
    const mb = (n: number) => `${Math.ceil(n / MB).toLocaleString('en')} MB`;
    throw refusal(path, rules, 'too-large', `${rules.what} ${shown} is ${mb(stats.size)}; Dossier reads at most ${mb(rules.maxBytes)}`);
  }
}

function refusal(path: string, rules: Pick<Confinement, 'scope'>, problem: string, message: string, where: Partial<Diagnostic> = {}) {
  return new DiagnosticError([error(`${rules.scope}/${problem}`, message, { file: displayPath(path), ...where })]);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'something else';
}

/** No such file, or a path through something that is not a folder. */
const isMissing = (e: unknown) => ['ENOENT', 'ENOTDIR'].includes(codeOf(e));
/** A path with a NUL byte fails before any system call, without an errno. */
const codeOf = (e: unknown) => String((e as NodeJS.ErrnoException).code ?? 'invalid path');
