import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfExample, docxPart, dossier, exampleDir, pdfText, squash, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';
import { startWatch } from './support/watching.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const shas = (dir: string) => ['submission.pdf', 'submission.docx'].map((f) => sha256(join(dir, f)));

describe('byte-identical outputs', () => {
  it('same content, different folders, clocks and time zones: same SHA-256 for both files', async () => {
    const outs: string[] = [];
    for (const tz of ['UTC', 'Pacific/Kiritimati']) {
      const content = join(tempDir(), 'somewhere', 'content');
      cpSync(exampleDir, content, { recursive: true });
      const out = join(tempDir(), 'out');
      const { SOURCE_DATE_EPOCH: _, ...env } = process.env;
      expect(dossier(['build', content, '--out', out, '-q'], tempDir(), { ...env, TZ: tz }).code).toBe(0);
      outs.push(out);
      await new Promise((r) => setTimeout(r, 1100)); // a later second on the clock
    }
    expect(shas(outs[1]!)).toEqual(shas(outs[0]!));
  });

  describe('read by pdfinfo', () => {
    needs('pdfinfo');
    it('SOURCE_DATE_EPOCH sets the metadata and zip times, reproducibly; a bad value is an error', () => {
    const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
    const [a, b] = [tempDir(), tempDir()];
    expect(dossier(['build', exampleDir, '--out', a, '-q'], undefined, env).code).toBe(0);
    expect(dossier(['build', exampleDir, '--out', b, '-q'], undefined, env).code).toBe(0);
    expect(shas(b)).toEqual(shas(a));
    const docx = readFileSync(join(a, 'submission.docx'));
    expect(docxPart(docx, 'docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z</dcterms:created>');
    expect(execFileSync('pdfinfo', ['-isodates', join(a, 'submission.pdf')], { encoding: 'utf8' })).toMatch(/CreationDate:\s+2023-11-14T22:13:20Z/);

    const bad = dossier(['build', exampleDir, '--out', tempDir(), '-q'], undefined, { ...process.env, SOURCE_DATE_EPOCH: 'yesterday' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('SOURCE_DATE_EPOCH must be whole seconds since 1970');
    });
  });
});

describe('dossier watch', () => {
  needs('pdftotext');
  it('rebuilds both files when profile.yaml changes, equal to a cold build; a broken edit keeps them', async () => {
    const content = copyOfExample();
    const out = tempDir();
    const watch = startWatch(content, out);
    try {
      await watch.next(/^first build: built in \d+ ms, wrote .*submission\.pdf, .*submission\.docx$/);
      await watch.next(/^watching \d+ files and folders/);
      const first = shas(out);

      const profile = join(content, 'profile.yaml');
      writeFileSync(profile, readFileSync(profile, 'utf8').replace('memberUnits: 63', 'memberUnits: 64'));
      const line = await watch.next(/profile\.yaml changed: /);
      expect(line).toMatch(/profile\.yaml changed: rebuilt in \d+ ms, wrote .*submission\.pdf, .*submission\.docx$/);
      const second = shas(out);
      expect(second[0]).not.toBe(first[0]);
      expect(second[1]).not.toBe(first[1]);
      expect(squash(pdfText(join(out, 'submission.pdf')))).toContain('现有64家理事单位');
      expect(docxPart(readFileSync(join(out, 'submission.docx')), 'word/document.xml')).toContain('64');
      // The warm process writes exactly what a cold build of the same content writes.
      const cold = tempDir();
      expect(dossier(['build', content, '--out', cold, '-q']).code).toBe(0);
      expect(shas(cold)).toEqual(second);

      writeFileSync(profile, readFileSync(profile, 'utf8').replace('memberUnits: 64', 'memberUnits: sixty-four'));
      expect(await watch.next(/profile\.yaml changed: /)).toMatch(/: 1 error, kept the previous files \(\d+ ms\)$/);
      expect(await watch.next(/error:/)).toMatch(/profile\.yaml:\d+:\d+: error: must be a number.*\(membership\.memberUnits\)/);
      expect(shas(out)).toEqual(second);
      expect(watch.child.exitCode).toBe(null); // still watching

      writeFileSync(profile, readFileSync(profile, 'utf8').replace('memberUnits: sixty-four', 'memberUnits: 64'));
      expect(await watch.next(/profile\.yaml changed: /)).toMatch(/the document is the same, nothing written/);
    } finally {
      watch.child.kill('SIGINT');
    }
    expect(await watch.exited).toBe(0);
  }, 90_000);
});

describe('several content folders at once', () => {
  it('builds each into its own folder, in worker threads, the same bytes as one at a time; a broken one fails alone', () => {
    const root = tempDir();
    for (const name of ['alpha', 'beta', 'gamma']) cpSync(exampleDir, join(root, name), { recursive: true });
    const broken = join(root, 'broken');
    cpSync(exampleDir, broken, { recursive: true });
    writeFileSync(join(broken, 'submission.yaml'), readFileSync(join(broken, 'submission.yaml'), 'utf8').replace('cycle: 2', 'cycle: second'));
    const out = tempDir();
    const dirs = ['alpha', 'beta', 'broken', 'gamma'].map((n) => join(root, n));

    const run = dossier(['build', ...dirs, '--out', out]);
    expect(run.code).toBe(1);
    // Not a terminal: a plain line per folder, no progress bar.
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr.match(/^\[\d\/4\] /gm)).toHaveLength(4);
    expect(run.stderr).toMatch(/broken: failed\n.*submission\.yaml:\d+:\d+: error: .*\(review\.cycle\)/);
    expect(run.stderr).toContain('3 of 4 built');
    expect(existsSync(join(out, 'broken'))).toBe(false);

    const single = tempDir();
    expect(dossier(['build', exampleDir, '--out', single, '-q']).code).toBe(0);
    for (const name of ['alpha', 'beta', 'gamma']) expect(shas(join(out, name))).toEqual(shas(single));
  }, 60_000);

  it('refuses two folders of the same name (their outputs would collide) as a usage error', () => {
    const [a, b] = [tempDir(), tempDir()];
    cpSync(exampleDir, join(a, 'same'), { recursive: true });
    cpSync(exampleDir, join(b, 'same'), { recursive: true });
    const run = dossier(['build', join(a, 'same'), join(b, 'same')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('two content folders are named "same"');
  });
});
