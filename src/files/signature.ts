import { statSync } from 'node:fs';

/**
 * What tells a file's versions apart without reading it: its device, inode, size and
 * times (its bytes cannot change without its ctime changing), or undefined when it is
 * not there.
 */
export function fileSignature(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
  } catch {
    return undefined;
  }
}
