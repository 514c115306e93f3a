import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { nameRecords, renameFamily } from '../src/fonts/rename.js';
import { readSfnt, writeSfnt } from '../src/fonts/sfnt.js';
import { obfuscate } from '../src/render/docx/package.js';
import { copyOfExample, docxPart, dossier, imageDifference, libreOfficeToPdf, libreOfficeToPdfs, pageImage, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';
import { testFonts } from './support/test-fonts.js';

/**
 * Fonts inside the DOCX cannot collide: each subset is embedded under a family name of
 * its own, so files open side by side in one application each draw with their own
 * glyphs (issue 22). Read with the multilingual example.
 */
const example = join(root, 'examples', 'cwan-water-2024');
const languages = ['zh-CN', 'zh-Hant', 'ar', 'en', 'ru'];
let out: string;
const docxOf = (lang: string) => join(out, `submission.${lang}.docx`);

beforeAll(() => {
  out = tempDir();
  const run = dossier(['build', example, '--out', out, '--format', 'docx', '--lang', languages.join(','), '-q']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}, 60_000);

interface TableFont {
  name: string;
  altName?: string;
  charset: string;
  /** The embedded font files, deobfuscated. */
  files: Uint8Array[];
}

/** The font table's entries and the fonts they embed, as Word reads them. */
function fontTable(docx: Uint8Array): TableFont[] {
  const parts = unzipSync(docx);
  const rels = docxPart(docx, 'word/_rels/fontTable.xml.rels');
  const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
  return [...docxPart(docx, 'word/fontTable.xml').matchAll(/<w:font w:name="([^"]+)">(.*?)<\/w:font>/g)].map(([, name, body]) => ({
    name: name!,
    ...(/<w:altName w:val="([^"]+)"\/>/.exec(body!) ? { altName: /<w:altName w:val="([^"]+)"\/>/.exec(body!)![1]! } : {}),
    charset: /<w:charset w:val="([^"]+)"\/>/.exec(body!)?.[1] ?? '',
    files: [...body!.matchAll(/r:id="([^"]+)" w:fontKey="([^"]+)"/g)].map(([, id, key]) => obfuscate(parts[`word/${target(id!)}`]!, key!)),
  }));
}

