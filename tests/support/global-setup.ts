import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { root } from '../helpers.js';
import { testFonts } from './test-fonts.js';

/**
 * Before any test: the test-only fonts, fetched once per machine (they stay in
 * .cache/test-fonts). Where they cannot be had (no apt-get), the tests that need them
 * are skipped and the summary line says so.
 */
export default function setup(): void {
  if (Object.values(testFonts).every((f) => existsSync(f))) return;
  const fetch = spawnSync('bash', ['scripts/fetch-test-fonts.sh'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (fetch.status === 0) process.stdout.write(fetch.stdout);
  else {
    const why = fetch.error?.message ?? fetch.stderr.trim().split('\n').pop() ?? `exit ${fetch.status}`;
    process.stderr.write(`test fonts not fetched (${why}): the tests that need them will be skipped\n`);
  }
}
