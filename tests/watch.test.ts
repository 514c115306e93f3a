import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyOfExample, exampleDir, pdfText, squash, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';
import { startWatch } from './support/watching.js';

/**
 * `dossier watch` on what users' folders do: links, unreadable folders, a folder that
 * goes away and comes back. Each test edits profile.yaml at the end and expects a
 * rebuild: the watch did not die, and did not go deaf.
 */

const built = /: (re)?built in \d+ ms, wrote /;

/** Sets the example's number of member units in profile.yaml: an edit whose result shows in the PDF. */
function setMemberUnits(content: string, units: number): void {
  const profile = join(content, 'profile.yaml');
  writeFileSync(profile, readFileSync(profile, 'utf8').replace(/memberUnits: \d+/, `memberUnits: ${units}`));
}

const pdfSays = (out: string, units: number) => squash(pdfText(join(out, 'submission.pdf'))).includes(`现有${units}家理事单位`);

/** Edits profile.yaml and waits for the rebuild that shows the edit. */
async function editIsRebuilt(watch: ReturnType<typeof startWatch>, content: string, out: string, units: number): Promise<string> {
  setMemberUnits(content, units);
  const line = await watch.next(/profile\.yaml changed: /);
  expect(line).toMatch(built);
  expect(pdfSays(out, units)).toBe(true);
  return line;
}

/** A watch of a copy of the example, running until `use` ends; it must stop cleanly. */
async function watchingExample(use: (watch: ReturnType<typeof startWatch>, content: string, out: string) => Promise<void>): Promise<void> {
  const content = copyOfExample();
  const out = tempDir();
  const watch = startWatch(content, out);
  try {
    await watch.next(/^watching \d+ files and folders/);
    await use(watch, content, out);
  } finally {
    expect(await watch.stop()).toBe(0);
  }
}

