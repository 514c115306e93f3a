import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, buildTree, check } from '../src/build.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { plainText } from '../src/document/text.js';
import type { Inline } from '../src/document/tree.js';
import { initContent } from '../src/init/init.js';
import { loadKind, loadKinds } from '../src/kinds/kind.js';
import { kindProblems } from '../src/kinds/requirements.js';
import { loadContent } from '../src/content/load.js';
import { submissionKinds } from '../src/model/schema.js';
import { documentWords } from '../src/rules/submission-rules.js';
import { docxPart, dossier, root, tempDir } from './helpers.js';

const problemsOf = async (run: () => Promise<unknown>): Promise<Diagnostic[]> => {
  const e = await run().then(() => undefined, (e: unknown) => e);
  if (!(e instanceof DiagnosticError)) throw new Error(`expected problems, got ${String(e)}`);
  return e.diagnostics;
};
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

/** A new content folder of a kind, as `dossier init` writes it, with its files edited. */
async function folder(kind: string, edit: { profile?: (t: string) => string; submission?: (t: string) => string } = {}, lang?: string) {
  const dir = join(tempDir(), 'content');
  await initContent({ dir, kind, ...(lang ? { lang } : {}), date: '2025-03-01' });
  for (const file of ['profile', 'submission'] as const) {
    const path = join(dir, `${file}.yaml`);
    if (edit[file]) writeFileSync(path, edit[file]!(readFileSync(path, 'utf8')));
  }
  return dir;
}

const withStatus = (status: string | undefined) => (t: string) =>
  status ? t.replace('status: special', `status: ${status}`) : t.replace(/^ecosoc:\n.*\n.*\n/m, '');
/** A profile of another organisation, for a co-signer. */
const coSignerProfile = (starter: string, name: string, status: string | undefined) =>
  withStatus(status)(starter.replace('full: Example Organization for Human Rights', `full: ${name}`).replace(/^  (short|acronym): .*\n/gm, ''));
const withBody = (words: number) => (t: string) => t.replace('body:\n', `body:\n  - paragraph: ${'word '.repeat(words).trim()}\n`);

describe('kinds as data', () => {
  it('has one file per kind the schema knows, each limit with a source that has a date and a URL or says where to find it', async () => {
    const files = readdirSync(join(root, 'kinds')).map((f) => f.replace(/\.yaml$/, '')).sort();
    expect(files).toEqual([...submissionKinds].sort());
    for (const kind of await loadKinds()) {
      for (const variant of kind.variants) {
        expect(variant.sources.length).toBeGreaterThan(0);
        for (const id of variant.sources) {
          const source = kind.sources[id]!;
          expect(source.date).toMatch(/\d{4}|not dated/);
          expect(source.url ?? source.urlToConfirm).toMatch(/^https:\/\/|^URL to be confirmed: /);
        }
      }
    }
  });

  it('dossier kinds lists every kind with its limits, languages and sources', () => {
    const run = dossier(['kinds']);
    expect(run.code).toBe(0);
    for (const kind of submissionKinds) expect(run.stdout).toMatch(new RegExp(`^${kind}: `, 'm'));
    expect(run.stdout).toContain('at most 5 pages (one organisation), 10 pages (joint submission)');
    expect(run.stdout).toContain('at most 2,815 words (one organisation), 5,630 words (joint submission)');
    expect(run.stdout).toContain('at most 2,000 words (general consultative status), 1,500 words (special consultative status), 1,500 words (Roster)');
    expect(run.stdout).toContain('Human Rights Committee (CCPR): at most 10,000 words; in en, fr, es');
    expect(run.stdout).toContain('languages: en, fr, es');
    expect(run.stdout).toContain('(E/RES/1996/31), 1996-07-25, https://undocs.org/E/RES/1996/31');
    expect(run.stdout).toMatch(/^report: Report\n[\s\S]*limits: none/m);
    expect(JSON.parse(dossier(['kinds', 'hrc-written-statement', '--json']).stdout)[0].ecosoc.submitter).toEqual(['general', 'special', 'roster']);
    expect(dossier(['kinds', 'nope']).code).toBe(2);
  });

  it('locates a limit given in no known way in the kind file', async () => {
    const dir = tempDir();
    const text = readFileSync(join(root, 'kinds', 'treaty-body-report.yaml'), 'utf8').replace('maxWords: { all: 10000 }', 'maxWords: { all: 10000, joint: 5 }');
    writeFileSync(join(dir, 'treaty-body-report.yaml'), text);
    expect(await problemsOf(() => loadKind('treaty-body-report', dir))).toEqual([
      expect.objectContaining({ rule: 'kinds/limit', line: lineOf(text, 'maxWords: { all'), field: 'variants[0].maxWords' }),
    ]);
  });
});

