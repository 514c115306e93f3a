import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../helpers.js';
import { testFonts } from './test-fonts.js';

/**
 * Before any test: a subset cache of the run's own, so no test reads or fills the
 * user's (every build, and every CLI a test starts, inherits the variable); and the
 * test-only fonts, fetched once per machine (they stay in .cache/test-fonts). Where
 * they cannot be had (no apt-get), the tests that need them are skipped and the
 * summary line says so.
 */
export default function setup(): () => void {
  const cache = mkdtempSync(join(tmpdir(), 'dossier-test-cache-'));
  process.env.DOSSIER_CACHE_DIR = cache;
  const teardown = () => rmSync(cache, { recursive: true, force: true });
  if (Object.values(testFonts).every((f) => existsSync(f))) return teardown;
  const fetch = spawnSync('bash', ['scripts/fetch-test-fonts.sh'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (fetch.status === 0) process.stdout.write(fetch.stdout);
  else {
    const why = fetch.error?.message ?? fetch.stderr.trim().split('\n').pop() ?? `exit ${fetch.status}`;
    process.stderr.write(`test fonts not fetched (${why}): the tests that need them will be skipped\n`);
  }
  return teardown;
}
