import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dossier, pdfText, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * In a plain (unquoted) YAML value, " #" starts a comment: `title: Progress on SDG #5,
 * gender equality` is "Progress on SDG". Where that cuts a text short, the build says
 * so and goes on; enums and numbers keep their comments silently (issue 21).
 */

function freshContent(): string {
  const dir = join(tempDir(), 'content');
  expect(dossier(['init', dir, '--kind', 'report', '--lang', 'en']).code).toBe(0);
  return dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

function positionOf(dir: string, file: string, needle: string, at = 0): { line: number; column: number } {
  const text = readFileSync(join(dir, file), 'utf8');
  const before = text.slice(0, text.indexOf(needle) + at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Warnings as the CLI prints them, each with its hint. */
function warnings(stderr: string) {
  return [...stderr.matchAll(/^(.+?):(\d+):(\d+): warning: (.*?) \((\S+)\) \[(\S+)\]\n(?: {2}hint: (.*)\n)?/gm)].map((m) => ({
    file: m[1]!,
    line: Number(m[2]),
    column: Number(m[3]),
    message: m[4]!,
    field: m[5]!,
    rule: m[6]!,
    hint: m[7],
  }));
}

describe('a # that YAML reads as a comment in a text', () => {
  it('after a space on the line of a title, a name or a heading: a located warning with the quoted text; enums and numbers keep theirs', () => {
    needs('pdftotext');
    const dir = freshContent();
    edit(dir, 'submission.yaml', 'title: Title of the text', 'title: Progress on SDG #5, gender equality');
    edit(dir, 'submission.yaml', '- heading: Introduction', '- heading: Goals # and more');
    edit(dir, 'profile.yaml', 'full: Example Organization for Human Rights', 'full:\n    en: Example Org #1');
    edit(dir, 'profile.yaml', 'status: special', 'status: special  # general | special | roster');
    edit(dir, 'profile.yaml', 'year: 2001', 'year: 2001 # founded');

    const out = join(tempDir(), 'out');
    const result = dossier(['build', dir, '--out', out, '--format', 'pdf', '-q']);
    expect(result.code).toBe(0);
    const rule = 'yaml/comment-in-text';
    expect(warnings(result.stderr)).toEqual([
      expect.objectContaining({ ...positionOf(dir, 'profile.yaml', '#1'), field: 'names.full.en', rule, hint: expect.stringContaining('"Example Org #1"') }),
      expect.objectContaining({
        ...positionOf(dir, 'submission.yaml', '#5'),
        field: 'title',
        rule,
        hint: expect.stringContaining('"Progress on SDG #5, gender equality"'),
      }),
      expect.objectContaining({ ...positionOf(dir, 'submission.yaml', '# and more'), field: 'body[0].heading', rule }),
    ]);
    // What the warning is about: the text really stops there.
    expect(pdfText(join(out, 'submission.pdf'))).toContain('Progress on SDG');
  });

  it('on a line of its own inside a multi-line text: a located warning', () => {
    const dir = freshContent();
    edit(dir, 'submission.yaml', 'subject: Report', 'subject: Report on\n  # 5 goals');
    const result = dossier(['check', dir]);
    expect(result.code).toBe(0);
    expect(warnings(result.stderr)).toEqual([
      expect.objectContaining({ ...positionOf(dir, 'submission.yaml', '# 5 goals'), field: 'subject', rule: 'yaml/comment-in-text' }),
    ]);
  });

  it('in quotes or a block (>-) it is text: no warning, and it is printed', () => {
    needs('pdftotext');
    const dir = freshContent();
    edit(dir, 'submission.yaml', 'title: Title of the text', 'title: "Progress on SDG #5, gender equality"');
    edit(dir, 'submission.yaml', 'Write each paragraph as one entry. Write the text only.', 'Goal #6 and # 7 too.');
    const out = join(tempDir(), 'out');
    const result = dossier(['build', dir, '--out', out, '--format', 'pdf', '-q']);
    expect(result.stderr).toBe('');
    const text = pdfText(join(out, 'submission.pdf'));
    expect(text).toContain('Progress on SDG #5, gender equality');
    expect(text).toContain('Goal #6 and # 7 too.');
  });
});