describe('dossier init', () => {
  const sha = (dir: string) => readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]);

  it.each(submissionKinds)('writes a %s folder that builds at once, and will not write over it', (kind) => {
    const dir = join(tempDir(), 'x');
    const init = dossier(['init', dir, '--kind', kind]);
    expect(init.code, init.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['profile.yaml', 'submission.yaml']);
    const submission = readFileSync(join(dir, 'submission.yaml'), 'utf8');
    expect(submission).toMatch(new RegExp(`^kind: ${kind}$`, 'm'));
    // Every field written is explained by the comment line above it.
    const lines = submission.split('\n');
    lines.forEach((line, i) => {
      if (/^[a-zA-Z]+:/.test(line)) expect(lines[i - 1], `no comment above ${line}`).toMatch(/^#/);
    });
    const out = tempDir();
    const built = dossier(['build', dir, '--out', out]);
    expect(built.code, built.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['submission.docx', 'submission.pdf']);

    const before = sha(dir);
    const again = dossier(['init', dir, '--kind', kind]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not empty');
    expect(sha(dir)).toEqual(before);
  });

  it('starts from the organisation\'s own profile with --org, and in the language asked for', async () => {
    const dir = join(tempDir(), 'x');
    const run = dossier(['init', dir, '--kind', 'upr-stakeholder', '--lang', 'zh-CN', '--org', join(root, 'examples', 'cnie-upr-2013')]);
    expect(run.code, run.stderr).toBe(0);
    const profile = readFileSync(join(dir, 'profile.yaml'), 'utf8');
    expect(profile).toMatch(/^# yaml-language-server: \$schema=file:\/\/.*\/schemas\/profile\.schema\.json\n/);
    expect(profile).toContain(readFileSync(join(root, 'examples', 'cnie-upr-2013', 'profile.yaml'), 'utf8'));
    const { tree } = await buildTree(dir);
    expect(tree.meta.lang).toBe('zh-CN');
    expect(tree.meta.author).toBe('中国民间组织国际交流促进会');
  });

  it('refuses a language the kind does not accept, and a kind that does not exist', () => {
    const zh = dossier(['init', join(tempDir(), 'x'), '--kind', 'hrc-written-statement', '--lang', 'zh-CN']);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('Human Rights Council written statements are accepted in en, fr, es, not in zh-CN');
    expect(dossier(['init', join(tempDir(), 'x'), '--kind', 'petition']).code).toBe(2);
  });
});

describe('HRC written statements', () => {
  /** The statement's words without the filler paragraph. */
  const baseWords = async (status: string) => documentWords((await buildTree(await folder('hrc-written-statement', { profile: withStatus(status), submission: withBody(1) }))).tree) - 1;
  const statement = (status: string, words: number) => folder('hrc-written-statement', { profile: withStatus(status), submission: withBody(words) });
  const maxWords = (problems: Diagnostic[]) => problems.filter((p) => p.rule === 'rules/max-words');

  it('of about 1,600 words fails for special status with its count and the limit, and builds for general status', async () => {
    const base = await baseWords('special');
    const special = await statement('special', 1600 - base);
    const run = dossier(['build', special, '--out', tempDir(), '--format', 'docx']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /submission\.yaml:\d+:\d+: error: the document has 1,600 words; the limit for an organisation in special consultative status in HRC written statements is 1,500 \(body\) \[rules\/max-words\]/,
    );
    expect(run.stderr).toContain('E/RES/1996/31');
    const general = await statement('general', 1600 - base);
    const built = dossier(['build', general, '--out', tempDir()]);
    expect(built.code, built.stderr).toBe(0);
    const checked = dossier(['check', general]);
    expect(checked.stdout).toMatch(/^words: 1,600 of at most 2,000 \(general consultative status\)\nrules: Economic and Social Council, .*E\/RES\/1996\/31/);
  });

  it.each([
    ['special', 1500],
    ['roster', 1500],
    ['general', 2000],
  ])('for %s status passes at exactly %i words and fails one word over', async (status, limit) => {
    const base = await baseWords(status);
    const at = await check({ contentDir: await statement(status, limit - base) });
    expect(at.counts.words).toBe(limit);
    expect(maxWords(at.warnings)).toEqual([]);
    const over = await check({ contentDir: await statement(status, limit - base + 1) });
    expect(over.counts.words).toBe(limit + 1);
    expect(maxWords(over.warnings)).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining(`${(limit + 1).toLocaleString('en')} words; the limit`) })]);
  });

  it('counts the words of footnotes', async () => {
    const dir = await folder('hrc-written-statement', {
      submission: (t) => t.replace('footnotes: {}', 'footnotes:\n  n1: one two three four five').replace('paragraph of the text.', 'paragraph of the text.{{footnote "n1"}}'),
    });
    const plain = await folder('hrc-written-statement');
    expect(documentWords((await buildTree(dir)).tree) - documentWords((await buildTree(plain)).tree)).toBe(5);
  });

  it('cannot be submitted by an organisation without ECOSOC status: a located error', async () => {
    const dir = await folder('hrc-written-statement', { profile: withStatus(undefined) });
    const submission = readFileSync(join(dir, 'submission.yaml'), 'utf8');
    const problems = await problemsOf(() => loadContent(dir));
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'kinds/submitter-status',
        file: expect.stringMatching(/submission\.yaml$/),
        line: lineOf(submission, '\nkind:') + 1,
        message: expect.stringContaining('an organisation without consultative status cannot submit a Human Rights Council written statement'),
      }),
    ]);
    const run = dossier(['build', dir, '--out', tempDir()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/submission\.yaml:\d+:1: error: an organisation without consultative status cannot submit/);
  });

  it('needs its session, and one of its languages, each located', async () => {
    const dir = await folder('hrc-written-statement', { submission: (t) => t.replace(/^session: .*\n/m, '').replace('languages: [en]', 'languages: [en, ru]') });
    const text = readFileSync(join(dir, 'submission.yaml'), 'utf8');
    const problems = await problemsOf(() => loadContent(dir));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'schema/required', field: 'session', line: lineOf(text, '\nkind:') + 1 }),
        expect.objectContaining({ rule: 'kinds/language', field: 'languages[1]', line: lineOf(text, 'languages: [en, ru]') }),
      ]),
    );
  });

  it('is set in the hrc theme: Tinos (Times New Roman\'s measures), the title bold', async () => {
    const out = tempDir();
    await build({ contentDir: await folder('hrc-written-statement'), outDir: out, formats: ['docx'] });
    const styles = docxPart(readFileSync(join(out, 'submission.docx')), 'word/styles.xml');
    const title = /<w:style [^>]*w:styleId="Title"[\s\S]*?<\/w:style>/.exec(styles)?.[0] ?? '';
    expect(title).toMatch(/w:ascii="Tinos [0-9A-F]{6}"/);
    expect(title).toContain('<w:b/>');
  });
});