describe('dossier watch, on what users keep in their folders', () => {
  needs('pdftotext');

  it('a symlink loop inside the folder: not followed, no crash; edits are rebuilt', async () => {
    const content = copyOfExample();
    symlinkSync('.', join(content, 'loop'));
    mkdirSync(join(content, 'images'));
    symlinkSync('../images', join(content, 'images', 'up'));
    symlinkSync('itself', join(content, 'itself'));
    const out = tempDir();
    const watch = startWatch(content, out);
    try {
      await watch.next(/^first build: built in/);
      await watch.next(/^watching \d+ files and folders/);
      await editIsRebuilt(watch, content, out, 64);
      // Finding the links is not an edit.
      expect(watch.lines.join('\n')).not.toMatch(/loop.*changed/);
    } finally {
      expect(await watch.stop()).toBe(0);
    }
  }, 20_000);

  it('a link to / inside the folder is not walked: rebuilds stay under 2 s and memory small', async () => {
    const content = copyOfExample();
    symlinkSync('/', join(content, 'root'));
    symlinkSync('/usr/share', join(content, 'share'));
    const out = tempDir();
    const watch = startWatch(content, out);
    try {
      await watch.next(/^first build: built in/);
      await watch.next(/^watching \d+ files and folders/, 5_000);
      const line = await editIsRebuilt(watch, content, out, 64);
      expect(Number(/rebuilt in (\d+) ms/.exec(line)![1])).toBeLessThan(2_000);
      // Following the links once took 455 MB for /usr/share alone; a build of the example takes ~200.
      expect(watch.peakRssMb()).toBeLessThan(350);
    } finally {
      expect(await watch.stop()).toBe(0);
    }
  }, 20_000);

  it('an unreadable subfolder is a located warning, and the rest is still watched', async (context) => {
    // chmod 000 does not stop root, so as root the watch runs as nobody, which it stops.
    const asRoot = process.getuid?.() === 0;
    const nobody = 65_534;
    const root = tempDir();
    const content = join(root, 'content');
    cpSync(exampleDir, content, { recursive: true });
    mkdirSync(join(content, 'locked'));
    writeFileSync(join(content, 'locked', 'notes.txt'), 'private');
    const out = join(root, 'out');
    const cache = join(root, 'cache');
    mkdirSync(out);
    mkdirSync(cache);
    if (asRoot) {
      for (const dir of [root, content, out, cache]) chmodSync(dir, 0o777);
      for (const file of ['profile.yaml', 'submission.yaml']) chmodSync(join(content, file), 0o666);
      const canRun = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(cli)})`], { uid: nobody, gid: nobody });
      if (canRun.status !== 0) context.skip(`running as root, and user nobody cannot read ${dirname(cli)} to run watch as nobody`);
    }
    chmodSync(join(content, 'locked'), 0o000);
    const watch = startWatch(content, out, {
      cwd: root,
      env: { ...process.env, DOSSIER_CACHE_DIR: cache },
      ...(asRoot ? { uid: nobody, gid: nobody } : {}),
    });
    try {
      await watch.next(/^first build: built in/);
      expect(await watch.next(/warning:/)).toMatch(/^content\/locked: warning: cannot watch this: permission denied \(EACCES\).* \[watch\/unwatchable\]$/);
      await watch.next(/^watching \d+ files and folders/);
      await editIsRebuilt(watch, content, out, 64);
    } finally {
      expect(await watch.stop()).toBe(0);
      chmodSync(join(content, 'locked'), 0o755);
    }
  }, 20_000);

  it('a folder removed and made again (as unzipping does) is reported gone, then watched and built again', async () => {
    const content = copyOfExample();
    const out = tempDir();
    const watch = startWatch(content, out);
    try {
      await watch.next(/^watching \d+ files and folders/);
      rmSync(content, { recursive: true });
      expect(await watch.next(/gone/)).toBe(`${content} is gone; waiting for it to come back`);
      // Made again file by file, with a change: the rebuild shows it.
      mkdirSync(content);
      for (const file of ['profile.yaml', 'submission.yaml']) cpSync(join(exampleDir, file), join(content, file));
      setMemberUnits(content, 65);
      await watch.next(/is back; watching it again$/);
      await watch.next(built);
      await expect.poll(() => pdfSays(out, 65), { timeout: 5_000 }).toBe(true);
      await editIsRebuilt(watch, content, out, 66);
    } finally {
      expect(await watch.stop()).toBe(0);
    }
  }, 20_000);

  it('a folder renamed away and back is reported gone, then watched and built again', async () => {
    const content = copyOfExample();
    const away = join(dirname(content), 'away');
    const out = tempDir();
    const watch = startWatch(content, out);
    try {
      await watch.next(/^watching \d+ files and folders/);
      renameSync(content, away);
      expect(await watch.next(/gone/)).toBe(`${content} is gone; waiting for it to come back`);
      setMemberUnits(away, 65); // edited while away
      renameSync(away, content);
      await watch.next(/is back; watching it again$/);
      expect(await watch.next(/ changed: /)).toMatch(built);
      expect(pdfSays(out, 65)).toBe(true);
      await editIsRebuilt(watch, content, out, 66);
    } finally {
      expect(await watch.stop()).toBe(0);
    }
  }, 20_000);

  it('a folder replaced by a new one in one rename is watched anew: a file added to it is seen', async () => {
    const content = copyOfExample();
    const fresh = join(dirname(content), 'fresh');
    cpSync(exampleDir, fresh, { recursive: true });
    setMemberUnits(fresh, 65);
    const out = tempDir();
    const watch = startWatch(content, out);
    try {
      await watch.next(/^watching \d+ files and folders/);
      rmSync(content, { recursive: true });
      renameSync(fresh, content);
      await expect.poll(() => watch.lines.some((line) => built.test(line) && line.includes('changed')), { timeout: 5_000 }).toBe(true);
      expect(pdfSays(out, 65)).toBe(true);
      // The old folder's watch would miss a file new in the new one.
      writeFileSync(join(content, 'notes.txt'), 'new');
      expect(await watch.next(/notes\.txt changed: /)).toMatch(/the document is the same, nothing written/);
      await editIsRebuilt(watch, content, out, 66);
    } finally {
      expect(await watch.stop()).toBe(0);
    }
  }, 20_000);

  it('a build that crashes is reported, located, and watch keeps going', async () => {
    const content = copyOfExample();
    const out = tempDir();
    const watch = startWatch(content, out);
    const submission = join(content, 'submission.yaml');
    const original = readFileSync(submission, 'utf8');
    try {
      await watch.next(/^watching \d+ files and folders/);
      // A date before 1980 once crashed the DOCX's zip times; fixed, it is a located schema error.
      writeFileSync(submission, original.replace(/^date: .*$/m, 'date: 1979-12-31'));
      expect(await watch.next(/submission\.yaml changed: /)).toMatch(/: 1 error, kept the previous files \(\d+ ms\)$/);
      const problem = await watch.next(/error:/);
      if (problem.includes('internal error')) {
        expect(problem).toMatch(/^(.+): error: internal error, a bug in dossier: .*\(at .+:\d+:\d+\)\) \[internal\/crash\]$/);
        expect(problem.startsWith(`${content}: `)).toBe(true);
      } else {
        expect(problem).toMatch(/submission\.yaml:\d+:\d+: error: .*\(date\)/);
      }
      writeFileSync(submission, original);
      expect(await watch.next(/submission\.yaml changed: /)).toMatch(/the document is the same, nothing written/);
      await editIsRebuilt(watch, content, out, 64);
    } finally {
      expect(await watch.stop()).toBe(0);
    }
  }, 20_000);

  it('keeps the theme across text edits, and reads a theme.yaml added or edited beside them', () =>
    watchingExample(async (watch, content, out) => {
      const theme = join(content, 'theme.yaml');
      // The page size a theme sets shows in the PDF as its media box.
      const width = () => Number(/Page size:\s+([\d.]+) x/.exec(spawnSync('pdfinfo', [join(out, 'submission.pdf')], { encoding: 'utf8' }).stdout)?.[1]);
      expect(width()).toBeCloseTo(595.28, 1); // un: A4
      await editIsRebuilt(watch, content, out, 64);
      writeFileSync(theme, 'extends: un\npage:\n  size: Letter\n');
      await watch.next(/theme\.yaml changed: /);
      expect(width()).toBe(612);
      await editIsRebuilt(watch, content, out, 65); // a text edit after: the new theme is the one kept
      expect(width()).toBe(612);
      writeFileSync(theme, 'extends: un\npage:\n  size: A4\n');
      await watch.next(/theme\.yaml changed: /);
      expect(width()).toBeCloseTo(595.28, 1);
    }), 20_000);

  it('a save right after a rebuild is not lost (chokidar keeps quiet about a file for 50 ms after a change)', () =>
    watchingExample(async (watch, content, out) => {
      // A mistake, reported within a few ms of the save (no layout), then put right at once:
      // within chokidar's 50 ms of the change before.
      const profile = join(content, 'profile.yaml');
      writeFileSync(profile, readFileSync(profile, 'utf8').replace(/memberUnits: \d+/, 'memberUnits: many'));
      expect(await watch.next(/profile\.yaml changed: /)).toMatch(/1 error, kept the previous files/);
      writeFileSync(profile, readFileSync(profile, 'utf8').replace('memberUnits: many', 'memberUnits: 65'));
      expect(await watch.next(/profile\.yaml changed: /)).toMatch(built);
      expect(pdfSays(out, 65)).toBe(true);
    }), 20_000);

  it('a save written in two steps (emptied, then written) is built once, not again for its first step', () =>
    watchingExample(async (watch, content, out) => {
      const profile = join(content, 'profile.yaml');
      const edited = readFileSync(profile, 'utf8').replace(/memberUnits: \d+/, 'memberUnits: 64');
      writeFileSync(profile, ''); // as an editor that truncates first
      await new Promise((r) => setTimeout(r, 3));
      writeFileSync(profile, edited);
      expect(await watch.next(/profile\.yaml changed: /)).toMatch(built);
      expect(pdfSays(out, 64)).toBe(true);
      // Nothing more: the file is as the build read it.
      await new Promise((r) => setTimeout(r, 400));
      expect(watch.lines.filter((line) => / changed: /.test(line))).toHaveLength(1);
    }), 20_000);
});
