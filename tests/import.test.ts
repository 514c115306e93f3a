import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dossier, exampleDir, libreOfficeToText, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * `dossier import`: a DOCX edited as colleagues edit it (in LibreOffice with Track
 * Changes on, driven over UNO; with python-docx) read back into the YAML, which
 * changes exactly where the edits were; a rebuild then reads as the edited file.
 */

/** A fresh copy of the example, built: its folder, its DOCX, its YAML as it was. */
function builtExample(example = exampleDir, languages?: string) {
  const dir = tempDir();
  const content = join(dir, 'content');
  cpSync(example, content, { recursive: true });
  const built = dossier(['build', content, '--out', join(dir, 'out'), '-f', 'docx', '-q', ...(languages ? ['-l', languages] : [])]);
  expect(built.code, built.stderr).toBe(0);
  const yaml = { profile: readFileSync(join(content, 'profile.yaml'), 'utf8'), submission: readFileSync(join(content, 'submission.yaml'), 'utf8') };
  return { dir, content, out: join(dir, 'out'), yaml };
}

const read = (content: string, file: string) => readFileSync(join(content, file), 'utf8');

/** Lines removed and added, as a multiset: the diff line by line, whatever the diff program. */
function lineChanges(before: string, after: string) {
  const count = (text: string) => text.split('\n').reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const a = count(before);
  const b = count(after);
  const removed = [...a].flatMap(([l, n]) => Array<string>(Math.max(0, n - (b.get(l) ?? 0))).fill(l));
  const added = [...b].flatMap(([l, n]) => Array<string>(Math.max(0, n - (a.get(l) ?? 0))).fill(l));
  return { removed, added };
}

/** The example's submission.yaml with the edits the tests make, made by hand. */
function expectedSubmission(original: string): string {
  const deleted = /  - paragraph: >-\n {6}我们认为，造成上述[^]*?(?=  - paragraph)/.exec(original)![0];
  return original
    .replace('我们非常关注', '我们十分关注')
    .replace('社会组织46.2万个', '社会组织{{#strong}}46.2万个{{/strong}}')
    .replace(deleted, '')
    .replace('还缺乏经验。\n', '还缺乏经验。\n  - paragraph: "这是新插入的一段。"\n');
}

const squashed = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ''))
    .filter(Boolean);

describe('dossier import of a file edited in LibreOffice with Track Changes on', () => {
  needs('soffice', 'python-uno');
  it('lists pending changes and writes nothing; with --accept --facts --write changes exactly the edited places', () => {
    const { dir, content, out, yaml } = builtExample();
    const edited = join(dir, 'edited.docx');
    const accepted = join(dir, 'accepted.txt');
    execFileSync('/usr/bin/python3', [join(root, 'tests/support/lo-edit.py'), join(out, 'submission.docx'), edited, accepted, join(dir, 'profile')], { stdio: 'ignore', timeout: 300_000 });

    // Pending tracked changes, without --accept or --reject: listed, located, nothing written.
    const pending = dossier(['import', edited, '--into', content, '--write']);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toMatch(/pending tracked changes:/);
    expect(pending.stderr).toMatch(/submission\.yaml:\d+: body\[1\]\.paragraph: inserted "我们十分关注"/);
    expect(pending.stderr).toMatch(/nothing written/);
    expect(read(content, 'submission.yaml')).toBe(yaml.submission);

    const result = dossier(['import', edited, '--into', content, '--accept', '--facts', '--write']);
    expect(result.code, result.stderr).toBe(0);
    expect(lineChanges(yaml.profile, read(content, 'profile.yaml'))).toEqual({ removed: ['  memberUnits: 63'], added: ['  memberUnits: 64'] });
    const submission = read(content, 'submission.yaml');
    expect(lineChanges(yaml.submission, submission)).toEqual(lineChanges(yaml.submission, expectedSubmission(yaml.submission)));
    expect(submission).toBe(expectedSubmission(yaml.submission));
    // The diff it printed is the one it wrote; the comment is a located review note.
    expect(result.stdout).toContain('+  memberUnits: 64');
    expect(result.stdout).toContain('+  - paragraph: "这是新插入的一段。"');
    const line = yaml.submission.split('\n').findIndex((l) => l.includes('我们非常关注')) + 1;
    expect(result.stderr).toContain(`submission.yaml:${line - 1}: body[1].paragraph: Li Wei: 请核实年份。`);
    expect(result.stderr).toMatch(/"63" → "64": changed .*profile\.yaml:\d+ membership\.memberUnits/);

    // A rebuild reads as the edited file with its changes accepted (the fact changed everywhere it is printed).
    const rebuilt = dossier(['build', content, '--out', join(dir, 'again'), '-f', 'docx', '-q']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const expected = readFileSync(accepted, 'utf8').replace('现有63家理事单位', '现有64家理事单位');
    expect(squashed(libreOfficeToText(join(dir, 'again', 'submission.docx')))).toEqual(squashed(expected));
    // And importing the rebuilt file finds nothing to change.
    const again = dossier(['import', join(dir, 'again', 'submission.docx'), '--into', content]);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/no edits/);
  }, 300_000);
});