describe('treaty-body reports', () => {
  it('to the Human Rights Committee pass at exactly 10,000 words and fail one over; other committees have no limit sourced', async () => {
    const report = (words: number, committee = 'CCPR') =>
      folder('treaty-body-report', { submission: (t) => withBody(words)(t).replace('committee: CCPR', `committee: ${committee}`) });
    const base = documentWords((await buildTree(await report(1))).tree) - 1;
    const at = await check({ contentDir: await report(10_000 - base) });
    expect([at.counts.words, at.rules?.maxWords, at.warnings]).toEqual([10_000, { max: 10_000, who: 'all' }, []]);
    const over = await check({ contentDir: await report(10_001 - base) });
    expect(over.warnings.map((w) => w.message)).toEqual(['the document has 10,001 words; the limit in alternative reports to the Human Rights Committee is 10,000']);
    const cescr = await report(10_001 - base, 'CESCR');
    expect((await check({ contentDir: cescr })).rules).toBeUndefined();
    // The committee's name is longer than CCPR's "Human Rights Committee" by four words; the form's fields follow.
    expect(dossier(['check', cescr]).stdout).toMatch(/^words: 10,005\nrules: none for this kind, cycle or committee \(dossier kinds lists them\)\nsubmission form:\n/);
  });
});

describe('joint submissions', () => {
  /** A joint HRC statement: this folder's organisation (special) with co-signers given as roster, general, none. */
  async function joint(lang?: string) {
    return folder('hrc-written-statement', {
      submission: (t) => t.replace('coSigners: []', 'coSigners: [partners/roster-ngo, partners/general-ngo.yaml, partners/unlisted]'),
    }, lang).then((dir) => {
      // init writes the starter in the statement's language: the organisation keeps its English name here.
      const starter = readFileSync(join(dir, 'profile.yaml'), 'utf8').replace(/^  full: .*$/m, '  full: Example Organization for Human Rights');
      writeFileSync(join(dir, 'profile.yaml'), starter);
      mkdirSync(join(dir, 'partners', 'roster-ngo'), { recursive: true });
      mkdirSync(join(dir, 'partners', 'unlisted'), { recursive: true });
      writeFileSync(join(dir, 'partners', 'roster-ngo', 'profile.yaml'), coSignerProfile(starter, 'Roster Network', 'roster'));
      writeFileSync(join(dir, 'partners', 'general-ngo.yaml'), coSignerProfile(starter, 'General Alliance', 'general'));
      writeFileSync(join(dir, 'partners', 'unlisted', 'profile.yaml'), coSignerProfile(starter, 'Village Water Group', undefined));
      return dir;
    });
  }

  it('lists an HRC statement\'s organisations general, special, Roster, whatever the content\'s order; those without status in a footnote to the title', async () => {
    const out = tempDir();
    const result = await build({ contentDir: await joint(), outDir: out, formats: ['docx'] });
    // After the session block (Council, session, agenda item and its title): the title, then who submits it.
    const titleAt = result.tree.blocks.findIndex((b) => b.kind === 'title');
    const [title, submittedBy] = result.tree.blocks.slice(titleAt);
    expect(submittedBy?.kind).toBe('paragraph');
    expect(plainText((submittedBy as { children: Inline[] }).children)).toBe(
      'Joint written statement submitted by General Alliance, a non-governmental organization in general consultative status, ' +
        'Example Organization for Human Rights, a non-governmental organization in special consultative status, ' +
        'and Roster Network, a non-governmental organization on the Roster',
    );
    const note = (title as { children: Inline[] }).children.find((i) => i.kind === 'note') as { children: Inline[] } | undefined;
    expect(plainText(note!.children)).toBe(
      'The non-governmental organization(s) without consultative status, Village Water Group, also share(s) the views expressed in this statement.',
    );
    const xml = docxPart(readFileSync(join(out, 'submission.docx')), 'word/document.xml').replace(/<[^>]+>/g, '');
    expect(xml.indexOf('General Alliance')).toBeLessThan(xml.indexOf('Example Organization for Human Rights, a'));
    expect(xml.indexOf('Example Organization for Human Rights, a')).toBeLessThan(xml.indexOf('Roster Network'));
    const footnotes = docxPart(readFileSync(join(out, 'submission.docx')), 'word/footnotes.xml');
    expect(footnotes).toContain('Village Water Group');
  });

  it('says so in French, in both files (the narrow no-break space before a colon included)', async () => {
    const out = tempDir();
    const result = await build({ contentDir: await joint('fr'), outDir: out });
    const titleAt = result.tree.blocks.findIndex((b) => b.kind === 'title');
    expect(plainText((result.tree.blocks[titleAt + 1] as { children: Inline[] }).children)).toBe(
      'Exposé écrit présenté conjointement par General Alliance, organisation non gouvernementale dotée du statut consultatif général, ' +
        'Example Organization for Human Rights, organisation non gouvernementale dotée du statut consultatif spécial ' +
        'et Roster Network, organisation non gouvernementale inscrite sur la Liste',
    );
    expect(result.written.map((p) => p.replace(out, ''))).toEqual(['/submission.pdf', '/submission.docx']);
    expect(docxPart(readFileSync(join(out, 'submission.docx')), 'word/footnotes.xml')).toContain('présent exposé\u202f: Village Water Group');
  });

  it('holds a joint UPR submission to the joint limits and keeps the content\'s order', async () => {
    const dir = await folder('upr-stakeholder', { submission: (t) => t.replace('coSigners: []', 'coSigners: [partner.yaml]') });
    writeFileSync(join(dir, 'partner.yaml'), coSignerProfile(readFileSync(join(dir, 'profile.yaml'), 'utf8'), 'Partner Without Status', undefined));
    const result = await check({ contentDir: dir });
    expect(result.rules?.maxWords).toEqual({ max: 5630, who: 'joint' });
    const { tree } = await buildTree(dir);
    expect(tree.blocks.map((b) => ('children' in b ? plainText(b.children) : ''))).toContain(
      'Joint submission by Example Organization for Human Rights and Partner Without Status',
    );
  });

  it('checks each co-signer\'s status against the kind, located at its entry', async () => {
    const dir = await joint();
    const content = await loadContent(dir);
    const text = readFileSync(join(dir, 'submission.yaml'), 'utf8');
    const strict = { ...content.kind, ecosoc: { ...content.kind.ecosoc, coSigners: ['general' as const, 'special' as const] } };
    const problems = kindProblems({ kind: strict, submission: content.model.submission, saidJoint: undefined, profile: content.model.profile, coSigners: content.coSigners, sources: content.sources });
    const line = lineOf(text, '\ncoSigners: [') + 1;
    const column = (entry: string) => text.split('\n')[line - 1]!.indexOf(entry) + 1;
    expect(problems.map((p) => [p.rule, p.field, p.line, p.column])).toEqual([
      ['kinds/co-signer-status', 'coSigners[0]', line, column('partners/roster')],
      ['kinds/co-signer-status', 'coSigners[2]', line, column('partners/unlisted')],
    ]);
    expect(problems[0]!.message).toContain('is on the Roster');
  });

  it('reports a missing co-signer, one outside the content folder, and a mistake in a co-signer\'s profile, each where it is', async () => {
    const dir = await joint();
    const outside = join(tempDir(), 'elsewhere.yaml');
    writeFileSync(outside, readFileSync(join(dir, 'partners', 'general-ngo.yaml'), 'utf8'));
    const submission = join(dir, 'submission.yaml');
    writeFileSync(submission, readFileSync(submission, 'utf8').replace(/^coSigners: .*$/m, `coSigners:\n  - partners/none\n  - ${outside}\n  - partners/roster-ngo`));
    const roster = join(dir, 'partners', 'roster-ngo', 'profile.yaml');
    writeFileSync(roster, readFileSync(roster, 'utf8').replace('year: 2001', 'year: two thousand'));
    const text = readFileSync(submission, 'utf8');
    const problems = await problemsOf(() => loadContent(dir));
    expect(problems.map((p) => [p.rule, p.field, p.line])).toEqual([
      ['content/co-signer', 'coSigners[0]', lineOf(text, '- partners/none')],
      ['content/outside', 'coSigners[1]', lineOf(text, `- ${outside}`)],
      ['schema/type', 'founded.year', lineOf(readFileSync(roster, 'utf8'), 'year: two')],
    ]);
    expect(problems[2]!.file).toMatch(/partners\/roster-ngo\/profile\.yaml$/);
  });
});
