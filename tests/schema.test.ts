import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../src/diagnostics/diagnostic.js';
import { initContent } from '../src/init/init.js';
import { loadContent } from '../src/content/load.js';
import { submissionKinds } from '../src/model/schema.js';
import { copyOfExample, dossier, root, tempDir } from './helpers.js';

const files = ['submission', 'profile'] as const;
type File = (typeof files)[number];

/** The schema as `dossier schema` prints it, compiled by a real JSON Schema validator. */
function validator(file: File) {
  const run = dossier(['schema', ...(file === 'profile' ? ['profile'] : [])]);
  expect(run.code).toBe(0);
  const schema = JSON.parse(run.stdout) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // The date's own pattern checks it; ajv knows no formats without a plug-in.
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  return ajv.compile(schema);
}
const validators = Object.fromEntries(files.map((f) => [f, validator(f)])) as Record<File, ReturnType<typeof validator>>;
const valid = (file: File, path: string) => {
  const ok = validators[file](parse(readFileSync(path, 'utf8')));
  return ok || validators[file].errors!.map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`).join('; ');
};

describe('the JSON Schema of the content files', () => {
  it('is printed by dossier schema and shipped in schemas/, the same', () => {
    for (const file of files) {
      const printed = dossier(['schema', file]).stdout;
      expect(readFileSync(join(root, 'schemas', `${file}.schema.json`), 'utf8'), `run npm run schemas`).toBe(printed);
      expect(JSON.parse(printed).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    expect(dossier(['schema']).stdout).toBe(dossier(['schema', 'submission']).stdout);
    expect(dossier(['schema', 'theme']).code).toBe(2);
  });

  it('accepts both examples', () => {
    for (const example of ['cnie-upr-2013', 'cwan-water-2024']) {
      for (const file of files) expect(valid(file, join(root, 'examples', example, `${file}.yaml`))).toBe(true);
    }
  });

  it.each(submissionKinds)('accepts what dossier init writes for %s, which names it on its first line', async (kind) => {
    const dir = join(tempDir(), 'x');
    await initContent({ dir, kind });
    for (const file of files) {
      const text = readFileSync(join(dir, `${file}.yaml`), 'utf8');
      const url = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1];
      expect(url).toBeDefined();
      expect(readFileSync(fileURLToPath(url!), 'utf8')).toBe(readFileSync(join(root, 'schemas', `${file}.schema.json`), 'utf8'));
      expect(valid(file, join(dir, `${file}.yaml`))).toBe(true);
    }
  });

  it.each([
    ['profile', 'a number given as text', (t: string) => t.replace('admitted: 2008', 'admitted: "2008年"')],
    ['profile', 'an unknown field', (t: string) => t.replace('founded:', 'fonded:\n  year: 1992\nfounded:')],
    ['profile', 'a status that does not exist', (t: string) => t.replace('status: general', 'status: observer')],
    ['submission', 'a kind that does not exist', (t: string) => t.replace('kind: upr-stakeholder', 'kind: petition')],
    ['submission', 'a missing title', (t: string) => t.replace(/^title: .*$/m, '')],
    ['submission', 'a title of spaces only', (t: string) => t.replace(/^title: .*$/m, 'title: "   "')],
    ['submission', 'a body entry of no known shape', (t: string) => t.replace('  - paragraph: >-', '  - paragrahp: >-')],
    ['submission', 'text per language under a tag that is not one', (t: string) => t.replace(/^addressee: .*$/m, 'addressee: { English: OHCHR }')],
    ['submission', 'a date that is not one', (t: string) => t.replace('date: 2013-03-04', 'date: 2013-02-30')],
  ] as const)('and the loader both refuse %s with %s', async (file, _what, edit) => {
    const dir = copyOfExample();
    const path = join(dir, `${file}.yaml`);
    const edited = edit(readFileSync(path, 'utf8'));
    expect(edited).not.toBe(readFileSync(path, 'utf8'));
    writeFileSync(path, edited);
    expect(valid(file, path)).not.toBe(true);
    await expect(loadContent(dir)).rejects.toBeInstanceOf(DiagnosticError);
  });
});