describe('dossier import of a file LibreOffice opened and saved unedited', () => {
  needs('soffice');
  it('finds no edits, in every language of the multilingual example', () => {
    const { dir, content, out } = builtExample(join(root, 'examples', 'cwan-water-2024'));
    const langs = ['en', 'fr', 'es', 'ru', 'ar', 'zh-CN', 'zh-Hant'];
    const saved = join(dir, 'saved');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'docx', '--outdir', saved, ...langs.map((l) => join(out, `submission.${l}.docx`))], { stdio: 'ignore', timeout: 600_000 });
    for (const lang of langs) {
      const result = dossier(['import', join(saved, `submission.${lang}.docx`), '--into', content]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout, lang).toBe('');
      expect(result.stderr, lang).toBe(`no edits in ${lang}\n`);
    }
  }, 600_000);
});

/** The same edits with python-docx: runs edited (paragraph.text = would drop the ids), a paragraph copied in, one removed. */
const pythonEdits = `
import sys, copy, docx
from docx.text.paragraph import Paragraph
d = docx.Document(sys.argv[1])
ps = [p for p in d.paragraphs if p.style.name == 'List Paragraph']
r = ps[0].runs[0]; r.text = r.text.replace('拥有63个', '拥有64个')
r = ps[1].runs[0]; r.text = r.text.replace('我们非常关注', '我们十分关注')
r = ps[2].runs[0]; t = r.text; i = t.index('46.2万个'); r.text = t[:i]
ps[2].add_run('46.2万个').bold = True
ps[2].add_run(t[i + len('46.2万个'):])
new = copy.deepcopy(ps[3]._p)
for mark in new.xpath('.//w:bookmarkStart|.//w:bookmarkEnd'): mark.getparent().remove(mark)
ps[3]._p.addnext(new)
added = Paragraph(new, ps[3]._parent)
for run in added.runs[1:]: run._r.getparent().remove(run._r)
added.runs[0].text = '这是新插入的一段。'
ps[4]._p.getparent().remove(ps[4]._p)
d.save(sys.argv[2])
`;

const pythonText = (docx: string) =>
  execFileSync('/usr/bin/python3', ['-c', 'import sys, docx\nfor p in docx.Document(sys.argv[1]).paragraphs: print(p.text)', docx], { encoding: 'utf8' });

/** `docx` as `script` (Python, given the file and where to save it, then `args`) edits it, saved in `dir`. */
function editedWithPython(dir: string, docx: string, script: string, name = 'edited.docx', ...args: string[]): string {
  const edited = join(dir, name);
  execFileSync('/usr/bin/python3', ['-c', script, docx, edited, ...args]);
  return edited;
}

