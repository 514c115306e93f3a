import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { paragraphText, readDocx, type EditedDocx } from '../src/revise/read-docx.js';
import { root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * Every paragraph of the DOCX that prints content carries a hidden bookmark naming
 * where its text comes from (src/revise/ids.ts), in every language, and the ids
 * survive what colleagues do to the file: LibreOffice's open-and-save, python-docx
 * edits of runs.
 */
const built = new Map<string, string>();

beforeAll(async () => {
  for (const example of ['cnie-upr-2013', 'cwan-water-2024', 'upr-recommendations-2024']) {
    const out = tempDir();
    const result = await build({ contentDir: join(root, 'examples', example), outDir: out, formats: ['docx'], cache: false });
    for (const document of result.documents) built.set(`${example}/${document.lang}`, document.files.docx!);
  }
}, 120_000);

const withText = (docx: EditedDocx) => docx.paragraphs.filter((p) => paragraphText(p).trim());
/** Each paragraph as its ids and text: what must survive. */
const identified = (docx: EditedDocx) => docx.paragraphs.filter((p) => p.ids.length).map((p) => `${p.ids.join(',')} ${paragraphText(p).replace(/\s+/g, '')}`);

describe('ids in the DOCX', () => {
  it('gives every paragraph with text one id, unique, listed in the id part in document order', () => {
    expect(built.size).toBe(1 + 7 + 4);
    for (const [name, file] of built) {
      const docx = readDocx(readFileSync(file));
      const paragraphs = withText(docx);
      expect(paragraphs.filter((p) => p.ids.length !== 1).map(paragraphText), name).toEqual([]);
      const ids = paragraphs.map((p) => p.ids[0]!);
      expect(new Set(ids).size, name).toBe(ids.length);
      for (const id of ids) expect(id, name).toMatch(/^_Dossier_[0-9a-f]{16}$/);
      // The part says what each name stands for: the same names, in the same order.
      expect(docx.records?.map((r) => r.name), name).toEqual(ids);
      const lang = name.split('/')[1]!;
      expect(docx.records!.every((r) => r.lang === lang || r.template), name).toBe(true);
    }
  });

  it('locates each paragraph at its field: body entries, facts from templates, table cells', () => {
    const cnie = readDocx(readFileSync(built.get('cnie-upr-2013/zh-CN')!));
    const records = cnie.records!;
    expect(records.filter((r) => r.kind === 'numbered').map((r) => r.field)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `body[${i}].paragraph`));
    const status = records.find((r) => r.field === 'ecosoc.status')!;
    expect(status).toMatchObject({ file: 'profile.yaml', template: true, kind: 'field' });
    expect(readFileSync(join(root, 'examples/cnie-upr-2013/profile.yaml'), 'utf8').split('\n')[status.line - 1]).toMatch(/^\s*status:/);
    const arabic = readDocx(readFileSync(built.get('cwan-water-2024/ar')!)).records!;
    expect(arabic.some((r) => r.field.startsWith('body[') && r.lang === 'ar')).toBe(true);
  });

  it('is the same file build to build', async () => {
    const again = tempDir();
    const result = await build({ contentDir: join(root, 'examples', 'cnie-upr-2013'), outDir: again, formats: ['docx'], cache: false });
    expect(readFileSync(result.documents[0]!.files.docx!).equals(readFileSync(built.get('cnie-upr-2013/zh-CN')!))).toBe(true);
  });
});

describe('ids through editing', () => {
  needs('soffice');
  it('survive LibreOffice opening and saving the file, in every language (Arabic and Chinese included)', () => {
    const dir = tempDir('dossier-lo-');
    // One LibreOffice run for all: the files have the same names in their folders, so each is given its own.
    const inputs = [...built].map(([name, file]) => {
      const copy = join(dir, `${name.replace('/', '--')}.docx`);
      execFileSync('cp', [file, copy]);
      return copy;
    });
    const out = join(dir, 'saved');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'docx', '--outdir', out, ...inputs], { stdio: 'ignore', timeout: 600_000 });
    expect(readdirSync(out).length).toBe(inputs.length);
    for (const input of inputs) {
      const before = readDocx(readFileSync(input));
      const after = readDocx(readFileSync(join(out, basename(input))));
      expect(identified(after), input).toEqual(identified(before));
      // The map from names to sources is kept too.
      expect(after.records, input).toEqual(before.records);
    }
  }, 600_000);

  it('survive python-docx edits of runs', () => {
    needs('python-docx');
    const dir = tempDir();
    const edited = join(dir, 'edited.docx');
    const script = `
import sys, docx
d = docx.Document(sys.argv[1])
p = [p for p in d.paragraphs if p.style.name == 'List Paragraph'][1]
p.runs[0].text = p.runs[0].text.replace('多年来', '近年来')
r = p.add_run('加粗的话。')
r.bold = True
d.save(sys.argv[2])
`;
    execFileSync('/usr/bin/python3', ['-c', script, built.get('cnie-upr-2013/zh-CN')!, edited]);
    const before = readDocx(readFileSync(built.get('cnie-upr-2013/zh-CN')!));
    const after = readDocx(readFileSync(edited));
    expect(after.paragraphs.map((p) => p.ids)).toEqual(before.paragraphs.map((p) => p.ids));
    const second = after.paragraphs.filter((p) => p.style === 'ListParagraph')[1]!;
    expect(paragraphText(second)).toContain('近年来');
    expect(second.runs.at(-1)).toMatchObject({ text: '加粗的话。', bold: true });
  });
});
