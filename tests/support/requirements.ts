import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeEach, type TestContext, TestRunner } from 'vitest';
import { testFonts } from './test-fonts.js';

/**
 * What the tests need from the machine beyond Node: the programs that read the outputs
 * back for real, and the test-only fonts. Where one is missing its tests are skipped
 * with a note naming it and how to install it (the summary line at the end of the run
 * gathers them); with DOSSIER_REQUIRE_TOOLS=1, as CI sets it, they fail instead.
 */
export const requirements = {
  pdftotext: { install: 'apt-get install -y poppler-utils', present: () => onPath('pdftotext') },
  pdffonts: { install: 'apt-get install -y poppler-utils', present: () => onPath('pdffonts') },
  pdfinfo: { install: 'apt-get install -y poppler-utils', present: () => onPath('pdfinfo') },
  pdftoppm: { install: 'apt-get install -y poppler-utils', present: () => onPath('pdftoppm') },
  qpdf: { install: 'apt-get install -y qpdf', present: () => onPath('qpdf') },
  soffice: { install: 'apt-get install -y libreoffice-writer-nogui', present: () => onPath('soffice') },
  pandoc: { install: 'apt-get install -y pandoc', present: () => onPath('pandoc') },
  unzip: { install: 'apt-get install -y unzip', present: () => onPath('unzip') },
  // LibreOffice hyphenates only with these; without them its lines are not Word's.
  'hyphen dictionaries': {
    install: 'apt-get install -y hyphen-en-us hyphen-fr hyphen-es hyphen-ru',
    present: () => ['en_US', 'fr', 'es_ES', 'ru_RU'].every((lang) => existsSync(`/usr/share/hyphen/hyph_${lang}.dic`)),
  },
  // A real browser for `dossier preview`'s page: Debian's Chromium, driven by playwright-core
  // (whose own browser downloads are not to be had here), headless.
  chromium: { install: 'apt-get install -y chromium', present: () => onPath('chromium') },
  'fc-list': { install: 'apt-get install -y fontconfig', present: () => onPath('fc-list') },
  // Debian's python-docx, for the system python3: a second reader of the DOCX.
  'python-docx': {
    install: 'apt-get install -y python3-docx',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import docx'], { stdio: 'ignore' }).status === 0,
  },
  // LibreOffice's Python bridge, to edit a DOCX in LibreOffice as a colleague would (Track Changes on).
  'python-uno': {
    install: 'apt-get install -y python3-uno',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import uno'], { stdio: 'ignore' }).status === 0,
  },
  'test fonts': { install: 'bash scripts/fetch-test-fonts.sh', present: () => Object.values(testFonts).every((f) => existsSync(f)) },
} satisfies Record<string, { install: string; present: () => boolean }>;

export type Requirement = keyof typeof requirements;

/** The prefix of every skip note: the summary reporter finds its notes by it. */
export const skipPrefix = 'missing: ';

/**
 * Every test of the enclosing describe block (or file) needs these: skipped, or with
 * DOSSIER_REQUIRE_TOOLS=1 failed, where one is missing. Called inside a test, the test
 * itself needs them, from there on.
 */
export function needs(...wanted: Requirement[]): void {
  const check = (context: TestContext) => {
    const missing = wanted.filter((name) => !isPresent(name));
    if (!missing.length) return;
    const note = `${skipPrefix}${missing.map((name) => `${name} (${requirements[name].install})`).join(', ')}`;
    if (process.env.DOSSIER_REQUIRE_TOOLS === '1') throw new Error(`${note}; DOSSIER_REQUIRE_TOOLS=1 allows no skipped test`);
    context.skip(note);
  };
  const running = TestRunner.getCurrentTest();
  if (running) check(running.context);
  else beforeEach(check);
}

const known = new Map<Requirement, boolean>();
/** Whether the machine has it: for a beforeAll that would run a program its tests need. */
export function isPresent(name: Requirement): boolean {
  if (!known.has(name)) known.set(name, requirements[name].present());
  return known.get(name)!;
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