describe('fonts inside the DOCX', () => {
  it('are each embedded under a family of its own, the real one and a tag, which the font itself bears', () => {
    for (const lang of languages) {
      const docx = new Uint8Array(readFileSync(docxOf(lang)));
      const table = fontTable(docx);
      expect(table.length, lang).toBeGreaterThan(0);
      for (const font of table) {
        expect(font.name, lang).toMatch(/^.+ [0-9A-F]{6}$/);
        // The real family as the alternative, for a machine that has the face installed.
        expect(font.altName, lang).toBe(font.name.slice(0, -7));
        for (const file of font.files) {
          const names = nameRecords(file);
          const family = names.filter((r) => r.id === 1 || r.id === 16);
          expect(family.length).toBeGreaterThan(0);
          expect(new Set(family.map((r) => r.text)), lang).toEqual(new Set([font.name]));
          for (const r of names.filter((r) => r.id === 4)) expect(r.text.startsWith(font.name)).toBe(true);
          for (const r of names.filter((r) => r.id === 6)) expect(r.text).toMatch(new RegExp(`^[!-~]+_${font.name.slice(-6)}(-|$)`));
        }
      }
      // Runs and styles name only the families the table embeds.
      const named = new Set(table.map((f) => f.name));
      for (const part of ['word/styles.xml', 'word/document.xml']) {
        for (const [fonts] of docxPart(docx, part).matchAll(/<w:rFonts [^>]*>/g)) {
          for (const [, family] of fonts.matchAll(/w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"/g)) expect(named, `${lang} ${part}`).toContain(family);
        }
      }
    }
  });

  it("declare their script's character set: GB2312, Big5, Arabic, ANSI", () => {
    const charset = (lang: string, family: string) => fontTable(readFileSync(docxOf(lang))).find((f) => f.altName === family)?.charset;
    expect(charset('zh-CN', 'Noto Serif SC')).toBe('86');
    expect(charset('zh-Hant', 'Noto Serif TC')).toBe('88');
    // The zh-Hant span in the zh-CN file is drawn with the Traditional face, declared so.
    expect(charset('zh-CN', 'Noto Serif TC')).toBe('88');
    expect(charset('ar', 'Noto Naskh Arabic')).toBe('B2');
    expect(charset('ar', 'Noto Serif')).toBe('00');
    expect(charset('en', 'Noto Serif')).toBe('00');
  });

  it('keep a family name Windows can match: 31 characters at most, the tag whole', async () => {
    // A theme's face with a long family name, drawing the body.
    const content = copyOfExample();
    const face = join(dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif-sc/package.json')), '400Regular', 'NotoSerifSC_400Regular.ttf');
    copyFileSync(face, join(content, 'long.ttf'));
    const family = 'Noto Serif SC for Government Reports';
    writeFileSync(join(content, 'theme.yaml'), `extends: un\nfaces:\n  long: { family: "${family}", path: ./long.ttf }\nchains:\n  serif: [long, serif]\n`);
    const out = tempDir();
    await build({ contentDir: content, outDir: out, formats: ['docx'] });
    const font = fontTable(readFileSync(join(out, 'submission.docx'))).find((f) => f.altName === family)!;
    expect(font.name).toMatch(/^Noto Serif SC for Govern [0-9A-F]{6}$/);
    expect(font.name.length).toBeLessThanOrEqual(31);
    expect(nameRecords(font.files[0]!).filter((r) => r.id === 1).map((r) => r.text)).toEqual([font.name]);
  });

  it('give a font that names no family a Windows name of the family', () => {
    const tinos = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/tinos/package.json')), '400Regular', 'Tinos_400Regular.ttf'));
    const sfnt = readSfnt(tinos);
    const nameless = writeSfnt({ ...sfnt, tables: sfnt.tables.filter((t) => t.tag !== 'name') });
    const renamed = renameFamily(nameless, 'Tinos 0A1B2C', '0A1B2C');
    expect(nameRecords(renamed).map((r) => [r.platform, r.encoding, r.language, r.id, r.text])).toEqual([
      [3, 1, 0x409, 1, 'Tinos 0A1B2C'],
      [3, 1, 0x409, 4, 'Tinos 0A1B2C'],
      [3, 1, 0x409, 6, 'Tinos0A1B2C'],
    ]);
    expect(readSfnt(renamed).tables.map((t) => t.tag)).toEqual(sfnt.tables.map((t) => t.tag));
  });

  describe('renamed', () => {
    needs('test fonts');
    it('keep every name record, Macintosh and Japanese ones included, each in its encoding', () => {
      // HanaMinB names itself on three platforms and encodings, in English and Japanese.
      const font = readFileSync(testFonts.hanaMinB);
      const before = nameRecords(font);
      const after = nameRecords(renameFamily(font, 'HanaMinB 0A1B2C', '0A1B2C'));
      const slots = (records: typeof before) => records.map((r) => `${r.platform}/${r.encoding}/${r.language}/${r.id}`).sort();
      expect(new Set(before.map((r) => `${r.platform}/${r.encoding}`))).toEqual(new Set(['1/0', '1/1', '3/1']));
      expect(slots(after)).toEqual(slots(before));
      for (const r of after) {
        if (r.id === 1 || r.id === 16) expect(r.text).toBe('HanaMinB 0A1B2C');
        if (r.id === 6) expect(r.text).toBe('HanaMinB_0A1B2C');
      }
      expect(after.filter((r) => r.id === 4).map((r) => r.text)).toContain('HanaMinB 0A1B2C');
      // Everything else as it was; the glyphs too.
      const others = (records: typeof before) => records.filter((r) => ![1, 4, 6, 16].includes(r.id));
      expect(others(after)).toEqual(others(before));
      const glyf = (bytes: Uint8Array) => readSfnt(bytes).tables.find((t) => t.tag === 'glyf')!.data;
      expect(Buffer.compare(glyf(renameFamily(font, 'HanaMinB 0A1B2C', '0A1B2C')), glyf(font))).toBe(0);
    });
  });

  describe('in LibreOffice, several files in one run', () => {
    needs('soffice', 'pdftoppm');

    /** Each file after the first, converted with the others in one run, looks as it does converted alone. */
    function expectEachAsAlone(langs: string[]): void {
      const together = libreOfficeToPdfs(langs.map(docxOf));
      for (const [i, lang] of langs.entries()) {
        if (i === 0) continue; // the first is open alone when it is converted
        const alone = pageImage(libreOfficeToPdf(docxOf(lang)));
        const page = pageImage(together[i]!);
        // Not a blank page that matches a blank page.
        expect(alone.gray.some((g) => g < 128), lang).toBe(true);
        expect(imageDifference(page, alone), lang).toBeLessThan(0.05);
      }
    }

    // Before: the zh-Hant body was blank but for the 7 characters of Noto Serif TC the zh-CN file embeds.
    it('zh-CN then zh-Hant: the zh-Hant page draws every glyph', () => expectEachAsAlone(['zh-CN', 'zh-Hant']), 60_000);

    // Before: the Russian page came out in DejaVu Sans, the Cyrillic missing from the other files' Noto subsets.
    it('ar, en then ru: the Russian page is set in its own faces', () => expectEachAsAlone(['ar', 'en', 'ru']), 60_000);
  });
});
