import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { docxPart, dossier, libreOfficeToPdfs, pdfText, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * What real submissions contain (issue 23): lists, quotations, tables, links, unnumbered
 * paragraphs, superscripts and line breaks, read back from both files of the UPR example
 * in English, French, Arabic and Chinese, as a reader, a screen reader, Word and pandoc see them.
 */
const example = join(root, 'examples', 'upr-recommendations-2024');
const languages = ['en', 'fr', 'ar', 'zh-CN'] as const;
const urls = ['https://gazette.arcadia.example.gov/laws/2019/12', 'https://www.ohchr.org/en/hr-bodies/upr/upr-main', 'mailto:upr@civic-space.example.org'];
let out = '';
const pdf = (lang: string) => join(out, `submission.${lang}.pdf`);
const docx = (lang: string) => join(out, `submission.${lang}.docx`);
/** Text with white space (and the direction marks pdftotext puts around Latin text in Arabic) taken out: how a reader who joins line ends reads it. */
const joined = (text: string) => text.replace(/[\s\u202a-\u202e]+/g, '');

beforeAll(() => {
  out = tempDir();
  const run = dossier(['build', example, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
});

describe('the PDF', () => {
  needs('pdftotext', 'pdfinfo', 'qpdf');

  it('reads back every text in order: the unnumbered introduction, its line break, numbered paragraphs with their lettered list, the quotation and its source, the table, the paragraph numbered on after the list', () => {
    const text = pdfText(pdf('en'));
    const order = [
      'Submitted by Coalition for Civic Space for the 47th session',
      'Contact: upr@civic-space.example.org',
      '1. At its review in the third cycle',
      '2. CCS recommends that the Republic of Arcadia:',
      '(a) Adopt a law on access to information;',
      '(b) Repeal the provisions that criminalize defamation:',
      '(i) in the criminal code;',
      '(ii) in the law on associations;',
      '(c) Invite the Special Rapporteur',
      '3. Article 19 of the Law on Associations',
      'An association that receives funds from abroad',
      'Law No. 12/2019 on Associations, article 19',
      '4. The law is published',
      'Recommendations received in the third cycle and their status',
      '130.1',
      '133.22',
      '5. Of the 22 recommendations',
    ];
    let at = 0;
    for (const part of order) {
      const found = joined(text).indexOf(joined(part), at);
      expect(found, part).toBeGreaterThanOrEqual(at);
      at = found;
    }
    // The line break is a line end, and the introduction has no number.
    expect(text).toMatch(/Working Group\.\nContact:/);
    expect(text).not.toMatch(/\d\. Submitted by/);
  });

  it('sets "74e" with a raised e in French, and reads it back as 74e', () => {
    const text = pdfText(pdf('fr'));
    expect(text).toContain('74e séance');
  });

  for (const lang of languages) {
    it(`${lang}: every URL reads back whole once line ends are joined, never hyphenated, and each is a /URI annotation`, () => {
      const text = joined(pdfText(pdf(lang)));
      // The bare addresses are their own text; the gazette's link reads "official gazette".
      for (const url of urls.slice(1)) expect(text).toContain(url.replace('mailto:', ''));
      expect(text).not.toMatch(/civic-spa-ce|gaz-ette|upr-ma-in/);
      const qdf = join(out, `${lang}.qdf.pdf`);
      execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf(lang), qdf]);
      const raw = readFileSync(qdf, 'latin1');
      for (const url of urls) expect(raw).toContain(`/URI (${url})`);
      // Each annotation is a kid of its Link element (an OBJR), as PDF/UA asks.
      expect(raw).toMatch(/\/Type \/OBJR/);
    });
  }

  it('is tagged with lists (L, LI, Lbl, LBody), a BlockQuote, a Table with Caption, TR, TH (Scope) and TD, and Links', () => {
    const struct = execFileSync('pdfinfo', ['-struct', pdf('en')], { encoding: 'utf8' });
    for (const element of ['L', 'LI', 'Lbl', 'LBody', 'BlockQuote', 'Table', 'Caption', 'TR', 'TH', 'TD', 'Link']) {
      expect(struct, element).toMatch(new RegExp(`^\\s*${element}\\b`, 'm'));
    }
    // The nested list's L stands in the LI of the item it belongs to, and the lettered list in the numbered paragraph's LI.
    const qdf = readFileSync(join(out, 'en.qdf.pdf'), 'latin1');
    expect(qdf).toMatch(/\/Scope \/Column/);
  });

  for (const lang of languages) {
    it(`${lang}: the table spans two pages, its header row at the top of the second`, () => {
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf(lang)], { encoding: 'utf8' }))![1]);
      const header = { en: 'Recommendation', fr: 'Recommandation', ar: 'التوصية', 'zh-CN': '建议' }[lang];
      const withRows = [];
      for (let p = 1; p <= pages; p++) {
        const page = pdfText(pdf(lang), '-f', String(p), '-l', String(p));
        if (/13\d\.\d+/.test(page)) withRows.push({ p, page });
      }
      expect(withRows.length).toBeGreaterThanOrEqual(2);
      for (const { page } of withRows) expect(joined(page)).toContain(joined(header));
    });
  }
});

