import { readFileSync, writeFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/build.js';
import { DiagnosticError } from '../src/diagnostics/diagnostic.js';
import { blockText, itemNumbers } from '../src/document/text.js';
import type { Inline } from '../src/document/tree.js';
import { parseMarkup } from '../src/template/markup.js';
import { copyOfExample, root, tempDir } from './helpers.js';

const doc = (body: string) => `<document lang="zh-CN" date="2013-03-04">${body}</document>`;

function editExample(file: string, edit: (text: string) => string): string {
  const dir = copyOfExample();
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('markup to document tree', () => {
  it('drops white space next to Chinese characters and keeps one space between Latin words', () => {
    const tree = parseMarkup(doc('<p>\n  成立于 2005 年，\n  是中国 NGO 联合体。Human\n   Rights  Council</p>'));
    expect(blockText(tree.blocks[0]!)).toBe('成立于2005年，是中国NGO联合体。Human Rights Council');
  });

  it('keeps the space before an English quotation mark', () => {
    const tree = parseMarkup(doc('<p>He said “hello world”</p>'));
    expect(blockText(tree.blocks[0]!)).toBe('He said “hello world”');
  });

  it('builds inline structure and footnotes', () => {
    const tree = parseMarkup(doc('<p>甲<strong>乙<em>丙</em></strong><span lang="en">UPR</span><note>注</note></p>'));
    const inlines = (tree.blocks[0] as { children: Inline[] }).children;
    expect(inlines.map((i) => i.kind)).toEqual(['text', 'strong', 'span', 'note']);
  });

  it('rejects unknown elements with the markup line', () => {
    expect(() => parseMarkup(doc('\n<p>x</p>\n<blink/>'))).toThrow(DiagnosticError);
    try {
      parseMarkup(doc('\n<p>x</p>\n<blink/>'));
    } catch (e) {
      expect((e as DiagnosticError).diagnostics[0]).toMatchObject({ rule: 'template/markup', message: expect.stringContaining('<blink>') });
    }
  });

  it('numbers list items on across blocks and restarts on a new list', () => {
    const tree = parseMarkup(doc('<item list="a">1</item><heading>h</heading><item list="a">2</item><item list="b">x</item>'));
    const numbers = itemNumbers(tree.blocks);
    expect(tree.blocks.map((b) => numbers.get(b) ?? 0)).toEqual([1, 0, 2, 1]);
  });
});

/** The texts of the document's blocks: the profile's fields, then the report. */
async function blockTexts(dir: string) {
  const { blocks } = (await buildTree(dir)).tree;
  return {
    all: blocks.map(blockText),
    introduction: blockText(blocks.find((b) => b.kind === 'field' && blockText(b).startsWith('简介'))!),
    paragraphs: blocks.filter((b) => b.kind === 'numbered').map(blockText),
  };
}

describe('content templates', () => {
  it('changes a fact everywhere it is stated', async () => {
    const dir = editExample('profile.yaml', (t) => t.replace('memberUnits: 63', 'memberUnits: 70'));
    const texts = await blockTexts(dir);
    expect(texts.introduction).toContain('现有70家理事单位');
    expect(texts.paragraphs[0]).toContain('拥有70个团体会员');
    expect(texts.all.join('')).not.toContain('63');
  });

  it('shows markup-like and Handlebars-like text in facts and paragraphs literally', async () => {
    const dir = editExample('profile.yaml', (t) => t.replace('short: 中促会', 'short: "<w:p>{{x}} & **b**"'));
    // In a paragraph too, the literal text around expressions is content.
    writeFileSync(
      join(dir, 'submission.yaml'),
      readFileSync(join(dir, 'submission.yaml'), 'utf8').replace('截至2011年底', '截至<b>x & y</w:t>2011年底'),
    );
    const texts = await blockTexts(dir);
    expect(texts.introduction).toContain('（简称<w:p>{{x}} & **b**）');
    expect(texts.paragraphs.filter((p) => p.includes('截至<b>x & y</w:t>2011年底'))).toHaveLength(1);
  });

  it('renders emphasis, language spans and footnotes from content', async () => {
    const dir = editExample('submission.yaml', (t) =>
      t
        .replace('截至2011年底', '{{#strong}}截至2011年底{{/strong}}{{footnote "stats"}}')
        .replace('keywords:', 'footnotes:\n  stats: 民政部《社会服务发展统计公报》。\nkeywords:'),
    );
    const { tree, warnings } = await buildTree(dir);
    expect(warnings).toEqual([]);
    const edited = tree.blocks.find((b) => blockText(b).startsWith('截至2011年底')) as { children: Inline[] };
    expect(edited.children[0]).toEqual({ kind: 'strong', children: [{ kind: 'text', text: '截至2011年底' }] });
    expect(edited.children[1]).toMatchObject({ kind: 'note', children: [{ kind: 'text', text: '民政部《社会服务发展统计公报》。' }] });
  });

  it('reports a footnote that is referenced but not defined', async () => {
    const dir = editExample('submission.yaml', (t) => t.replace('截至2011年底', '截至2011年底{{footnote "nope"}}'));
    const error = (await buildTree(dir).catch((e) => e)) as DiagnosticError;
    expect(error.diagnostics[0]).toMatchObject({ rule: 'content/footnote-undefined', field: 'body[2].paragraph' });
  });

  it('restarts numbering where the content asks', async () => {
    const dir = editExample('submission.yaml', (t) => t.replace(/  - paragraph: >-\n( {6}与此同时)/, '  - heading: 建议\n  - restartNumbering: true\n    paragraph: >-\n$1'));
    const { tree } = await buildTree(dir);
    const numbers = itemNumbers(tree.blocks);
    const heading = tree.blocks.findIndex((b) => b.kind === 'heading');
    const numbering = (blocks: typeof tree.blocks) => blocks.filter((b) => b.kind === 'numbered').map((b) => numbers.get(b));
    const [before, after] = [numbering(tree.blocks.slice(0, heading)), numbering(tree.blocks.slice(heading))];
    expect(before.length).toBeGreaterThan(1);
    expect(after.length).toBeGreaterThan(1);
    expect(before).toEqual(before.map((_, i) => i + 1));
    expect(after).toEqual(after.map((_, i) => i + 1));
  });
});

const lineIn = (template: string, needle: string) => {
  const text = readFileSync(join(root, 'templates', template), 'utf8');
  return text.slice(0, text.indexOf(needle)).split('\n').length;
};

describe('document templates', () => {
  function withTemplates(edit: (text: string) => string) {
    const templates = join(tempDir(), 'templates');
    mkdirSync(templates);
    cpSync(join(root, 'templates'), templates, { recursive: true });
    const file = join(templates, 'profile.hbs');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return templates;
  }

  it('names the template file and line of a reference to a missing field', async () => {
    const templates = withTemplates((t) => t.replace('{{t "profile.admittedSince" year=profile.ecosoc.admitted}}', '{{profile.ecosoc.since}}'));
    const error = (await buildTree(copyOfExample(), templates).catch((e) => e)) as DiagnosticError;
    expect(error.diagnostics[0]).toMatchObject({
      rule: 'template/missing-field',
      file: expect.stringMatching(/templates\/profile\.hbs$/),
      line: lineIn('profile.hbs', 'year=profile.ecosoc.admitted'),
      message: expect.stringContaining('"since"'),
    });
  });

  it('names the template file of a syntax error', async () => {
    const templates = withTemplates((t) => t.replace('{{profile.introduction}}', '{{profile.introduction}'));
    const error = (await buildTree(copyOfExample(), templates).catch((e) => e)) as DiagnosticError;
    expect(error.diagnostics[0]).toMatchObject({ rule: 'template/syntax', file: expect.stringMatching(/profile\.hbs$/), line: lineIn('profile.hbs', '{{profile.introduction}}') });
  });

  it('cannot reach prototypes', async () => {
    for (const probe of ['{{profile.constructor}}', '{{profile.names.__proto__}}', '{{submission.body.constructor.name}}']) {
      const templates = withTemplates((t) => t.replace('{{t "profile.admittedSince" year=profile.ecosoc.admitted}}', `${probe}年至今`));
      const error = (await buildTree(copyOfExample(), templates).catch((e) => e)) as DiagnosticError;
      expect(error.diagnostics?.[0]).toMatchObject({ rule: 'template/missing-field' });
    }
    const templates = withTemplates((t) => t.replace('{{t "profile.admittedSince" year=profile.ecosoc.admitted}}', '{{lookup profile "__proto__"}}{{lookup profile "constructor"}}年至今'));
    const { tree } = await buildTree(copyOfExample(), templates);
    expect(tree.blocks.map(blockText)).toContain('被经社理事会接纳时间：年至今');
  });
});
