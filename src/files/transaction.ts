import { randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';

/**
 * A build's outputs appear together or not at all: a reader, a failed build or a
 * killed one never leaves some files of the new build beside some of the old.
 *
 * 1. Under a lock file in the output folder (one build at a time writes there),
 *    what an earlier, killed build left is put right (its journal, below).
 * 2. Every output is written to a hidden temporary file beside its place and
 *    fsynced; each old file gets a backup (a hard link, else a copy).
 * 3. A journal listing the planned renames and backups is written and fsynced.
 * 4. The temporaries are renamed into place, one by one (each rename is atomic: a
 *    reader sees the old file or the new, never a part). If one fails, those done
 *    are undone from the backups.
 * 5. The backups, then the journal, then the lock are removed.
 *
 * A build killed during 4 leaves the journal; the next build into the folder
 * (recoverOutputs, as it starts, whether it then succeeds or not) rolls it forward (the temporaries were complete and durable before the journal was
 * written) or, where one is missing, back. One killed before 3 leaves only
 * temporaries and backups named with its process id, which the next build removes.
 */

/** A file to put in place, and what goes in it. */
export type Output = [path: string, bytes: Uint8Array];

export interface CommitHooks {
  /** Called after each rename into place, with the count so far: a test's way to fail or stop there. */
  afterRename?: (renamed: number) => void;
}

const lockName = '.dossier.lock';
const journalName = '.dossier.journal';
/** How long a build waits for another one writing to the same folder before it gives up. */
const lockWaitMs = 60_000;

/** One planned rename, by file names inside the output folder. */
interface Entry {
  target: string;
  temporary: string;
  /** The old file's backup; absent where there was no old file. */
  backup?: string;
}

interface Journal {
  /** A rolled-back build's journal says so: a kill while undoing then finishes undoing. */
  direction: 'forward' | 'back';
  entries: Entry[];
}

/**
 * Puts every output in place, all or none (see above). All outputs go into one
 * folder, created if needed. A failure is a DiagnosticError naming the file.
 */
export async function commitOutputs(outputs: readonly Output[], hooks: CommitHooks = crashHooks()): Promise<void> {
  if (!outputs.length) return;
  const dir = dirname(outputs[0]![0]);
  if (outputs.some(([path]) => dirname(path) !== dir)) throw new Error('commitOutputs: every output must be in one folder');
  await orWriteError(dir, () => mkdir(dir, { recursive: true }));
  const release = await orWriteError(dir, () => lock(dir));
  try {
    await orWriteError(dir, () => recover(dir));
    const unique = `${process.pid}.${randomBytes(6).toString('hex')}`;
    const entries: Entry[] = outputs.map(([path]) => ({ target: basename(path), temporary: `.${basename(path)}.${unique}.tmp` }));
    try {
      // All at once: the disk flushes them together, where one at a time each waits for
      // its own flush. Each settles before any is removed on failure.
      const written = await Promise.allSettled(
        outputs.map(async ([, bytes], i) => {
          const entry = entries[i]!;
          await writeDurably(join(dir, entry.temporary), bytes);
          const backup = `.${entry.target}.${unique}.bak`;
          if (await backUp(dir, entry.target, backup)) entry.backup = backup;
        }),
      );
      const failed = written.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      await writeJournal(dir, { direction: 'forward', entries });
    } catch (e) {
      await removeAll(dir, entries.flatMap((e) => [e.temporary, e.backup ?? '']));
      throw await writeError(dir, e);
    }
    let renamed = 0;
    try {
      for (const entry of entries) {
        await rename(join(dir, entry.temporary), join(dir, entry.target));
        hooks.afterRename?.(++renamed);
      }
    } catch (e) {
      const problem = await writeError(dir, e);
      try {
        // Undone under a journal that says so, so a kill while undoing ends the same way.
        await writeJournal(dir, { direction: 'back', entries });
        await rollBack(dir, entries);
        await finish(dir, entries);
      } catch {
        // What could not be undone now is, from the journal, by the next build here.
      }
      throw problem;
    }
    await orWriteError(dir, () => finish(dir, entries));
  } finally {
    await release();
  }
}

/**
 * What a killed build left in `dir` put right, before a build gets as far as
 * writing: so a build that then fails still leaves outputs of one build only.
 */
export async function recoverOutputs(dir: string): Promise<void> {
  if (!(await exists(dir))) return;
  await orWriteError(dir, async () => {
    if (!(await exists(join(dir, journalName)))) return removeStrays(dir);
    const release = await lock(dir);
    try {
      await recover(dir);
    } finally {
      await release();
    }
  });
}

/** The backups and the journal go, the outputs stay. */
async function finish(dir: string, entries: readonly Entry[]): Promise<void> {
  await removeAll(dir, entries.flatMap((e) => [e.temporary, e.backup ?? '']));
  await rm(join(dir, journalName), { force: true });
  await syncFolder(dir);
}

/** What a killed build left in `dir`: its journal carried out, its stray files removed. */
async function recover(dir: string): Promise<void> {
  const journal = await readJournal(dir);
  if (journal) {
    const forward = journal.direction === 'forward' && (await canRollForward(dir, journal.entries));
    if (forward) {
      for (const entry of journal.entries) {
        if (await exists(join(dir, entry.temporary))) await rename(join(dir, entry.temporary), join(dir, entry.target));
      }
    } else {
      await rollBack(dir, journal.entries);
    }
    await finish(dir, journal.entries);
  }
  await removeStrays(dir);
}

/**
 * Forward needs each entry renamed already (its temporary gone, its target there)
 * or still to rename (its temporary there).
 */
async function canRollForward(dir: string, entries: readonly Entry[]): Promise<boolean> {
  for (const entry of entries) {
    if (!(await exists(join(dir, entry.temporary))) && !(await exists(join(dir, entry.target)))) return false;
  }
  return true;
}

/** Each entry renamed into place (its temporary gone) gets its old file back, or none if it had none. */
async function rollBack(dir: string, entries: readonly Entry[]): Promise<void> {
  for (const entry of entries) {
    if (await exists(join(dir, entry.temporary))) continue;
    if (entry.backup) await rename(join(dir, entry.backup), join(dir, entry.target));
    else await rm(join(dir, entry.target), { force: true });
  }
}

/** A hard link to the old file (a copy where the file system has none); false when there is no old file. */
async function backUp(dir: string, target: string, backup: string): Promise<boolean> {
  const old = await lstat(join(dir, target)).catch(() => undefined);
  if (!old) return false;
  // Refused here, before anything is renamed: the rename would fail, or replace a link's target.
  if (!old.isFile()) {
    const what = old.isDirectory() ? 'a folder' : old.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
    throw new DiagnosticError([
      error('output/not-a-file', `cannot write ${displayPath(join(dir, target))}: it is ${what}`, {
        file: displayPath(join(dir, target)),
        suggestion: 'move it away, or choose another folder with --out',
      }),
    ]);
  }
  try {
    await link(join(dir, target), join(dir, backup));
  } catch {
    await copyFile(join(dir, target), join(dir, backup));
    await syncFile(join(dir, backup));
  }
  return true;
}

/** The journal, written whole or not at all (a temporary renamed into place), and durable. */
async function writeJournal(dir: string, journal: Journal): Promise<void> {
  const temporary = join(dir, `${journalName}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeDurably(temporary, new TextEncoder().encode(`${JSON.stringify({ dossier: 1, ...journal })}\n`));
  await syncFolder(dir); // the temporaries' and backups' names
  await rename(temporary, join(dir, journalName));
  await syncFolder(dir);
}

/** The journal a killed build left; its names are plain file names in `dir`, nothing else is followed. */
async function readJournal(dir: string): Promise<Journal | undefined> {
  const text = await readFile(join(dir, journalName), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const plainName = (name: unknown) => typeof name === 'string' && name !== '' && basename(name) === name && name !== '..';
  try {
    const data = JSON.parse(text) as Partial<Journal>;
    const entries = Array.isArray(data.entries) ? data.entries : [];
    const valid = entries.every((e) => plainName(e.target) && plainName(e.temporary) && (e.backup === undefined || plainName(e.backup)));
    if (valid && (data.direction === 'forward' || data.direction === 'back')) return { direction: data.direction, entries };
  } catch {
    // Not ours, or not JSON: nothing in it is acted on.
  }
  await rm(join(dir, journalName), { force: true });
  return undefined;
}

/** Temporary files and backups (`.name.<pid>[.<hex>].tmp|bak`) of builds whose process has ended. */
async function removeStrays(dir: string): Promise<void> {
  const stray = (await readdir(dir)).filter((file) => {
    const pid = /^\..+?\.(\d+)(\.[0-9a-f]+)?\.(tmp|bak|stale)$/.exec(file)?.[1];
    return pid !== undefined && !isRunning(Number(pid));
  });
  await removeAll(dir, stray);
}

/**
 * The output folder's lock: a file made with exclusive create, holding the
 * holder's process id. A lock whose process has ended is stale and taken over;
 * one that is held is waited for (another build is writing).
 */
async function lock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, lockName);
  const mine = `${process.pid} ${randomBytes(6).toString('hex')}\n`;
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(mine);
      } finally {
        await handle.close();
      }
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = await readFile(path, 'utf8').catch(() => undefined);
    if (held !== undefined && (await isStale(path, held))) await takeOver(path, held);
    else if (Date.now() - started > lockWaitMs) {
      throw new DiagnosticError([
        error('output/locked', `another build has been writing to ${displayPath(dir)} for ${lockWaitMs / 1000} s (${displayPath(path)} holds its process id)`, {
          file: displayPath(path),
          suggestion: 'wait for it to end; if no build is running, remove the lock file',
        }),
      ]);
    } else await new Promise((wake) => setTimeout(wake, 25));
  }
}

/** A lock whose process has ended; or one left empty (killed between create and write) for over 2 s. */
async function isStale(path: string, held: string): Promise<boolean> {
  const pid = /^(\d+) /.exec(held)?.[1];
  if (pid !== undefined) return !isRunning(Number(pid));
  const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
  return age > 2_000;
}

/**
 * Removes a stale lock without removing one another build has just taken in its
 * place: the lock is moved aside (atomic) and, if what was moved is not the stale
 * one read before, linked back.
 */
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return; // another build moved it first
  }
  const moved = await readFile(aside, 'utf8').catch(() => stale);
  if (moved !== stale) await link(aside, path).catch(() => {});
  await rm(aside, { force: true });
}

/** Written and on the disk (fsync) before anything refers to it by name. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The folder's entries (names made, renamed, removed) on the disk; where folders cannot be opened (Windows), not. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => {});
  } finally {
    await handle.close();
  }
}

async function removeAll(dir: string, names: readonly string[]): Promise<void> {
  await Promise.all(names.filter(Boolean).map((name) => rm(join(dir, name), { force: true })));
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

/** Whether a process with this id exists (signal 0 only asks); one of another user's counts. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function orWriteError<T>(dir: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw await writeError(dir, e);
  }
}

/** A file-system failure as a problem naming the folder or file; problems and program errors pass through. */
async function writeError(dir: string, e: unknown): Promise<unknown> {
  if (e instanceof DiagnosticError) return e;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (typeof err?.code !== 'string') return e;
  const why = { EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'read-only file system', ENOTDIR: 'a part of the path is a file', ENOSPC: 'disk full', EISDIR: 'it is a folder' }[err.code];
  return new DiagnosticError([
    error('output/write', `cannot write the output folder ${displayPath(dir)}: ${why ?? err.code}`, {
      file: displayPath(err.dest ?? err.path ?? dir),
      suggestion: 'choose another folder with --out',
    }),
  ]);
}

/**
 * For tests only: DOSSIER_TEST_CRASH_AFTER_RENAMES=N kills the process (SIGKILL, as
 * `kill -9` would) right after its Nth rename into place, so that a test can stop
 * a build in the middle of its renames every time, not by luck of timing.
 */
function crashHooks(): CommitHooks {
  const after = Number(process.env.DOSSIER_TEST_CRASH_AFTER_RENAMES);
  if (!Number.isInteger(after) || after < 1) return {};
  return { afterRename: (renamed) => void (renamed === after && process.kill(process.pid, 'SIGKILL')) };
}
