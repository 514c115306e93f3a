import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Which folder is at `path` now: its device and inode, or undefined when nothing (or
 * no folder) is there. Sync tools and unzipping remove a folder and make it again, or
 * put a new one in its place, and a watcher keeps watching the old one: comparing
 * identities tells the two apart.
 */
export function folderIdentity(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? `${stats.dev}:${stats.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** Polls often enough to feel prompt, seldom enough to cost nothing: one stat a tick. */
export const comebackPollMs = 500;

/**
 * Calls `back` once a folder is at `path` again, checking every `comebackPollMs`.
 * Returns a function that stops waiting.
 */
export function waitForFolder(path: string, back: (identity: string) => void): () => void {
  const timer = setInterval(() => {
    const identity = folderIdentity(path);
    if (!identity) return;
    clearInterval(timer);
    back(identity);
  }, comebackPollMs);
  return () => clearInterval(timer);
}

/**
 * The path with links resolved, as the watcher reports it: links are not followed
 * inside watched folders, so a folder given through a link is watched where it is.
 */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
