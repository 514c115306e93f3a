import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyOfExample, exampleDir, tempDir } from './helpers.js';

interface Report {
  ok: boolean;
  problems: { severity: string; rule: string; message: string; file?: string; line?: number; field?: string }[];
  counts?: { words: number; pages?: number };
  languages?: Record<string, { words: number }>;
  rules?: { kind: string };
  written?: string[];
  builds?: { contentDir: string; ok: boolean; written: string[] }[];
}

/**
 * Runs the CLI with --json and parses its stdout as one JSON value: it must be
 * exactly that, whatever else the run printed (on stderr). `preload` is a module
 * node loads first, to make the program fail where no input can.
 */
function run(args: string[], preload?: string) {
  const result = spawnSync(process.execPath, [...(preload ? ['--import', preload] : []), cli, ...args, '--json'], { encoding: 'utf8', timeout: 60_000 });
  expect(() => JSON.parse(result.stdout), `stdout: ${result.stdout}\nstderr: ${result.stderr}`).not.toThrow();
  return { code: result.status, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

function edited(file: string, edit: (text: string) => string): string {
  const dir = copyOfExample();
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

/** Makes any decoding of a text holding the marker throw a plain error: a stand-in for a bug in Dossier. */
function faultInjector(): { preload: string; marker: string } {
  const preload = join(tempDir(), 'fault.mjs');
  // The marker is put together at run time: the module's own source must not hold it.
  writeFileSync(
    preload,
    [
      "const marker = ['injected', 'fault'].join('-');",
      'const decode = TextDecoder.prototype.decode;',
      "TextDecoder.prototype.decode = function (...args) { const text = decode.apply(this, args); if (text.includes(marker)) throw new RangeError('a bug'); return text; };",
    ].join('\n'),
  );
  return { preload, marker: 'injected-fault' };
}

describe('--json prints exactly one JSON value on stdout, in every case', () => {
  it.each(['check', 'build'])('%s: success, with the counts and rules', (command) => {
    const { code, report } = run(command === 'check' ? ['check', exampleDir] : ['build', exampleDir, '--out', tempDir()]);
    expect(code).toBe(0);
    // Three pages since the UPR submission prints its addressee, State under review and cycle (issue 24).
    expect(report).toMatchObject({ ok: true, problems: [], counts: { words: expect.any(Number), pages: 3 }, rules: { kind: 'upr-stakeholder' } });
    expect(Object.keys(report.languages!)).toEqual(['zh-CN']);
    if (command === 'build') expect(report.written!.map((f) => f.replace(/.*\//, ''))).toEqual(['submission.pdf', 'submission.docx']);
  });

  it.each(['check', 'build'])('%s: content problems, located, exit 1', (command) => {
    const dir = edited('profile.yaml', (t) => t.replace('admitted: 2008', 'admitted: "2008年"'));
    const { code, report } = run(command === 'check' ? ['check', dir] : ['build', dir, '--out', tempDir()]);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ severity: 'error', field: 'ecosoc.admitted', file: expect.stringMatching(/profile\.yaml$/), line: expect.any(Number) })]);
  });

  it('a YAML syntax error', () => {
    const dir = edited('profile.yaml', (t) => t.replace('legalStatus: ', 'legalStatus: ['));
    const { code, report } = run(['check', dir]);
    expect(code).toBe(1);
    expect(report.problems[0]).toMatchObject({ rule: 'yaml/syntax', file: expect.stringMatching(/profile\.yaml$/) });
  });

  it('Handlebars warnings ({{toString}} in a loop) stay off stdout', () => {
    const dir = edited('submission.yaml', (t) => t.replace('截至2011年底', '截至2011年底{{#each profile}}{{toString}}{{/each}}'));
    const { code, report } = run(['check', dir]);
    expect(code).toBe(1);
    expect(report.problems).toEqual([expect.objectContaining({ field: 'body[2].paragraph', line: expect.any(Number) })]);
  });

  it.each(['check', 'build'])('%s: a crash is an internal-error problem, its stack on stderr', (command) => {
    const { preload, marker } = faultInjector();
    const dir = edited('profile.yaml', (t) => `${t}# ${marker}\n`);
    const { code, report, stderr } = run(command === 'check' ? ['check', dir] : ['build', dir, '--out', tempDir()], preload);
    expect(code).toBe(1);
    expect(report).toEqual({ ok: false, problems: [expect.objectContaining({ severity: 'error', rule: 'internal/error', message: 'internal error: a bug' })] });
    expect(stderr).toContain('RangeError: a bug');
  });

  it('a usage error: exit 2, and still one value', () => {
    const { code, report } = run(['build', exampleDir, '--format', 'odt']);
    expect(code).toBe(2);
    expect(report.problems).toEqual([expect.objectContaining({ rule: 'cli/usage', message: 'unknown format "odt" (use pdf, docx)' })]);
  });

  it('several content folders: one value, with a result per folder', () => {
    const broken = edited('profile.yaml', (t) => t.replace('admitted: 2008', 'admitted: "2008年"'));
    const { code, report } = run(['build', exampleDir, broken, '--out', tempDir(), '--format', 'docx']);
    expect(code).toBe(1);
    expect(report.builds!.map((b) => [b.ok, b.written.length])).toEqual([[true, 1], [false, 0]]);
    expect(report.problems).toEqual([expect.objectContaining({ field: 'ecosoc.admitted' })]);
  });
});