describe('dossier import of a file edited with python-docx', () => {
  needs('python-docx');
  it('changes exactly the edited places; a rebuild reads as the edited file', () => {
    const { dir, content, out, yaml } = builtExample();
    const edited = editedWithPython(dir, join(out, 'submission.docx'), pythonEdits);

    // Without --facts the fact is named, not changed; without --write nothing is written.
    const dry = dossier(['import', edited, '--into', content]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/"63" → "64" in body\[0\]\.paragraph: 63 comes from .*profile\.yaml:38 membership\.memberUnits; --facts changes it there/);
    expect(dry.stdout).toContain('+      作为中国最大的从事国际交流的非政府组织，我们十分关注');
    expect(read(content, 'submission.yaml')).toBe(yaml.submission);

    const result = dossier(['import', edited, '--into', content, '--facts', '--write']);
    expect(result.code, result.stderr).toBe(0);
    expect(read(content, 'submission.yaml')).toBe(expectedSubmission(yaml.submission));
    expect(lineChanges(yaml.profile, read(content, 'profile.yaml'))).toEqual({ removed: ['  memberUnits: 63'], added: ['  memberUnits: 64'] });

    const rebuilt = dossier(['build', content, '--out', join(dir, 'again'), '-f', 'docx', '-q']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(pythonText(join(dir, 'again', 'submission.docx'))).toBe(pythonText(edited).replace('现有63家理事单位', '现有64家理事单位'));
  });

  it('names the field or template of an edit it cannot map, and then writes nothing unless --partial', () => {
    const { dir, content, out, yaml } = builtExample();
    const edited = editedWithPython(dir, join(out, 'submission.docx'), `
import sys, docx
d = docx.Document(sys.argv[1])
for p in d.paragraphs:
    for r in p.runs:
        r.text = r.text.replace('具有全面咨商地位的非政府组织', '具有全面咨商地位的组织').replace('我们非常关注', '我们十分关注')
d.save(sys.argv[2])
`);
    const refused = dossier(['import', edited, '--into', content, '--write']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not mapped:\n {2}.*profile\.yaml:15: ecosoc\.status: "与联合国经社理事会的关系：具有全面咨商地位的组织": this line is a document template's wording around ecosoc\.status/);
    expect(refused.stderr).toMatch(/could not be mapped: nothing written/);
    expect(read(content, 'submission.yaml')).toBe(yaml.submission);
    const partial = dossier(['import', edited, '--into', content, '--write', '--partial']);
    expect(partial.code, partial.stderr).toBe(0);
    expect(read(content, 'submission.yaml')).toBe(yaml.submission.replace('我们非常关注', '我们十分关注'));
    expect(read(content, 'profile.yaml')).toBe(yaml.profile);
  });

  it('writes italic as {{#em}}, and braces typed in Word as text, not as an expression', () => {
    const { dir, content, out, yaml } = builtExample();
    const edited = editedWithPython(dir, join(out, 'submission.docx'), `
import sys, docx
d = docx.Document(sys.argv[1])
p = [p for p in d.paragraphs if p.style.name == 'List Paragraph'][3]
r = p.runs[0]; t = r.text; i = t.index('经验不足'); r.text = t[:i]
p.add_run('经验不足').italic = True
p.add_run(t[i + 4:].replace('人员缺乏', '人员{{缺乏}}'))
d.save(sys.argv[2])
`);
    const result = dossier(['import', edited, '--into', content, '--write']);
    expect(result.code, result.stderr).toBe(0);
    expect(read(content, 'submission.yaml')).toBe(yaml.submission.replace('经验不足，专业知识不够，人员缺乏', '{{#em}}经验不足{{/em}}，专业知识不够，人员\\{{缺乏}}'));
    const rebuilt = dossier(['build', content, '--out', join(dir, 'again'), '-f', 'docx', '-q']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(pythonText(join(dir, 'again', 'submission.docx'))).toContain('人员{{缺乏}}。');
  });

  it('maps an edit of the title, which the layout sets on two lines, quoting what YAML needs quoted', () => {
    const { dir, content, out, yaml } = builtExample();
    const edited = editedWithPython(dir, join(out, 'submission.docx'), `
import sys, docx
d = docx.Document(sys.argv[1])
t = [p for p in d.paragraphs if p.style.name == 'Title'][0]
t.runs[-1].text = t.runs[-1].text.replace('影子报告', '影子 "报告": 2013')
d.save(sys.argv[2])
`);
    const result = dossier(['import', edited, '--into', content, '--write']);
    expect(result.code, result.stderr).toBe(0);
    expect(lineChanges(yaml.submission, read(content, 'submission.yaml'))).toEqual({
      removed: ['title: "{{profile.names.full}}向联合国人权高专办提交的中国接受第二轮国别人权审查“影子报告”"'],
      added: ['title: "{{profile.names.full}}向联合国人权高专办提交的中国接受第二轮国别人权审查“影子 \\"报告\\": 2013”"'],
    });
    const rebuilt = dossier(['build', content, '--out', join(dir, 'again'), '-f', 'docx', '-q']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(dossier(['import', join(dir, 'again', 'submission.docx'), '--into', content]).stderr).toBe('no edits in zh-CN\n');
  });

  it('maps edits in every language of the multilingual example, Arabic and Chinese included', () => {
    const { dir, content, out, yaml } = builtExample(join(root, 'examples', 'cwan-water-2024'), 'ar,zh-CN,fr');
    const script = `
import sys, docx
d = docx.Document(sys.argv[1])
n = 0
for p in d.paragraphs:
    for r in p.runs:
        if sys.argv[3] in r.text: r.text = r.text.replace(sys.argv[3], sys.argv[4]); n += 1
assert n == 1, n
d.save(sys.argv[2])
`;
    const edits: [string, string, string][] = [
      ['ar', 'الشرط الأول', 'الشرط الأساسي'],
      ['zh-CN', '首要条件', '基本条件'],
      ['fr', 'porte aux droits', 'accorde aux droits'],
    ];
    let expected = yaml.submission;
    for (const [lang, from, to] of edits) {
      const edited = editedWithPython(dir, join(out, `submission.${lang}.docx`), script, `${lang}.docx`, from, to);
      const result = dossier(['import', edited, '--into', content, '--write']);
      expect(result.code, result.stderr).toBe(0);
      // Only that language's text of the paragraph changes.
      const line = expected.split('\n').find((l) => l.includes(from))!;
      expected = expected.replace(line, line.replace(from, to));
      expect(read(content, 'submission.yaml'), lang).toBe(expected);
    }
  });

  it('finds the language by its ids where an editor dropped the id part', () => {
    const { dir, content, out, yaml } = builtExample(join(root, 'examples', 'cwan-water-2024'), 'zh-CN');
    const edited = editedWithPython(dir, join(out, 'submission.zh-CN.docx'), `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z: parts = {n: z.read(n) for n in z.namelist() if not n.startswith('customXml/')}
doc = parts['word/document.xml'].decode()
assert doc.count('首要条件') == 1
parts['word/document.xml'] = doc.replace('首要条件', '基本条件').encode()
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for n, d in parts.items(): z.writestr(n, d)
`);
    const result = dossier(['import', edited, '--into', content, '--write']);
    expect(result.code, result.stderr).toBe(0);
    expect(read(content, 'submission.yaml')).toBe(yaml.submission.replace('尊严的首要条件', '尊严的基本条件'));
  });

  it('lists an edit of a footnote, which it cannot map, and writes nothing', () => {
    const { dir, content, out, yaml } = builtExample(join(root, 'examples', 'cwan-water-2024'), 'fr');
    const edited = editedWithPython(dir, join(out, 'submission.fr.docx'), `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z: parts = {n: z.read(n) for n in z.namelist()}
notes = parts['word/footnotes.xml'].decode()
assert 'Organisation mondiale de la Santé' in notes
parts['word/footnotes.xml'] = notes.replace('Organisation mondiale de la Santé', 'OMS').encode()
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for n, d in parts.items(): z.writestr(n, d)
`);
    const result = dossier(['import', edited, '--into', content, '--write']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not mapped:\n {2}.*edited\.docx: note 1: "Organisation mondiale de la Santé[^"]*" → "OMS[^"]*": notes are edited under footnotes: in .*submission\.yaml/);
    expect(read(content, 'submission.yaml')).toBe(yaml.submission);
  });

  it('refuses a corrupt file, a DOCX Dossier did not make, and one made from another folder: exit 1, nothing written', () => {
    const { dir, content, out, yaml } = builtExample();
    const docx = readFileSync(join(out, 'submission.docx'));
    const corrupt = join(dir, 'corrupt.docx');
    writeFileSync(corrupt, docx.subarray(0, docx.length / 2));
    const foreign = join(dir, 'foreign.docx');
    execFileSync('/usr/bin/python3', ['-c', 'import sys, docx\nd = docx.Document()\nd.add_paragraph("hello")\nd.save(sys.argv[1])', foreign]);
    const other = builtExample(join(root, 'examples', 'upr-recommendations-2024'), 'en');
    // A folder of the same kind and language: the same fields, so the same ids, other texts.
    const twin = join(dir, 'twin');
    cpSync(content, twin, { recursive: true });
    let n = 0;
    writeFileSync(
      join(twin, 'submission.yaml'),
      yaml.submission.replace(/  - paragraph: >-\n(?: {6}.*\n)+/g, () => `  - paragraph: 另一个组织的第${++n}段文字，与本报告无关。\n`).replace(/^title: .*$/m, 'title: 另一份报告'),
    );
    writeFileSync(join(twin, 'profile.yaml'), yaml.profile.replace(/^introduction: >-\n(?: {2}.*\n)+/m, 'introduction: 另一个组织的简介。\n'));
    const twinned = dossier(['build', twin, '--out', join(dir, 'twin-out'), '-f', 'docx', '-q']);
    expect(twinned.code, twinned.stderr).toBe(0);
    const cases: [string, RegExp][] = [
      [corrupt, /corrupt\.docx is not a readable DOCX: it is not a zip file/],
      [foreign, /foreign\.docx has no Dossier ids/],
      [join(other.out, 'submission.en.docx'), /was made from another content folder/],
      [join(dir, 'twin-out', 'submission.docx'), /was made from another content folder: 8 of its 13 paragraphs read differently/],
      [join(dir, 'missing.docx'), /cannot read .*missing\.docx: ENOENT/],
    ];
    for (const [file, message] of cases) {
      const result = dossier(['import', file, '--into', content, '--write', '--accept', '--facts']);
      expect(result.code, file).toBe(1);
      expect(result.stderr, file).toMatch(message);
      expect(read(content, 'submission.yaml')).toBe(yaml.submission);
      expect(read(content, 'profile.yaml')).toBe(yaml.profile);
    }
  });
});
