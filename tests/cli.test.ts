import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfExample, dossier, exampleDir, tempDir } from './helpers.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('dossier build', () => {
  it('writes both files, reproducibly, and says what it wrote', () => {
    const first = tempDir();
    const second = tempDir();
    const run = dossier(['build', exampleDir, '--out', first]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`wrote ${join(first, 'submission.pdf')}`);
    expect(run.stderr).toContain(`wrote ${join(first, 'submission.docx')}`);
    expect(dossier(['build', exampleDir, '--out', second, '--quiet']).code).toBe(0);
    for (const name of ['submission.pdf', 'submission.docx']) expect(sha256(join(second, name))).toBe(sha256(join(first, name)));
  });

  it('writes only the formats asked for', () => {
    const out = tempDir();
    expect(dossier(['build', exampleDir, '--out', out, '--format', 'docx', '-q']).code).toBe(0);
    expect(readdirSync(out)).toEqual(['submission.docx']);
  });

  it('exits 1 with file, line and field on bad content, leaving earlier outputs untouched', () => {
    const content = copyOfExample();
    const out = tempDir();
    expect(dossier(['build', content, '--out', out, '-q']).code).toBe(0);
    const before = readdirSync(out).map((f) => [f, sha256(join(out, f))]);
    const profile = join(content, 'profile.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace('admitted: 2008', 'admitted: "2008年"'));

    const run = dossier(['build', content, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/profile\.yaml:\d+:\d+: error: .*\(ecosoc\.admitted\)/);
    expect(readdirSync(out).map((f) => [f, sha256(join(out, f))])).toEqual(before);
  });

  it('prints problems as JSON with --json', () => {
    const content = copyOfExample();
    writeFileSync(join(content, 'submission.yaml'), 'kind: upr-stakeholder\n');
    const run = dossier(['build', content, '--out', tempDir(), '--json']);
    expect(run.code).toBe(1);
    const { problems } = JSON.parse(run.stdout) as { problems: { field: string; line: number; file: string }[] };
    expect(problems.map((p) => p.field)).toContain('title');
    expect(problems.every((p) => p.file.endsWith('submission.yaml') && p.line >= 1)).toBe(true);
  });

  it('exits 2 on usage errors', () => {
    expect(dossier(['build']).code).toBe(2);
    const badFormat = dossier(['build', exampleDir, '--format', 'odt']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "odt" (use pdf, docx)');
    expect(dossier(['frobnicate']).code).toBe(2);
  });

  it('explains every command and flag in --help', () => {
    const main = dossier(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/build/);
    expect(main.stdout).toMatch(/check/);
    const build = dossier(['build', '--help']).stdout;
    for (const flag of ['--out', '--format', '--theme', '--json', '--quiet', '--all-errors']) expect(build).toContain(flag);
    expect(dossier(['check', '--help']).stdout).toContain('--all-errors');
  });
});

describe('dossier check', () => {
  it('validates without writing anything', () => {
    const cwd = tempDir();
    const run = dossier(['check', exampleDir], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^words: [\d,]+$/m);
    expect(run.stdout).toMatch(/^pages: \d+ of at most 5 \(one organisation\)$/m);
    expect(existsSync(join(cwd, 'output'))).toBe(false);
  });

  it('prints each language\'s counts on lines of its own, each named by its language', () => {
    const run = dossier(['check', join(exampleDir, '..', 'cwan-water-2024')]);
    expect(run.code).toBe(0);
    // Then, once, the submission form's fields (in the main language).
    const [counts, form] = run.stdout.split('submission form:\n');
    expect(form).toMatch(/^ {2}Title: /);
    const lines = counts!.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(7 * 2);
    for (const line of lines) expect(line).toMatch(/^(en|fr|es|ru|ar|zh-CN|zh-Hant): (words: [\d,]+|rules: none for this kind)/);
  });
});
