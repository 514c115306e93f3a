import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxPart, dossier, exampleDir, libreOfficeToPdf, pdfText, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * `build --changes-since`: the DOCX shows, as Word tracked changes, what differs from an
 * earlier version (a git revision of the content, or a DOCX Dossier made), there and
 * nowhere else; against the same version, nothing.
 */

/** The example in a git repository of its own, committed; then two paragraphs and a fact edited. */
function editedInGit(example = exampleDir, edits: [file: string, from: string, to: string][]) {
  const repo = tempDir();
  const content = join(repo, 'content');
  cpSync(example, content, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=test@example.org', '-c', 'user.name=Test', ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'as sent');
  // The DOCX as it was sent, from the committed content.
  const sent = dossier(['build', content, '--out', join(repo, 'sent'), '-f', 'docx', '-q']);
  expect(sent.code, sent.stderr).toBe(0);
  for (const [file, from, to] of edits) {
    const path = join(content, file);
    const text = readFileSync(path, 'utf8');
    expect(text.split(from).length, from).toBe(2);
    writeFileSync(path, text.replace(from, to));
  }
  return { repo, content };
}

const cnieEdits: [string, string, string][] = [
  ['submission.yaml', '我们非常关注', '我们十分关注'],
  ['submission.yaml', '有关部门应及时进行总结', '有关部门应及时总结'],
  ['profile.yaml', 'memberUnits: 63', 'memberUnits: 64'],
];

/** Each tracked change in document order: its kind, author, date and text. */
function changes(xml: string) {
  return [...xml.matchAll(/<w:(ins|del) w:id="\d+" w:author="([^"]*)" w:date="([^"]*)">([\s\S]*?)<\/w:\1>/g)].map(([, kind, author, date, inner]) => ({
    kind,
    author,
    date,
    text: [...inner!.matchAll(/<w:(?:t|delText)[^>]*>([^<]*)</g)].map((m) => m[1]).join(''),
  }));
}

describe('build --changes-since', () => {
  it('tracks exactly the edited words, the fact wherever it is printed, against a git revision and against the old DOCX alike', () => {
    const { repo, content } = editedInGit(exampleDir, cnieEdits);
    const old = dossier(['build', content, '--out', join(repo, 'old'), '-f', 'docx', '-q']);
    expect(old.code, old.stderr).toBe(0);

    const byRevision = dossier(['build', content, '--out', join(repo, 'rev'), '-f', 'docx', '-q', '--changes-since', 'HEAD']);
    expect(byRevision.code, byRevision.stderr).toBe(0);
    const docx = readFileSync(join(repo, 'rev', 'submission.docx'));
    const xml = docxPart(docx, 'word/document.xml');
    expect(changes(xml)).toEqual([
      // 63 → 64 in the introduction and in the first paragraph: the fact where it appears.
      { kind: 'del', author: 'Dossier', date: '2013-03-04T00:00:00Z', text: '3' },
      { kind: 'ins', author: 'Dossier', date: '2013-03-04T00:00:00Z', text: '4' },
      { kind: 'del', author: 'Dossier', date: '2013-03-04T00:00:00Z', text: '3' },
      { kind: 'ins', author: 'Dossier', date: '2013-03-04T00:00:00Z', text: '4' },
      { kind: 'del', author: 'Dossier', date: '2013-03-04T00:00:00Z', text: '非常' },
      { kind: 'ins', author: 'Dossier', date: '2013-03-04T00:00:00Z', text: '十分' },
      { kind: 'del', author: 'Dossier', date: '2013-03-04T00:00:00Z', text: '进行' },
    ]);
    // Each in the paragraph the edit was made in.
    const paragraphs = xml.match(/<w:p>[\s\S]*?<\/w:p>/g)!;
    const changed = paragraphs.filter((p) => /<w:(ins|del) /.test(p)).map((p) => [...p.matchAll(/<w:(?:t|delText)[^>]*>([^<]*)</g)].map((m) => m[1]).join('').slice(0, 12));
    expect(changed).toEqual(['简介：中国民间组织国际交', '中国民间组织国际交流促进', '作为中国最大的从事国际交', '我们认为，造成上述既有中']);

    // The old DOCX gives the same file as the revision it was built from; a second build, the same bytes.
    const byFile = dossier(['build', content, '--out', join(repo, 'file'), '-f', 'docx', '-q', '--changes-since', join(repo, 'sent', 'submission.docx')]);
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(readFileSync(join(repo, 'file', 'submission.docx')).equals(docx)).toBe(true);
    dossier(['build', content, '--out', join(repo, 'again'), '-f', 'docx', '-q', '--changes-since', 'HEAD']);
    expect(readFileSync(join(repo, 'again', 'submission.docx')).equals(docx)).toBe(true);

    // Against the version it is, nothing; the author is the one given.
    const same = dossier(['build', content, '--out', join(repo, 'same'), '-f', 'docx', '-q', '--changes-since', join(repo, 'old', 'submission.docx'), '--changes-author', 'Li Wei']);
    expect(same.code, same.stderr).toBe(0);
    expect(changes(docxPart(readFileSync(join(repo, 'same', 'submission.docx')), 'word/document.xml'))).toEqual([]);
    const authored = dossier(['build', content, '--out', join(repo, 'li'), '-f', 'docx', '-q', '--changes-since', 'HEAD', '--changes-author', 'Li Wei']);
    expect(authored.code, authored.stderr).toBe(0);
    expect(new Set(changes(docxPart(readFileSync(join(repo, 'li', 'submission.docx')), 'word/document.xml')).map((c) => c.author))).toEqual(new Set(['Li Wei']));
  });

  it('tracks a phrase made bold as a change of formatting only (w:rPrChange), its text untouched', () => {
    const { repo, content } = editedInGit(exampleDir, [['submission.yaml', '社会组织46.2万个', '社会组织{{#strong}}46.2万个{{/strong}}']]);
    const result = dossier(['build', content, '--out', join(repo, 'out'), '-f', 'docx', '-q', '--changes-since', 'HEAD']);
    expect(result.code, result.stderr).toBe(0);
    const xml = docxPart(readFileSync(join(repo, 'out', 'submission.docx')), 'word/document.xml');
    expect(changes(xml)).toEqual([]);
    const formatted = [...xml.matchAll(/<w:r><w:rPr>((?:(?!<\/w:r>).)*?)<w:rPrChange w:id="\d+" w:author="Dossier" w:date="2013-03-04T00:00:00Z"><w:rPr>(.*?)<\/w:rPr><\/w:rPrChange><\/w:rPr><w:t[^>]*>([^<]*)<\/w:t><\/w:r>/g)];
    expect(formatted.map((m) => m[3])).toEqual(['46.2万个']);
    // Bold now, not bold before.
    expect(formatted[0]![1]).toContain('<w:b/>');
    expect(formatted[0]![2]).not.toContain('<w:b/>');
  });

  it('shows a paragraph added and one removed as such, not as the entries after them rewritten', () => {
    const { repo, content } = editedInGit(exampleDir, [['submission.yaml', '  - paragraph: >-\n      我们认为，造成上述', '  - paragraph: 这是新的一段。\n  - paragraph: >-\n      我们认为，造成上述']]);
    const text = readFileSync(join(content, 'submission.yaml'), 'utf8');
    // And the last paragraph removed.
    writeFileSync(join(content, 'submission.yaml'), text.replace(/  - paragraph: >-\n {6}据不完全估计[^]*$/, ''));
    const result = dossier(['build', content, '--out', join(repo, 'out'), '-f', 'docx', '-q', '--changes-since', 'HEAD']);
    expect(result.code, result.stderr).toBe(0);
    const found = changes(docxPart(readFileSync(join(repo, 'out', 'submission.docx')), 'word/document.xml'));
    expect(found.map((c) => [c.kind, c.text.slice(0, 8)])).toEqual([
      ['ins', '这是新的一段。'],
      ['del', '据不完全估计，目'],
    ]);
  });

  it('tracks edits in Arabic and Chinese documents of the multilingual example', () => {
    const { repo, content } = editedInGit(join(root, 'examples', 'cwan-water-2024'), [
      ['submission.yaml', 'الشرط الأول', 'الشرط الأساسي'],
      ['submission.yaml', '尊严的首要条件', '尊严的基本条件'],
    ]);
    const result = dossier(['build', content, '--out', join(repo, 'out'), '-f', 'docx', '-q', '-l', 'ar,zh-CN,en', '--changes-since', 'HEAD']);
    expect(result.code, result.stderr).toBe(0);
    const of = (lang: string) => changes(docxPart(readFileSync(join(repo, 'out', `submission.${lang}.docx`)), 'word/document.xml')).map((c) => [c.kind, c.text]);
    expect(of('ar')).toEqual([
      ['del', 'الأول'],
      ['ins', 'الأساسي'],
    ]);
    expect(of('zh-CN')).toEqual([
      ['del', '首要'],
      ['ins', '基本'],
    ]);
    expect(of('en')).toEqual([]);
  });

  it('refuses what is neither a DOCX Dossier made nor a revision', () => {
    const { repo, content } = editedInGit(exampleDir, cnieEdits);
    for (const [since, message] of [
      ['no-such-rev', /"no-such-rev" is neither a \.docx nor a git revision/],
      [join(repo, 'missing.docx'), /missing\.docx cannot be read as a DOCX: ENOENT/],
    ] as const) {
      const result = dossier(['build', content, '--out', join(repo, 'out'), '--changes-since', since]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    }
  });
});

describe('build --changes-since, in LibreOffice', () => {
  needs('soffice', 'pdftotext');
  it('shows the deleted and the inserted words where they were edited', () => {
    const { repo, content } = editedInGit(exampleDir, cnieEdits);
    const result = dossier(['build', content, '--out', join(repo, 'out'), '-f', 'docx', '-q', '--changes-since', 'HEAD']);
    expect(result.code, result.stderr).toBe(0);
    // LibreOffice shows tracked changes as it renders: both words stand there, the old one struck through.
    const text = pdfText(libreOfficeToPdf(join(repo, 'out', 'submission.docx'))).replace(/\s+/g, '');
    expect(text).toContain('我们非常十分关注');
    expect(text).toContain('拥有634个团体会员');
    expect(text).toContain('应及时进行总结');
  });
});
