import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, dossier, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * Content templates cannot hang a build, inject markup or make Handlebars talk: what
 * they write is counted while they write it, values reach the markup escaped only,
 * and every problem is an error at the field (issue 21).
 */

/** A fresh `dossier init --kind report --lang en` folder, its profile listing `fields` fields of work. */
function freshContent(fields = 2): string {
  const dir = join(tempDir(), 'content');
  expect(dossier(['init', dir, '--kind', 'report', '--lang', 'en']).code).toBe(0);
  const list = Array.from({ length: fields }, (_, i) => `  - field ${i}`).join('\n');
  edit(dir, 'profile.yaml', (t) => t.replace(/fieldsOfWork:\n( {2}- .*\n)+/, `fieldsOfWork:\n${list}\n`));
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
}

/** The first paragraph's text, `{{profile.names.full}} submits the following.` in a fresh folder, replaced. */
const firstParagraph = (dir: string, text: string) => edit(dir, 'submission.yaml', (t) => t.replace('{{profile.names.full}} submits the following.', text));

/** Line and column (1-based) of `needle` in a content file. */
function positionOf(dir: string, file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(join(dir, file), 'utf8');
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The problems the CLI printed, one `file:line:col: severity: message (field) [rule]` each. */
function problems(stderr: string) {
  return [...stderr.matchAll(/^(.+?):(\d+):(\d+): (error|warning): (.*?)(?: \((\S+)\))? \[(\S+)\]$/gm)].map((m) => ({
    file: m[1]!,
    line: Number(m[2]),
    column: Number(m[3]),
    severity: m[4]!,
    message: m[5]!,
    field: m[6],
    rule: m[7]!,
  }));
}

/** Runs the CLI under /usr/bin/time: its exit code, output, wall time and peak memory. */
function measured(args: string[]) {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'max-rss-kb %M', process.execPath, cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  const seconds = (performance.now() - started) / 1000;
  const rss = /max-rss-kb (\d+)/.exec(result.stderr);
  expect(rss, result.stderr).not.toBeNull();
  return { code: result.status, stderr: result.stderr, seconds, megabytes: Number(rss![1]) / 1024 };
}

describe('template expansion', () => {
  it('refuses four nested {{#each}} over 60 items at the field, within 10 s and 1 GB, leaving the earlier outputs as they were', () => {
    const dir = freshContent(60);
    const out = join(tempDir(), 'out');
    expect(dossier(['build', dir, '--out', out, '-q']).code).toBe(0);
    const before = ['submission.pdf', 'submission.docx'].map((f) => readFileSync(join(out, f)));

    const loop = '{{#each @root.profile.fieldsOfWork}}';
    firstParagraph(dir, `${loop.repeat(4)}{{this}} {{/each}}{{/each}}{{/each}}{{/each}} submits the following.`);
    const run = measured(['build', dir, '--out', out, '-q']);

    expect(run.code).toBe(1);
    expect(run.seconds).toBeLessThan(10);
    expect(run.megabytes).toBeLessThan(1024);
    expect(problems(run.stderr)).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/submission\.yaml$/),
        ...positionOf(dir, 'submission.yaml', loop),
        field: 'body[1].paragraph',
        rule: 'template/too-large',
        message: expect.stringMatching(/100,000 rounds|1,000,000 characters/),
      }),
    ]);
    expect(['submission.pdf', 'submission.docx'].map((f) => readFileSync(join(out, f)))).toEqual(before);
  });

  it('refuses a value named over and over past the character cap, without a loop', () => {
    const dir = freshContent();
    edit(dir, 'profile.yaml', (t) => t.replace('full: Example Organization for Human Rights', `full: ${'Example '.repeat(500)}`));
    firstParagraph(dir, `${'{{profile.names.full}} '.repeat(300)}submits the following.`);
    const run = measured(['check', dir]);
    expect(run.code).toBe(1);
    expect(problems(run.stderr)).toEqual([
      expect.objectContaining({ field: 'body[1].paragraph', rule: 'template/too-large', message: expect.stringContaining('1,000,000 characters') }),
    ]);
  });

  it('still builds loops of a real size', () => {
    const dir = freshContent(30);
    firstParagraph(dir, 'We work on {{#each profile.fieldsOfWork}}{{#each @root.profile.fieldsOfWork}}{{this}}; {{/each}}{{/each}}and more.');
    const out = join(tempDir(), 'out');
    const result = dossier(['build', dir, '--out', out, '-q', '--format', 'docx']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('raw insertion', () => {
  /** Each form, the rule, and where the error points. */
  const forms = [
    ['{{{profile.names.full}}}', 'template/raw', '{{{'],
    ['{{&profile.names.full}}', 'template/raw', '{{&'],
    ['{{plain profile.names.full}}', 'template/raw', '{{plain'],
    ['{{#with (plain profile.names.full)}}{{this}}{{/with}}', 'template/raw', '(plain'],
    ['{{> submission}}', 'template/partial', '{{>'],
    // A helper that returns text, called as a block: Handlebars would insert its result unescaped.
    ['{{#list profile.fieldsOfWork}}{{/list}}', 'template/helper', '{{#list'],
    ['{{#lookup profile.names "full"}}{{/lookup}}', 'template/helper', '{{#lookup'],
  ] as const;

  it.each(forms)('refuses %s in content at the expression, with the field', (form, rule, at) => {
    const dir = freshContent();
    // Balanced markup and a character only an entity can smuggle: what a raw insertion would obey.
    edit(dir, 'profile.yaml', (t) => t.replace('full: Example Organization for Human Rights', 'full: "AT&T</item><pagebreak/><item list=\\"x\\">&#x85;"'));
    firstParagraph(dir, `Intro ${form} submits the following.`);
    const result = dossier(['check', dir]);
    expect(result.code).toBe(1);
    expect(problems(result.stderr)).toEqual([
      expect.objectContaining({ ...positionOf(dir, 'submission.yaml', at), field: 'body[1].paragraph', rule }),
    ]);
  });

  it('prints a value with markup in it literally, in the text and in the PDF title', () => {
    needs('pdfinfo');
    const dir = freshContent();
    const name = 'AT&T</item><pagebreak/>"q"';
    edit(dir, 'profile.yaml', (t) => t.replace('full: Example Organization for Human Rights', `full: '${name}'`));
    edit(dir, 'submission.yaml', (t) => t.replace('title: Title of the text', 'title: "{{profile.names.full}} & <b>"'));
    const out = join(tempDir(), 'out');
    const result = dossier(['build', dir, '--out', out, '-q', '--format', 'pdf']);
    expect(result.stderr).toBe('');
    const info = spawnSync('pdfinfo', [join(out, 'submission.pdf')], { encoding: 'utf8' }).stdout;
    expect(info).toContain(`Title:           ${name} & <b>`);
  });
});

describe('notes', () => {
  it('a footnote inside a footnote is an error at it, not a crash of the DOCX writer', () => {
    const dir = freshContent();
    edit(dir, 'submission.yaml', (t) => t.replace('footnotes: {}', 'footnotes:\n  b: Inner note.\n  a: Outer {{footnote "b"}} note.'));
    firstParagraph(dir, '{{profile.names.full}} submits{{footnote "a"}} the following.');
    const result = dossier(['build', dir, '--out', join(tempDir(), 'out'), '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(problems(result.stderr)).toContainEqual(
      expect.objectContaining({ ...positionOf(dir, 'submission.yaml', '{{footnote "b"}}'), field: 'footnotes.a', rule: 'content/footnote-in-footnote' }),
    );
  });
});

describe("Handlebars' own messages", () => {
  it('are not printed: {{toString}} in a loop is an error at the expression, and stderr holds only the problem', () => {
    const dir = freshContent();
    const expression = '{{toString}}';
    firstParagraph(dir, `Intro {{#each profile.fieldsOfWork}}${expression}{{/each}} submits the following.`);
    const result = dossier(['check', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/Handlebars|prototype|runtime-options/i);
    expect(problems(result.stderr)).toEqual([
      expect.objectContaining({ ...positionOf(dir, 'submission.yaml', expression), field: 'body[1].paragraph', rule: 'template/missing-field' }),
    ]);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('are not printed from the document templates either', () => {
    const templates = join(tempDir(), 'templates');
    mkdirSync(templates);
    cpSync(join(root, 'templates'), templates, { recursive: true });
    const file = join(templates, 'submission.hbs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{#each submission.body}}', '{{#each submission.body}}{{valueOf}}'));
    const result = dossier(['check', freshContent(), '--templates', templates]);
    expect(result.stderr).not.toMatch(/Handlebars|prototype|runtime-options/i);
    expect(problems(result.stderr)).toEqual([expect.objectContaining({ rule: 'template/missing-field', file: expect.stringMatching(/submission\.hbs$/) })]);
  });
});
