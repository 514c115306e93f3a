import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dossier, exampleDir, root, tempDir } from './helpers.js';

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; exports: Record<string, unknown> };

/**
 * Runs an ES module as a program that depends on Dossier would: a file inside the
 * project, so that the package's name resolves to the package itself.
 */
function runModule(code: string) {
  const dir = join(root, '.cache', 'api-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `program-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  const result = spawnSync(process.execPath, [file], { cwd: tempDir(), encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('the library API', () => {
  it('dossier --version prints the package version', () => {
    const run = dossier(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${packageJson.version}\n`);
  });

  it(`is imported by the package's name (${packageJson.name}) and builds the example`, () => {
    const out = tempDir();
    const result = runModule(`
      import { build, version } from '${packageJson.name}';
      const result = await build({ contentDir: ${JSON.stringify(exampleDir)}, outDir: ${JSON.stringify(out)} });
      console.log(JSON.stringify({ version, written: result.written, words: result.counts.words, rules: result.rules?.label }));
    `);
    expect(result).toEqual({ version: packageJson.version, written: [join(out, 'submission.pdf'), join(out, 'submission.docx')], words: expect.any(Number), rules: 'UPR cycle 2' });
    expect(readFileSync(join(out, 'submission.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reports problems as DiagnosticError values with file, line and field, and prints nothing', () => {
    const dir = join(tempDir(), 'content');
    mkdirSync(dir);
    writeFileSync(join(dir, 'profile.yaml'), readFileSync(join(exampleDir, 'profile.yaml'), 'utf8').replace('admitted: 2008', 'admitted: soon'));
    writeFileSync(join(dir, 'submission.yaml'), readFileSync(join(exampleDir, 'submission.yaml'), 'utf8'));
    const result = runModule(`
      import { check, DiagnosticError } from '${packageJson.name}';
      try { await check({ contentDir: ${JSON.stringify(dir)} }); console.log('{}'); }
      catch (e) { console.log(JSON.stringify({ isDiagnosticError: e instanceof DiagnosticError, diagnostics: e.diagnostics })); }
    `);
    expect(result).toEqual({
      isDiagnosticError: true,
      diagnostics: [expect.objectContaining({ rule: 'schema/type', field: 'ecosoc.admitted', file: expect.stringMatching(/profile\.yaml$/), line: expect.any(Number) })],
    });
  });

  it('has types a TypeScript program checks against', () => {
    expect(packageJson.exports['.']).toEqual({ types: './dist/types/index.d.ts', import: './dist/index.js' });
    expect(existsSync(join(root, 'dist', 'types', 'index.d.ts')), 'npm run build:types').toBe(true);
    // Inside the project, so that the package's name resolves to itself, as it does for a dependant.
    const dir = join(root, '.cache', 'api-types');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'consumer.ts'),
      `import { build, check, loadContent, DiagnosticError, type BuildResult, type Diagnostic } from '${packageJson.name}';
      export async function run(): Promise<string[]> {
        const content = await loadContent('examples/cnie-upr-2013');
        const kind: string = content.kind.name;
        const result: BuildResult = await build({ contentDir: 'examples/cnie-upr-2013', outDir: 'out', formats: ['pdf'] });
        const checked = await check({ contentDir: 'examples/cnie-upr-2013' });
        const problems: Diagnostic[] = checked.warnings;
        // @ts-expect-error a format Dossier does not write
        await build({ contentDir: 'x', outDir: 'y', formats: ['odt'] });
        try { await check({ contentDir: 'x' }); } catch (e) { if (e instanceof DiagnosticError) problems.push(...e.diagnostics); }
        return [kind, ...result.written, ...problems.map((d) => d.message)];
      }
      `,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', join(dir, 'consumer.ts')];
    expect(() => execFileSync(process.execPath, [tsc, ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
    // …and the check can fail: a wrong type is an error.
    writeFileSync(join(dir, 'consumer.ts'), `import { build } from '${packageJson.name}';\nexport const x: number = build;\n`);
    const failed = spawnSync(process.execPath, [tsc, ...args], { cwd: root, encoding: 'utf8' });
    expect(failed.status).not.toBe(0);
    expect(failed.stdout).toContain('TS2322');
  });
});
