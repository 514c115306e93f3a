import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { longestRun } from '../src/document/unbreakable.js';
import { countWords } from '../src/text/words.js';
import { isIdeographic, isRightToLeft, directionOf } from '../src/text/script.js';
import { dossier, libreOfficeToPdfs, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * Directions and scripts decided once (issue 22): a span written the other way, Latin
 * digits and an acronym inside Arabic, and a Traditional Chinese span inside Simplified
 * Chinese come out alike in our PDF and in LibreOffice's rendering of our DOCX: the
 * same words in the same order along the line (x positions, `pdftotext -bbox`), each in
 * the same family (`pdftohtml -xml`'s font of the text around it; `pdffonts` names).
 */
describe('one script module', () => {
  it('Korean: a line breaks between syllables, but words are counted by its spaces, as Word counts them', () => {
    expect(countWords('대한민국 헌법은 국민의 권리를', 'ko')).toBe(4);
    expect(countWords('中华人民共和国', 'zh-CN')).toBe(7);
    expect(longestRun('가'.repeat(3000))).toBeLessThan(2);
    expect(isIdeographic('가')).toBe(false);
  });
  it('a language is right to left exactly where its letters are', () => {
    for (const [lang, letter] of [['ar', 'ع'], ['he', 'א'], ['dv', 'ދ'], ['ff-Adlm', '\u{1E900}'], ['rhg', '\u{10D00}']] as const) {
      expect([lang, directionOf(lang)]).toEqual([lang, 'rtl']);
      expect([lang, isRightToLeft(letter)]).toEqual([lang, true]);
    }
  });
});


interface Word {
  page: number;
  x: number;
  cx: number;
  cy: number;
  text: string;
}

function words(pdf: string): Word[] {
  const xml = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  const found: Word[] = [];
  xml.split('<page ').slice(1).forEach((page, i) => {
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      // LibreOffice keeps the bidi isolates of the text in its text layer; they draw nothing.
      found.push({ page: i + 1, x: x0, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, text: unescape(m[5]!).replace(/\p{Default_Ignorable_Code_Point}/gu, '') });
    }
  });
  return found;
}

const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** A family as both files name it: no subset tag ("BZZZZZ+"), no per-file suffix ("_2F49F0"). */
const family = (name: string) => name.replace(/^[A-Z]{6}\+/, '').replace(/_[0-9A-F]{6}(?=-|$)/, '');

/** Text fragments of one font each, in points: `pdftohtml -xml` cuts the text where the font changes. */
function fragments(pdf: string) {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-zoom', '1', '-stdout', pdf], { encoding: 'utf8' });
  const fonts = new Map([...xml.matchAll(/<fontspec id="(\d+)"[^>]* family="([^"]+)"/g)].map((m) => [m[1]!, family(m[2]!)]));
  return xml.split('<page ').slice(1).flatMap((page, i) =>
    [...page.matchAll(/<text top="([\d.-]+)" left="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" font="(\d+)"/g)].map((m) => {
      const [top, left, width, height] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      return { page: i + 1, top, left, width, height, family: fonts.get(m[5]!)! };
    }),
  );
}

/** The family of the fragment a word stands in (the nearest, where glyph boxes stick out of it). */
function familyOf(word: Word, frags: ReturnType<typeof fragments>): string {
  const distance = (f: (typeof frags)[number]) =>
    Math.max(f.left - word.cx, 0, word.cx - f.left - f.width) + Math.max(f.top - word.cy, 0, word.cy - f.top - f.height);
  return frags.filter((f) => f.page === word.page).sort((a, b) => distance(a) - distance(b))[0]?.family ?? '?';
}

const ARABIC = 'ع';
const punctuation = /^\p{P}$/u;

/**
 * A PDF's lines as tokens from left to right, each `token@family`: Latin words, numbers
 * ("2,2") and punctuation as they are; each ideograph apart; Arabic text as one token
 * per stretch (both files cut Arabic words into glyph boxes, differently). Within a box
 * holding Arabic, pdftotext's character order is not the drawn one, so punctuation
 * there, and punctuation between two Arabic stretches, is left out: what is compared is
 * where Latin text, digits and their punctuation stand among the Arabic.
 */
function lines(pdf: string): string[][] {
  const frags = fragments(pdf);
  const all = words(pdf).sort((a, b) => a.page - b.page || a.cy - b.cy);
  const grouped: Word[][] = [];
  for (const word of all) {
    const line = grouped.at(-1);
    if (line && line[0]!.page === word.page && Math.abs(word.cy - line[0]!.cy) < 7) line.push(word);
    else grouped.push([word]);
  }
  return grouped.map((line) => {
    const tokens: { text: string; family: string }[] = [];
    for (const word of line.sort((a, b) => a.x - b.x)) {
      if (!word.text) continue;
      const face = familyOf(word, frags);
      const arabic = /\p{Script=Arabic}/u.test(word.text);
      for (const [token] of word.text.matchAll(/\p{Script=Arabic}[\p{Script=Arabic}\p{M}]*|\p{Script=Han}|[\p{L}\p{N}](?:[\p{L}\p{N},.]*[\p{L}\p{N}])?|\S/gu)) {
        if (/\p{Script=Arabic}/u.test(token)) tokens.push({ text: ARABIC, family: face });
        else if (!(arabic && punctuation.test(token))) tokens.push({ text: token, family: face });
      }
    }
    const kept = tokens.filter((t, i) => {
      if (!punctuation.test(t.text)) return true;
      const [before, after] = [tokens[i - 1], tokens[i + 1]];
      return !((!before || before.text === ARABIC) && (!after || after.text === ARABIC));
    });
    const out: string[] = [];
    for (const t of kept) {
      const token = `${t.text}@${t.family}`;
      if (t.text !== ARABIC || out.at(-1) !== token) out.push(token);
    }
    return out;
  });
}

/** For right-to-left lines, what stands right of the last Arabic: the paragraph's number, which Word draws itself. */
function withoutNumber(line: string[]): string[] {
  let end = line.length;
  while (end > 0 && !line[end - 1]!.startsWith(`${ARABIC}@`)) end--;
  return end > 0 ? line.slice(0, end) : line;
}

const pdfFamilies = (pdf: string) =>
  [...new Set(execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => family(l.split(/\s+/)[0]!)))].sort();

describe('run directions and faces: the PDF and the DOCX agree', () => {
  needs('pdftotext', 'soffice');
  it('an English span ending in a full stop, digits and an acronym inside Arabic, zh-Hant inside zh-CN', () => {
    const out = tempDir();
    const run = dossier(['build', join(root, 'tests', 'fixtures', 'directions'), '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const docxs = readdirSync(out).filter((f) => f.endsWith('.docx')).sort().map((f) => join(out, f));
    const converted = libreOfficeToPdfs(docxs);
    const anchors: Record<string, string[]> = { ar: ['Council', 'CWAN', '2,2'], 'zh-CN': ['鄉', '與'] };
    const problems: string[] = [];
    for (const [i, docx] of docxs.entries()) {
      const lang = /submission\.([^.]+)\.docx$/.exec(docx)![1]!;
      const ours = docx.replace(/\.docx$/, '.pdf');
      const theirs = converted[i]!;
      expect(pdfFamilies(theirs), `${lang}: the families pdffonts lists`).toEqual(pdfFamilies(ours));
      const [mine, word] = [lines(ours), lines(theirs)];
      for (const anchor of anchors[lang]!) {
        const find = (all: string[][]) => all.find((line) => line.some((t) => t.startsWith(`${anchor}@`))) ?? [];
        const [a, b] = lang === 'ar' ? [withoutNumber(find(mine)), withoutNumber(find(word))] : [find(mine), find(word)];
        if (!a.length || a.join(' ') !== b.join(' ')) problems.push(`${lang}, the line with "${anchor}":\n  PDF:  ${a.join(' ')}\n  DOCX: ${b.join(' ')}`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });
});
