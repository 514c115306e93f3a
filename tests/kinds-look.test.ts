import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { initContent } from '../src/init/init.js';
import { starterText } from '../src/init/starter-text.js';
import { sessionOrdinal } from '../src/kinds/ordinals.js';
import { docxPart, dossier, pdfText, squash, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/** Issue 24: each kind prints the facts its UN body asks for, as that body words them. */

const fixtures = parse(readFileSync(join(import.meta.dirname, 'fixtures', 'un-wording.yaml'), 'utf8')) as {
  sessions: { lang: string; session: number; text: string }[];
  agenda: { lang: string; item: number; heading?: string; title?: string }[];
};
const catalogue = (lang: string) => parse(readFileSync(join(import.meta.dirname, '..', 'templates', 'locales', `${lang}.yaml`), 'utf8'));
const sessionText = (n: number, lang: string) => (catalogue(lang).session.format as string).replace('{ordinal}', sessionOrdinal(n, lang)!);

/** A folder as `dossier init` writes it, with its files edited. */
async function folder(kind: string, options: { lang?: string; committee?: string; submission?: (t: string) => string; profile?: (t: string) => string } = {}) {
  const dir = join(tempDir(), 'content');
  await initContent({ dir, kind, date: '2025-03-01', ...(options.lang ? { lang: options.lang } : {}), ...(options.committee ? { committee: options.committee } : {}) });
  for (const file of ['profile', 'submission'] as const) {
    const path = join(dir, `${file}.yaml`);
    if (options[file]) writeFileSync(path, options[file]!(readFileSync(path, 'utf8')));
  }
  return dir;
}
const session58 = (t: string) => t.replace(/^session: 60$/m, 'session: 58');

/** PDF text and DOCX body text of a build, squashed. */
function built(dir: string, ...flags: string[]) {
  const out = join(tempDir(), 'out');
  const run = dossier(['build', dir, '-o', out, '-q', ...flags]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const pdf = pdfText(join(out, 'submission.pdf'));
  const docxBytes = readFileSync(join(out, 'submission.docx'));
  // The body, then the notes (the as-issued "Issued as received" note is a footnote).
  const xml = docxPart(docxBytes, 'word/document.xml') + docxPart(docxBytes, 'word/footnotes.xml');
  const docx = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return { pdf: squash(pdf).replace(/\u00ad/g, ''), docx: squash(docx), out, xml };
}

describe('session ordinals and agenda items', () => {
  it('reproduce the UN documents cited in tests/fixtures/un-wording.yaml', () => {
    for (const { lang, session, text } of fixtures.sessions) expect(sessionText(session, lang).toLowerCase(), `${lang} ${session}`).toBe(text.toLowerCase());
    for (const { lang, item, heading, title } of fixtures.agenda) {
      if (heading) expect(catalogue(lang).hrc.agendaItem.replace('{item}', String(item))).toBe(heading);
      if (title) expect(catalogue(lang).hrc.agenda[String(item)]).toBe(title);
    }
  });

  it('say the 1st, 21st, 58th and 61st sessions in en, fr and es, and every session 1 to 200', () => {
    expect([1, 21, 58, 61].map((n) => sessionText(n, 'en'))).toEqual(['First session', 'Twenty-first session', 'Fifty-eighth session', 'Sixty-first session']);
    expect([1, 21, 58, 61].map((n) => sessionText(n, 'fr'))).toEqual(['Première session', 'Vingt et unième session', 'Cinquante-huitième session', 'Soixante et unième session']);
    expect([1, 21, 58, 61].map((n) => sessionText(n, 'es'))).toEqual(['Primer período de sesiones', '21er período de sesiones', '58º período de sesiones', '61er período de sesiones']);
    for (const lang of ['en', 'fr', 'es', 'ru', 'zh']) {
      const all = Array.from({ length: 200 }, (_, i) => sessionOrdinal(i + 1, lang));
      expect(new Set(all).size, lang).toBe(200);
    }
  });

  it('refuses an agenda item outside 1-10 where it stands', async () => {
    const dir = await folder('hrc-written-statement', { submission: (t) => t.replace('agendaItem: 4', 'agendaItem: 11') });
    const run = dossier(['check', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/submission\.yaml:\d+:\d+: error: must be one of the Council's agenda items, 1 to 10 \(agendaItem\)/);
  });
});

describe('an HRC written statement', () => {
  const expected = {
    en: ['Fifty-eighth session', 'Agenda item 4', 'Human rights situations that require the Council’s attention', 'Written statement* submitted by', 'The Secretary-General has received the following written statement which is circulated in accordance with Economic and Social Council resolution 1996/31.', 'Issued as received, in the language(s) of submission only.'],
    fr: ['Cinquante-huitième session', 'Point 4 de l’ordre du jour', 'Situations relatives aux droits de l’homme qui requièrent l’attention du Conseil', 'Exposé écrit* présenté par', 'Le Secrétaire général a reçu l’exposé écrit suivant', 'Publié tel qu’il a été reçu'],
    es: ['58º período de sesiones', 'Tema 4 de la agenda', 'Situaciones de derechos humanos que requieren la atención del Consejo', 'Exposición escrita* presentada por', 'El Secretario General ha recibido la siguiente exposición escrita', 'Se distribuye tal como se recibió'],
  };
  for (const lang of ['en', 'fr', 'es'] as const) {
    it(`prints its session, agenda item and layout's elements in ${lang}, in the PDF and the DOCX`, async () => {
      needs('pdftotext');
      const dir = await folder('hrc-written-statement', { lang, submission: session58 });
      const submission = built(dir);
      for (const text of expected[lang].slice(0, 3)) {
        expect(submission.pdf).toContain(squash(text));
        expect(submission.docx).toContain(squash(text));
      }
      expect(submission.pdf).not.toContain(squash(expected[lang][4]!));
      const issued = built(dir, '--layout', 'as-issued');
      for (const text of expected[lang]) {
        // The PDF hyphenates the long sentence: compare without hyphens.
        expect(issued.pdf.replace(/[-\u00ad]/g, '')).toContain(squash(text).replace(/-/g, ''));
        expect(issued.docx).toContain(squash(text));
      }
      expect(issued.xml).toContain('w:customMarkFollows="1"');
    });
  }

  it('as issued, has its first page in the UN order: symbol top right, session block, "submitted by", date right, title', async () => {
    needs('pdftotext');
    const dir = await folder('hrc-written-statement', { submission: (t) => session58(t).replace('layout: submission', 'layout: as-issued\nsymbol: A/HRC/58/NGO/12') });
    const { out } = built(dir);
    const html = pdfText(join(out, 'submission.pdf'), '-bbox', '-f', '1', '-l', '1');
    const width = Number(/<page width="([\d.]+)"/.exec(html)![1]);
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), xMax: Number(m[3]), text: m[4]! }));
    const find = (text: string, after = -1) => words.find((w) => w.text === text && w.y > after)!;
    const symbol = find('A/HRC/58/NGO/12');
    expect(symbol.y).toBe(Math.min(...words.map((w) => w.y)));
    expect(symbol.xMax).toBeGreaterThan(width * 0.8);
    const session = find('Fifty-eighth');
    const submitted = find('submitted');
    expect(session.y).toBeGreaterThan(symbol.y);
    expect(submitted.y).toBeGreaterThan(session.y);
    const dates = words.filter((w) => w.text === '2025' && w.y > submitted.y);
    expect(dates.length).toBe(1);
    expect(dates[0]!.xMax).toBeGreaterThan(width * 0.8);
    const title = find('Title', dates[0]!.y);
    expect(title.y).toBeGreaterThan(dates[0]!.y);
    expect(html).not.toContain('[number');
  });

  it('refuses as-issued for a kind the UN publishes as received', async () => {
    const dir = await folder('upr-stakeholder');
    const run = dossier(['check', dir, '--layout', 'as-issued']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('kinds/layout');
  });
});

describe('UPR and treaty-body facts', () => {
  it('a UPR submission prints its State under review, cycle, Working Group session and contact in both files', async () => {
    needs('pdftotext');
    const dir = await folder('upr-stakeholder', {
      submission: (t) => t.replace(/^stateUnderReview: .*$/m, 'stateUnderReview: Ruritania').replace(/^  year: (\d+)$/m, '  year: $1\n  session: 47'),
    });
    const { pdf, docx } = built(dir);
    for (const text of ['State under review: Ruritania', 'Universal Periodic Review: cycle 4, 2025, Forty-seventh session of the Working Group', 'Contact:', 'contact@example.org']) {
      expect(pdf).toContain(squash(text));
      expect(docx).toContain(squash(text));
    }
  });

  it('a treaty-body report names its committee (init --committee), State party and type; the addressee follows the committee', async () => {
    needs('pdftotext');
    const dir = await folder('treaty-body-report', { committee: 'CESCR', lang: 'fr', submission: (t) => t.replace(/^stateUnderReview: .*$/m, 'stateUnderReview: Ruritanie') });
    const { pdf, docx } = built(dir);
    for (const text of ['Comité : Comité des droits économiques, sociaux et culturels', 'État partie : Ruritanie', 'Rapport parallèle']) {
      expect(pdf).toContain(squash(text));
      expect(docx).toContain(squash(text));
    }
    const check = dossier(['check', dir]);
    expect(check.stdout).toContain('Committee: CESCR');
    expect(check.stdout).toMatch(/submission form:\n {2}Title: Titre du texte\n {2}Word count: \d+/);
  });

  it('takes a page size in any case', async () => {
    needs('pdftotext');
    const dir = await folder('report');
    writeFileSync(join(dir, 'theme.yaml'), 'extends: un\npage:\n  size: Letter\n');
    const out = join(tempDir(), 'out');
    const run = dossier(['build', dir, '-o', out, '-q', '-f', 'pdf']);
    expect(run.stderr).toBe('');
    expect(pdfText(join(out, 'submission.pdf')).length).toBeGreaterThan(0);
  });
});

describe('init in the seven languages', () => {
  // List labels too: "(a)", "(ii)" (UN documents in Russian and Chinese letter sub-paragraphs
  // so), which pdftotext reads "() a" in a right-to-left line.
  const bodyText = (pdf: string) => pdf.replace(/[\w.+-]+@[\w.-]+|https?:\/\/\S+|\b(EOHR|OHCHR|UPR|NGO)\b|\(\s*[a-z]{1,4}\s*\)|\(\)[\u202a-\u202e ]*[a-z]{1,4}(?![a-z])/g, '');
  for (const lang of ['en', 'fr', 'es', 'ru', 'ar', 'zh-CN', 'zh-Hant']) {
    it(`writes its starter in ${lang}, and it builds as it is`, async () => {
      needs('pdftotext');
      const dir = await folder('upr-stakeholder', { lang });
      const out = join(tempDir(), 'out');
      const run = dossier(['build', dir, '-o', out, '-q']);
      expect(run.code, run.stderr).toBe(0);
      const text = bodyText(pdfText(join(out, 'submission.pdf')));
      if (/^(ar|ru|zh)/.test(lang)) expect(text.match(/[A-Za-z]+/g) ?? []).toEqual([]);
      else expect(text).not.toMatch(lang === 'en' ? /Organisation exemple/ : /Replace this/);
    });

    it(`${lang}: its starter shows a lettered list with a nested list, a quotation with its source, a table, a link and an unnumbered paragraph, each under a comment, and they build`, async () => {
      needs('pdftotext');
      const dir = await folder('upr-stakeholder', { lang });
      const yaml = readFileSync(join(dir, 'submission.yaml'), 'utf8');
      const body = (parse(yaml) as { body: Record<string, unknown>[] }).body;
      const list = body.find((entry) => 'list' in entry)?.list as { style: string; items: unknown[] };
      expect(list.style).toBe('(a)');
      expect(list.items.some((item) => (item as { list?: { style: string } }).list?.style === '(i)')).toBe(true);
      const quote = body.find((entry) => 'quote' in entry)!;
      expect(quote.source).toBeTruthy();
      const table = body.find((entry) => 'table' in entry)?.table as { caption: string; columns: unknown[]; rows: unknown[][] };
      expect(table.caption).toBeTruthy();
      expect(table.rows).toHaveLength(2);
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
      expect(body.some((entry) => String(entry.paragraph).includes('{{#link "https://'))).toBe(true);
      expect(body.some((entry) => entry.numbered === false && String(entry.paragraph).includes('{{br}}'))).toBe(true);
      // Each new entry has its one-line comment just above it.
      const lines = yaml.split('\n');
      for (const entry of [/^ {2}- list:/, /^ {2}- quote:/, /^ {2}- table:/, /^ {2}- paragraph: .*\{\{#link/, /^ {2}- paragraph: .*\{\{br\}\}/]) {
        const at = lines.findIndex((line) => entry.test(line));
        expect(at, String(entry)).toBeGreaterThan(0);
        expect(lines[at - 1], String(entry)).toMatch(/^ {2}# \S/);
      }
      const out = join(tempDir(), 'out');
      const run = dossier(['build', dir, '-o', out, '-q', '--format', 'pdf']);
      expect(run.code, run.stderr).toBe(0);
      const pdf = join(out, 'submission.pdf');
      // Line ends joined, a word hyphenated at one whole again; without punctuation, which
      // pdftotext misplaces in right-to-left lines.
      const joined = (text: string) => text.replace(/[-\u00ad]\n/g, '').replace(/[\s\u202a-\u202e\p{P}]+/gu, '');
      const text = joined(pdfText(pdf));
      const words = starterText(lang);
      for (const part of [words.quote, words.quoteSource, words.table.caption, words.table.columns[0]]) expect(text).toContain(joined(part));
      expect(readFileSync(pdf, 'latin1')).toMatch(/\/URI \(https:\/\/www\.ohchr\.org\/[a-z]{2}\/hr-bodies\/upr\/upr-main\)/);
    });
  }
});
