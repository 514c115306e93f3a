import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, buildTree, fontPlanFor } from '../src/build.js';
import { DiagnosticError } from '../src/diagnostics/diagnostic.js';
import { extractFace, faceCount } from '../src/fonts/collection.js';
import { readCoverage } from '../src/fonts/coverage.js';
import { loadFontSetup, type FontFile } from '../src/fonts/manifest.js';
import { loadTheme } from '../src/theme/theme.js';
import { copyOfExample, docxPart, dossier, libreOfficeToPdf, pdfText, squash, tempDir, withoutFooters } from './helpers.js';
import { needs } from './support/requirements.js';
import { testFonts } from './support/test-fonts.js';

const { hanaMinB, notoCjk } = testFonts;

const rare = '𠀀𪚥①②℃§éßЖ';
const nowhere = '𓀀'; // U+13000, an Egyptian hieroglyph: in none of the faces

/** The example with a paragraph of rare characters, and optionally a theme of its own. */
function contentWith(paragraph: string, theme?: string): string {
  const dir = copyOfExample();
  const file = join(dir, 'submission.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('body:\n', `body:\n  - paragraph: 罕见字${paragraph}测试\n`));
  if (theme) writeFileSync(join(dir, 'theme.yaml'), theme);
  return dir;
}

const fallbackTheme = `extends: un
faces:
  hanamin: { family: HanaMinB, path: ${hanaMinB}, licence: Hanazono Font License }
chains:
  serif: [serif, hanamin]
`;

describe('coverage check', () => {
  it('names file, line, column and code point of each character no font has', async () => {
    const dir = contentWith(`${rare}${nowhere}`);
    const error = (await build({ contentDir: dir, outDir: tempDir() }).catch((e) => e)) as DiagnosticError;
    expect(error).toBeInstanceOf(DiagnosticError);
    const text = readFileSync(join(dir, 'submission.yaml'), 'utf8');
    const lineOf = (char: string) => text.slice(0, text.indexOf(char)).split('\n').length;
    // Columns count characters: "  - paragraph: 罕见字" is 18 of them.
    expect(error.diagnostics.map((d) => [d.rule, d.message.split(' is ')[0], d.line, d.column])).toEqual([
      ['fonts/missing-glyph', "U+20000 '𠀀'", lineOf('𠀀'), 19],
      ['fonts/missing-glyph', "U+2A6A5 '𪚥'", lineOf('𪚥'), 20],
      ['fonts/missing-glyph', "U+13000 '𓀀'", lineOf(nowhere), 28],
    ]);
    expect(error.diagnostics[0]!.file).toMatch(/submission\.yaml$/);
    expect(error.diagnostics[0]!.message).toContain('(body: serif)');
  });

  it('turns them into warnings with --allow-missing-glyphs, and the build goes on', async () => {
    const out = tempDir();
    const run = dossier(['build', contentWith(nowhere), '--out', out, '--allow-missing-glyphs', '--format', 'pdf']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/submission\.yaml:\d+:\d+: warning: U\+13000 '𓀀' is in no configured font/);
  });

  it('runs alone as `dossier fonts --check`', () => {
    const bad = dossier(['fonts', '--check', contentWith(nowhere)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/U\+13000/);
  });
});

describe('per-character fallback', () => {
  needs('test fonts', 'pdftotext', 'pdffonts', 'soffice');
  // Built by the first test that runs, not in beforeAll: where the fonts are missing, nothing runs.
  let built: Promise<string> | undefined;
  const output = () =>
    (built ??= (async () => {
      const out = tempDir();
      await build({ contentDir: contentWith(rare, fallbackTheme), outDir: out });
      return out;
    })());

  it('passes `dossier fonts --check` with the Extension B face in the chain', () => {
    const good = dossier(['fonts', '--check', contentWith(rare, fallbackTheme)]);
    expect(good.code).toBe(0);
    expect(good.stderr).toContain('faces used: serif, sans, hanamin');
  });

  it('draws every character in the PDF, each face embedded', async () => {
    const out = await output();
    expect(squash(pdfText(join(out, 'submission.pdf')))).toContain(`罕见字${rare}测试`);
    const fonts = execFileSync('pdffonts', [join(out, 'submission.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+HanaMinB /);
    expect(fonts).toMatch(/\+NotoSerifSC-Regular /);
  });

  it('splits DOCX runs where the face changes, and LibreOffice reads every character back', async () => {
    const out = await output();
    const xml = docxPart(readFileSync(join(out, 'submission.docx')), 'word/document.xml');
    expect(xml).toMatch(/<w:rFonts w:ascii="HanaMinB [0-9A-F]{6}" [^>]*w:eastAsia="HanaMinB [0-9A-F]{6}"[^>]*\/><\/w:rPr><w:t xml:space="preserve">𠀀𪚥<\/w:t>/);
    expect(docxPart(readFileSync(join(out, 'submission.docx')), 'word/fontTable.xml')).toMatch(/<w:font w:name="HanaMinB [0-9A-F]{6}">/);
    const text = squash(withoutFooters(pdfText(libreOfficeToPdf(join(out, 'submission.docx')))));
    expect(text).toContain(`罕见字${rare}测试`);
  });

  it('tries the chain in order: the first face that has a character draws it', async () => {
    // Noto Serif CJK SC (from the collection) and Noto Serif SC both have 中 and ①;
    // only HanaMinB has Extension B.
    const segments = async (chain: string) => {
      const theme = `${fallbackTheme}  cjk: [${chain}]\nfonts:\n  body: cjk\n`.replace(
        'faces:\n',
        `faces:\n  notocjk: { family: Noto Serif CJK SC, path: ${notoCjk}, index: 2 }\n`,
      );
      const built = await buildTree(contentWith(rare, theme));
      const { plan } = await fontPlanFor(built, await loadTheme(join(built.content.dir, 'theme.yaml')));
      return plan.segment(`中${rare}`, 'body', false, 'zh-CN').map((s) => `${s.face.id}:${s.text}`);
    };
    expect(await segments('notocjk, serif, hanamin')).toEqual(['notocjk:中', 'hanamin:𠀀𪚥', 'notocjk:①②℃§éßЖ']);
    expect(await segments('serif, notocjk, hanamin')).toEqual(['serif:中', 'hanamin:𠀀𪚥', 'serif:①②℃§éßЖ']);
  });
});

describe('user fonts', () => {
  needs('test fonts', 'pdffonts');
  it('takes a face out of a collection by index', () => {
    const ttc = readFileSync(notoCjk);
    expect(faceCount(ttc)).toBe(5);
    const face = Buffer.from(extractFace(ttc, 2));
    expect(face.subarray(0, 4).toString('latin1')).toBe('OTTO');
    expect(() => extractFace(ttc, 5)).toThrow(/0–4/);
  });

  it('builds the example with a TTC face chosen by index as the body font', async () => {
    const theme = `extends: un
faces:
  cjk: { family: Noto Serif CJK SC, path: ${notoCjk}, index: 2, licence: OFL-1.1 }
chains:
  serif: [cjk]
`;
    const out = tempDir();
    await build({ contentDir: contentWith('', theme), outDir: out });
    expect(execFileSync('pdffonts', [join(out, 'submission.pdf')], { encoding: 'utf8' })).toMatch(/\+NotoSerifCJKsc-Regular /);
    expect(docxPart(readFileSync(join(out, 'submission.docx')), 'word/styles.xml')).toMatch(/w:eastAsia="Noto Serif CJK SC [0-9A-F]{6}"/);
  });

  it('reports a font file that does not exist, and a face index past the collection', async () => {
    const missing = `extends: un\nfaces:\n  x: { family: X, path: ./nope.ttf }\nchains:\n  serif: [x]\n`;
    const e1 = (await build({ contentDir: contentWith('', missing), outDir: tempDir() }).catch((e) => e)) as DiagnosticError;
    expect(e1.diagnostics[0]).toMatchObject({ rule: 'fonts/unreadable', message: expect.stringContaining('nope.ttf') });
    const pastEnd = `extends: un\nfaces:\n  x: { family: X, path: ${notoCjk}, index: 9 }\nchains:\n  serif: [x]\n`;
    const e2 = (await build({ contentDir: contentWith('', pastEnd), outDir: tempDir() }).catch((e) => e)) as DiagnosticError;
    expect(e2.diagnostics[0]).toMatchObject({ rule: 'fonts/collection', message: expect.stringContaining('face index 9') });
  });
});

describe('dossier fonts', () => {
  it('lists each role, its chain and every face with file, size, glyphs and scripts', () => {
    const run = dossier(['fonts']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^body -> chain "serif"\n {2}Hans:\n {4}1\. serif: Noto Serif SC \(OFL-1\.1\)/);
    expect(run.stdout).toMatch(/ {2}Hant:\n {4}1\. serif-tc: Noto Serif TC \(OFL-1\.1\)/);
    expect(run.stdout).toMatch(/ {2}Arab:\n {4}1\. naskh: Noto Naskh Arabic \(OFL-1\.1\)/);
    expect(run.stdout).toMatch(/NotoSerifSC-Regular, 14\.1 MB, 30920 glyphs; Han 28282/);
    expect(run.stdout).toMatch(/title -> chain "sans"/);
  });
});

describe('reading a face’s character map without reading the face', () => {
  needs('test fonts');
  it('agrees with fontkit on every code point, for the bundled faces, a TTF of Extension B and a TTC face', async () => {
    const fontkit = createRequire(import.meta.url)('fontkit') as { create(b: Buffer): { characterSet: number[]; hasGlyphForCodePoint(cp: number): boolean } };
    const theme = await loadTheme('un');
    const setup = loadFontSetup(theme);
    // Each kind of bundled face (Simplified and Traditional Chinese, Latin and Cyrillic, Arabic).
    const files: FontFile[] = ['serif', 'sans', 'serif-tc', 'serif-latin', 'naskh'].flatMap((id) => [setup.faces.get(id)!.normal, setup.faces.get(id)!.bold]);
    files.push({ path: hanaMinB }, { path: notoCjk, index: 2 });
    for (const file of files) {
      const bytes = readFileSync(file.path);
      const font = fontkit.create(file.index === undefined ? bytes : Buffer.from(extractFace(bytes, file.index)));
      const ours = await readCoverage(file);
      // Every code point fontkit maps to a real glyph, and none it does not.
      const expected = new Set(font.characterSet.filter((cp) => font.hasGlyphForCodePoint(cp)));
      let agreed = 0;
      for (let cp = 0; cp <= 0x10ffff; cp++) {
        if (ours.hasGlyphForCodePoint(cp) !== expected.has(cp)) throw new Error(`${file.path}: U+${cp.toString(16)} disagrees`);
        agreed += Number(expected.has(cp));
      }
      expect(agreed, file.path).toBe(expected.size);
      expect(agreed).toBeGreaterThan(1_000);
    }
  }, 120_000);
});
