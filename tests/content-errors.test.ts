import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildTree } from '../src/build.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { copyOfExample, exampleDir } from './helpers.js';

/** Applies `edit` to one file of a fresh copy of the example and returns what buildTree reports. */
async function problemsAfter(file: string, edit: (text: string) => string): Promise<Diagnostic[]> {
  const dir = copyOfExample();
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  try {
    await buildTree(dir);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  return [];
}

/** The line (1-based) of the first occurrence of `needle` in a file of the example. */
function lineOf(file: string, needle: string, text = readFileSync(join(exampleDir, file), 'utf8')): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('content validation', () => {
  it('accepts the example: a title, then a numbered block for each paragraph of the body', async () => {
    const { tree, warnings } = await buildTree(exampleDir);
    expect(warnings).toEqual([]);
    const submission = parse(readFileSync(join(exampleDir, 'submission.yaml'), 'utf8')) as { body: { paragraph?: string }[] };
    const kinds = tree.blocks.map((b) => b.kind);
    const paragraphs = submission.body.filter((entry) => entry.paragraph !== undefined).length;
    expect(kinds.slice(kinds.indexOf('title') + 1)).toEqual(Array(paragraphs).fill('numbered'));
  });

  it('locates a YAML syntax error, once', async () => {
    const problems = await problemsAfter('profile.yaml', (t) => t.replace('legalStatus: ', 'legalStatus: a: '));
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'yaml/syntax', file: expect.stringMatching(/profile\.yaml$/), severity: 'error', line: lineOf('profile.yaml', 'legalStatus:'), column: 14 }),
    ]);
  });

  it('names a missing required field and where its parent is', async () => {
    const problems = await problemsAfter('profile.yaml', (t) => t.replace(/^ {2}memberUnits: 63\n/m, ''));
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'schema/required',
        message: 'missing required field "memberUnits"',
        field: 'membership.memberUnits',
        line: lineOf('profile.yaml', 'membership:'),
        column: 1,
        file: expect.stringMatching(/profile\.yaml$/),
      }),
    ]);
  });

  it('rejects a year written as text, on its line', async () => {
    const problems = await problemsAfter('profile.yaml', (t) => t.replace('admitted: 2008', 'admitted: "two thousand eight"'));
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'schema/type', field: 'ecosoc.admitted', line: lineOf('profile.yaml', 'admitted: 2008'), column: 13 }),
    ]);
  });

  it('rejects an unknown key, pointing at the key', async () => {
    const problems = await problemsAfter('submission.yaml', (t) => t.replace('joint: false', 'joint: false\ntittle: x'));
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'schema/unknown-key', field: 'tittle', line: lineOf('submission.yaml', 'joint: false') + 1, column: 1 }),
    ]);
  });

  it('reports every problem at once, across files', async () => {
    const dir = copyOfExample();
    const profile = join(dir, 'profile.yaml');
    const submission = join(dir, 'submission.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace('admitted: 2008', 'admitted: soon'));
    writeFileSync(submission, readFileSync(submission, 'utf8').replace('kind: upr-stakeholder', 'kind: poem'));
    const error = await buildTree(dir).catch((e: DiagnosticError) => e);
    expect((error as DiagnosticError).diagnostics.map((d) => d.field)).toEqual(['ecosoc.admitted', 'kind']);
  });

  it('locates a reference to a missing fact inside a folded paragraph', async () => {
    const problems = await problemsAfter('submission.yaml', (t) => t.replace('{{profile.membership.memberUnits}}个团体会员', '{{profile.membership.memberCount}}个团体会员'));
    const edited = readFileSync(join(exampleDir, 'submission.yaml'), 'utf8').replace('memberUnits}}个团体', 'memberCount}}个团体');
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'template/missing-field',
        message: expect.stringContaining('"memberCount"'),
        field: 'body[0].paragraph',
        line: lineOf('submission.yaml', '{{profile.membership.memberCount}}', edited),
      }),
    ]);
  });

  it('locates a template syntax error in content', async () => {
    const problems = await problemsAfter('profile.yaml', (t) => t.replace('{{profile.names.short}}）成立于', '{{profile.names.short）成立于'));
    expect(problems[0]).toMatchObject({ rule: 'template/syntax', field: 'introduction', file: expect.stringMatching(/profile\.yaml$/) });
  });

  it('names a file that is missing', async () => {
    const dir = copyOfExample();
    rmSync(join(dir, 'submission.yaml'));
    const error = (await buildTree(dir).catch((e) => e)) as DiagnosticError;
    expect(error.diagnostics).toEqual([
      expect.objectContaining({ rule: 'content/unreadable', message: 'file not found', file: expect.stringMatching(/submission\.yaml$/) }),
    ]);
  });

  it('refuses a file that is not UTF-8', async () => {
    const problems = await problemsAfter('profile.yaml', (t) => t);
    expect(problems).toEqual([]);
    const dir = copyOfExample();
    writeFileSync(join(dir, 'profile.yaml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xd6, 0xd0]));
    const error = (await buildTree(dir).catch((e) => e)) as DiagnosticError;
    expect(error.diagnostics[0]).toMatchObject({ rule: 'content/encoding', file: expect.stringMatching(/profile\.yaml$/) });
  });
});
