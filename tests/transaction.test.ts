import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitOutputs } from '../src/files/transaction.js';
import { DiagnosticError } from '../src/diagnostics/diagnostic.js';
import { cli, copyOfExample, dossier, root, tempDir } from './helpers.js';

/** Every file in the folder, hidden ones too, with its hash. */
const files = (dir: string) =>
  Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
const hidden = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.'));

/** A copy of a content folder with one of its sentences changed, so that its outputs differ. */
function changed(source: string, file: string, from: string, to: string): string {
  const dir = join(tempDir(), 'content');
  cpSync(source, dir, { recursive: true });
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(join(dir, file), text.replace(from, to));
  return dir;
}

describe('a build puts its outputs in place all together or not at all', () => {
  it('submission.docx a folder: exit 1, an error naming it, the PDF as it was before', () => {
    const out = tempDir();
    expect(dossier(['build', copyOfExample(), '--out', out, '-q']).code).toBe(0);
    const pdf = readFileSync(join(out, 'submission.pdf'));
    // A new name in the profile: the new PDF differs from the old.
    const content = changed(join(root, 'examples', 'cnie-upr-2013'), 'profile.yaml', 'short: 中促会', 'short: 中促会甲');
    rmSync(join(out, 'submission.docx'));
    mkdirSync(join(out, 'submission.docx'));

    const run = dossier(['build', content, '--out', out, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { problems: { rule: string; file?: string; message: string }[] };
    expect(report.problems).toEqual([
      expect.objectContaining({ rule: 'output/not-a-file', file: expect.stringMatching(/submission\.docx$/), message: expect.stringContaining('it is a folder') }),
    ]);
    expect(readFileSync(join(out, 'submission.pdf')).equals(pdf)).toBe(true);
    expect(hidden(out)).toEqual([]);
  });

  it('the 7-language example killed after 3 of its 14 renames: the next build, even one that fails, leaves outputs of one build and no stray files', () => {
    const example = join(root, 'examples', 'cwan-water-2024');
    const out = tempDir();
    expect(dossier(['build', example, '--out', out, '-q']).code).toBe(0);
    const old = files(out);
    const content = changed(example, 'profile.yaml', 'memberUnits: 48', 'memberUnits: 49');
    const killed = spawnSync(process.execPath, [cli, 'build', content, '--out', out, '-q'], {
      env: { ...process.env, DOSSIER_TEST_CRASH_AFTER_RENAMES: '3' },
      timeout: 60_000,
    });
    expect(killed.signal).toBe('SIGKILL');
    // Left half-done: en new, the rest old, with the journal that says what was planned.
    const after = files(out);
    expect(hidden(out)).toContain('.dossier.journal');
    const visible = Object.keys(old);
    expect(visible.filter((f) => after[f] !== old[f])).toEqual(['submission.en.docx', 'submission.en.pdf', 'submission.fr.pdf']);

    // The killed build's files: those renamed into place, and the temporaries its journal names.
    const journal = JSON.parse(readFileSync(join(out, '.dossier.journal'), 'utf8')) as { entries: { target: string; temporary: string }[] };
    const killedBuild = Object.fromEntries(journal.entries.map((e) => [e.target, after[e.temporary] ?? after[e.target]]));
    expect(Object.keys(killedBuild).sort()).toEqual(visible);

    // The next build here fails on its content, yet first rolls the killed one forward: its files were whole and checked.
    const broken = changed(content, 'submission.yaml', 'languages:', 'languages: [en]\nlanguagez:');
    const next = dossier(['build', broken, '--out', out, '-q']);
    expect(next.code).toBe(1);
    expect(files(out)).toEqual(killedBuild);
    expect(visible.every((f) => killedBuild[f] !== old[f])).toBe(true);
  });

  it('a rename that fails half-way is undone from the backups', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'a.pdf'), 'old a');
    writeFileSync(join(out, 'b.pdf'), 'old b');
    const outputs: [string, Uint8Array][] = [
      [join(out, 'a.pdf'), Buffer.from('new a')],
      [join(out, 'b.pdf'), Buffer.from('new b')],
      [join(out, 'c.pdf'), Buffer.from('new c')],
    ];
    const failing = Object.assign(new Error('rename failed'), { code: 'EIO', path: join(out, 'c.pdf') });
    const commit = commitOutputs(outputs, { afterRename: (n) => { if (n === 2) throw failing; } });
    await expect(commit).rejects.toBeInstanceOf(DiagnosticError);
    await expect(commit).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ rule: 'output/write', file: expect.stringMatching(/c\.pdf$/) })] });
    expect(readdirSync(out).sort()).toEqual(['a.pdf', 'b.pdf']);
    expect(readFileSync(join(out, 'a.pdf'), 'utf8')).toBe('old a');
    expect(readFileSync(join(out, 'b.pdf'), 'utf8')).toBe('old b');
    // and it does all of it when nothing fails
    await commitOutputs(outputs, {});
    expect(readdirSync(out).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
    expect(readFileSync(join(out, 'b.pdf'), 'utf8')).toBe('new b');
  });

  it('a build waits while another (a live process) holds the folder’s lock, then writes', async () => {
    const out = tempDir();
    writeFileSync(join(out, '.dossier.lock'), `${process.pid} 0a1b2c3d4e5f\n`);
    let done = false;
    const commit = commitOutputs([[join(out, 'a.pdf'), Buffer.from('a')]], {}).then(() => (done = true));
    await new Promise((wake) => setTimeout(wake, 300));
    expect(done).toBe(false);
    expect(existsSync(join(out, 'a.pdf'))).toBe(false);
    rmSync(join(out, '.dossier.lock'));
    await commit;
    expect(readdirSync(out)).toEqual(['a.pdf']);
  });

  it('a stale lock (its build killed) is taken over; no files of it are left', async () => {
    const out = tempDir();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(out, '.dossier.lock'), `${gone} 0a1b2c3d4e5f\n`);
    writeFileSync(join(out, `.a.pdf.${gone}.0a1b2c3d4e5f.tmp`), 'partial');
    const started = performance.now();
    await commitOutputs([[join(out, 'a.pdf'), Buffer.from('a')]], {});
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(readdirSync(out)).toEqual(['a.pdf']);
    expect(existsSync(join(out, '.dossier.lock'))).toBe(false);
  });
});
