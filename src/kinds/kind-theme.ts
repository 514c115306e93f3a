import { join } from 'node:path';
import { maxTextBytes, readConfined } from '../files/confined.js';
import { onlyInside } from '../files/roots.js';
import { sourceOf } from '../model/yaml-file.js';
import { displayPath } from '../paths.js';
import { submissionKinds } from '../model/schema.js';
import { loadKind } from './kind.js';

/**
 * The theme of the content folder's kind of submission (an HRC statement is set in
 * `hrc`), read from its submission.yaml's `kind:` before the content is loaded, so the
 * theme loads alongside it. Anything unreadable gives `un`: the content's own loading
 * reports the problem, where it is.
 */
export async function kindTheme(contentDir: string): Promise<string> {
  try {
    const path = join(contentDir, 'submission.yaml');
    const bytes = await readConfined(path, { roots: await onlyInside(contentDir), what: 'content file', scope: 'content', maxBytes: maxTextBytes });
    const kind = bytes && (sourceOf(displayPath(path), bytes.toString('utf8')).data as { kind?: unknown } | undefined)?.kind;
    if (typeof kind !== 'string' || !(submissionKinds as readonly string[]).includes(kind)) return 'un';
    return (await loadKind(kind)).theme;
  } catch {
    return 'un';
  }
}