describe('the DOCX', () => {
  it('states lists with real numbering: each item a w:numPr with its level, no typed label; the labels in numbering.xml', () => {
    const file = readFileSync(docx('en'));
    const document = docxPart(file, 'word/document.xml');
    const numbering = docxPart(file, 'word/numbering.xml');
    const paragraphs = document.split('</w:p>');
    const item = (text: string) => paragraphs.find((p) => p.includes(text))!;
    const level = (p: string) => /<w:ilvl w:val="(\d)"\/>/.exec(p)?.[1];
    const numId = (p: string) => /<w:numId w:val="(\d+)"\/>/.exec(p)?.[1];
    expect(level(item('Adopt a law on access to information'))).toBe('0');
    expect(level(item('in the criminal code'))).toBe('1');
    expect(numId(item('in the criminal code'))).toBe(numId(item('Adopt a law on access to information')));
    // Inserting an item in Word renumbers the rest: the labels are Word's, not typed.
    expect(document).not.toMatch(/<w:t[^>]*>\(a\)/);
    expect(numbering).toMatch(/<w:numFmt w:val="lowerLetter"\/>(<w:suff [^>]*>)?<w:lvlText w:val="\(%1\)"\/>/);
    expect(numbering).toMatch(/<w:numFmt w:val="lowerRoman"\/>(<w:suff [^>]*>)?<w:lvlText w:val="\(%2\)"\/>/);
    // The paragraph after the list numbers on: the same numbering as the paragraphs before it.
    expect(numId(item('Article 19 of the Law on Associations'))).toBe(numId(item('CCS recommends')));
  });

  it('has a Quote style, a table with a repeated header row and rows that never split, hyperlinks to external targets, a superscript and a line break', () => {
    const en = readFileSync(docx('en'));
    const document = docxPart(en, 'word/document.xml');
    const rels = docxPart(en, 'word/_rels/document.xml.rels');
    expect(docxPart(en, 'word/styles.xml')).toMatch(/w:styleId="Quote"/);
    expect(document).toMatch(/<w:pStyle w:val="Quote"\/>/);
    expect(document).toMatch(/<w:tbl>/);
    expect(document).toMatch(/<w:tblHeader\/>/);
    // The header row is bold, as the PDF sets it: its runs say so (the Table Text style is not bold).
    const headerRow = /<w:tr>(?:(?!<\/w:tr>).)*<w:tblHeader\/>(?:(?!<\/w:tr>).)*<\/w:tr>/s.exec(document)![0];
    for (const run of headerRow.match(/<w:r>(?:(?!<\/w:r>).)*<w:t[ >](?:(?!<\/w:r>).)*<\/w:r>/gs) ?? []) expect(run).toMatch(/<w:b\/>/);
    expect((document.match(/<w:cantSplit\/>/g) ?? []).length).toBe(23);
    for (const url of urls) expect(rels).toContain(`Target="${url.replace('&', '&amp;')}" TargetMode="External"`);
    expect(document).toMatch(/<w:hyperlink [^>]*r:id="rIdLink1"/);
    expect(document).toMatch(/<w:vertAlign w:val="superscript"\/>/);
    expect(document).toMatch(/<w:br\/>/);
  });

  it('python-docx sees the lists with numbering and levels, the table with its header row, and the hyperlinks with their targets', () => {
    needs('python-docx');
    const script = `
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
items = [(p.text, p._p.pPr.numPr.ilvl.val) for p in d.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None and p.style.name == 'List']
print('items', len(items), sorted(set(l for _, l in items)))
t = d.tables[0]
print('header', t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn('w:tblHeader')) is not None, [c.text for c in t.rows[0].cells])
print('rows', len(t.rows))
links = [(d.part.rels[h.get(qn('r:id'))].target_ref) for h in d.element.body.iter(qn('w:hyperlink'))]
print('links', sorted(set(links)))
`;
    const run = spawnSync('/usr/bin/python3', ['-c', script, docx('en')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('items 5 [0, 1]');
    expect(run.stdout).toContain("header True ['No.', 'Recommendation', 'Response', 'Status']");
    expect(run.stdout).toContain('rows 23');
    for (const url of urls) expect(run.stdout).toContain(url);
  });

  it('pandoc reads a table, a nested list and the links', () => {
    needs('pandoc');
    const markdown = execFileSync('pandoc', ['-f', 'docx', '-t', 'markdown', docx('en')], { encoding: 'utf8' });
    expect(markdown).toMatch(/Recommendation.*Response.*Status/);
    expect(markdown).toMatch(/^\s*\(a\)\s+Adopt a law/m);
    expect(markdown).toMatch(/^\s{2,}i\.\s+in the criminal code/m);
    expect(markdown).toContain('(https://gazette.arcadia.example.gov/laws/2019/12)');
    // An address that is its own text is an autolink: <upr@…>.
    expect(markdown).toMatch(/<upr@civic-space\.example\.org>|\(mailto:upr@civic-space\.example\.org\)/);
    expect(markdown).toContain('<https://www.ohchr.org/en/hr-bodies/upr/upr-main>');
  });

  it('LibreOffice reads every text in order and repeats the header row on the page the table continues on', () => {
    needs('soffice', 'pdftotext');
    const [converted] = libreOfficeToPdfs([docx('en')]);
    const text = pdfText(converted!);
    let at = 0;
    for (const part of ['Contact: upr@civic-space.example.org', '(a)', 'Adopt a law', '(i)', 'in the criminal code', 'An association that receives', 'Recommendations received', '130.1', '133.22', 'Of the 22']) {
      const found = joined(text).indexOf(joined(part), at);
      expect(found, part).toBeGreaterThanOrEqual(at);
      at = found;
    }
    const pages = text.split('\f').filter((page) => /13\d\.\d+/.test(page));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) expect(page).toContain('Recommendation');
  }, 60_000);
});

describe('bad input gets a located error', () => {
  /** The example with its body replaced; the problems `check` reports. */
  const check = (body: string) => {
    const dir = join(tempDir(), 'content');
    cpSync(example, dir, { recursive: true });
    const file = join(dir, 'submission.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text.slice(0, text.indexOf('body:'))}languages: en\nbody:\n${body}`.replace(/^languages: \[en, fr, ar, zh-CN\]\n/m, ''));
    return dossier(['check', dir]);
  };

  it('a table row with more cells than columns', () => {
    const run = check('  - table:\n      columns: [A, B]\n      rows:\n        - [one, two]\n        - [one, two, three]\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/submission\.yaml:\d+:\d+: error: this row has 3 cells, the table 2 columns \(body\[0\]\.table\.rows\[1\]\)/);
  });

  it('a list nested deeper than 3', () => {
    const run = check('  - list:\n      items:\n        - one\n        - list:\n            items:\n              - two\n              - list:\n                  items:\n                    - three\n                    - list: { items: [four] }\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/submission\.yaml:\d+:\d+: error: lists nest at most 3 deep: this one is 4 deep/);
  });

  it('a link to anything but https:, http: or mailto:', () => {
    const run = check('  - paragraph: \'See {{#link "javascript:alert(1)"}}this{{/link}}.\'\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/submission\.yaml:\d+:\d+: error: .*must start with https:\/\/, http:\/\/ or mailto:/);
  });

  it('an empty item', () => {
    const run = check('  - list:\n      items:\n        - one\n        - ""\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/submission\.yaml:\d+:\d+: error: .*\(body\[0\]\.list\.items\[1\]\)/);
  });
});

describe('a problem inside a table cell is located at that cell, not at the table’s first text', () => {
  /** The example with a table whose row 2, cell 3 holds `cell` (its profile edited by `profile`): the folder, and that cell's line and column. */
  const withCell = (cell: string, profile = (text: string) => text) => {
    const dir = join(tempDir(), 'content');
    cpSync(example, dir, { recursive: true });
    const file = join(dir, 'submission.yaml');
    const text = readFileSync(file, 'utf8').replace(/^languages: \[en, fr, ar, zh-CN\]\n/m, 'languages: en\n');
    const body = `body:\n  - paragraph: Hello.\n  - table:\n      columns: [A, B, C]\n      rows:\n        - [one, two, three]\n        - [one, two, ${cell}]\n`;
    const written = `${text.slice(0, text.indexOf('body:'))}${body}`;
    writeFileSync(file, written);
    writeFileSync(join(dir, 'profile.yaml'), profile(readFileSync(join(dir, 'profile.yaml'), 'utf8')));
    const lines = written.split('\n');
    const line = lines.lastIndexOf(`        - [one, two, ${cell}]`) + 1;
    return { dir, line, column: lines[line - 1]!.indexOf(cell) + 1 };
  };
  const field = '(body[1].table.rows[1][2])';

  it('an undefined footnote', () => {
    const { dir, line, column } = withCell('\'See {{footnote "missing"}}\'');
    const run = dossier(['check', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`submission.yaml:${line}:${column + 5}: error: footnote "missing" is not defined under footnotes: ${field}`);
  });

  it('a control character', () => {
    const { dir, line, column } = withCell('"a\\u0007b"');
    const run = dossier(['check', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`submission.yaml:${line}:${column}: error: invisible control character U+0007; delete it ${field}`);
  });

  it('a run no line can hold, as the templates print it', () => {
    const long = 'a'.repeat(1_500);
    const { dir, line, column } = withCell('"{{profile.names.short}}{{profile.names.short}}"', (text) => text.replace(/^ {4}en: CCS$/m, `    en: ${long}`));
    const run = dossier(['check', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`submission.yaml:${line}:${column}: error: 3,000 characters without a space`);
    expect(run.stderr).toContain(field);
  });

  it('a word longer than its column, which the PDF breaks', () => {
    const { dir, line, column } = withCell(`"x ${'b'.repeat(150)}"`);
    const run = dossier(['build', dir, '--out', tempDir(), '--format', 'pdf']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`submission\\.yaml:${line}:${column}: warning: "b+…" \\(150 characters\\) is longer than a line.*\\(body\\[1\\]\\.table\\.rows\\[1\\]\\[2\\]\\)`));
  }, 30_000);
});
