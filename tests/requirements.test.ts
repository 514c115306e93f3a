import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, tempDir } from './helpers.js';

/**
 * On a machine with Node alone, the tests that read the outputs back with poppler,
 * qpdf or LibreOffice are skipped, and one line at the end says what to install;
 * CI's DOSSIER_REQUIRE_TOOLS=1 turns each such skip into a failure.
 */
describe('tests on a machine without the programs they drive', () => {
  // A PATH with node on it and nothing else.
  const bin = tempDir('dossier-path-');
  symlinkSync(process.execPath, join(bin, 'node'));
  const vitest = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'tests/example-outputs.test.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: bin, DOSSIER_REQUIRE_TOOLS: '', NO_COLOR: '1', ...env },
      timeout: 120_000,
    });

  it('are skipped, and one line names what is missing and how to install it', () => {
    const run = vitest({});
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const skipped = Number(/Tests +\d+ passed \| (\d+) skipped/.exec(run.stdout)?.[1]);
    expect(skipped).toBeGreaterThan(0);
    expect(run.stdout).toContain(
      `skipped ${skipped} tests: pdffonts, pdfinfo, pdftotext, qpdf, soffice missing (apt-get install -y poppler-utils qpdf libreoffice-writer-nogui)\n`,
    );
  });

  it('fail instead with DOSSIER_REQUIRE_TOOLS=1, as in CI', () => {
    const run = vitest({ DOSSIER_REQUIRE_TOOLS: '1' });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('missing: pdftotext (apt-get install -y poppler-utils)');
    expect(run.stdout + run.stderr).toContain('DOSSIER_REQUIRE_TOOLS=1 allows no skipped test');
    expect(run.stdout).not.toMatch(/skipped \d+ tests:/);
  });
});
