import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeParagraph } from '../src/compose/paragraph.js';
import type { ComposedLine, ComposeFont, ParagraphStyle } from '../src/compose/types.js';
import { root } from './helpers.js';

/** The line composer on its own: runs in, lines out, measured with the real fonts. */
const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): ComposeFont['font'] };
const face = (key: string, file: string): ComposeFont => ({ key, font: fontkit.openSync(join(root, 'node_modules', '@expo-google-fonts', file)) });
const sc = face('sc', 'noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const serif = face('serif', 'noto-serif/400Regular/NotoSerif_400Regular.ttf');
const naskh = face('naskh', 'noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf');

const width = 436.5;
const style = (font: ComposeFont, over: Partial<ParagraphStyle> = {}): ParagraphStyle => ({
  width,
  indent: 0,
  align: 'justify',
  direction: 'ltr',
  lang: 'zh-CN',
  autospace: 0.25,
  lineHeight: 1.3,
  strut: { font, size: 12 },
  ...over,
});
const right = (line: ComposedLine) => Math.max(...line.pieces.map((p) => p.x + p.width));
const left = (line: ComposedLine) => Math.min(...line.pieces.map((p) => p.x));
const textOf = (text: string, line: ComposedLine) => text.slice(line.start, line.end);
/** A piece's characters in reading order (its clusters are keyed by their place in the text). */
const logical = (piece: ComposedLine['pieces'][number]) => [...piece.clusters].sort(([a], [b]) => a - b).map(([, t]) => t).join('');

const zh =
  '截至2011年底，中国共有社会组织46.2万个，活跃在扶贫、卫生、教育、环境、人权等各领域。我们赞赏中国政府重视非政府组织的作用，鼓励政府继续大力支持非政府组织发展，' +
  '使更多具备一定资质的非政府组织获得联合国经社理事会咨商地位，深入广泛参与联合国事务。我们乐见中国政府重视非政府组织的管理，也重视为非政府组织发展创造更好的政策法律环境，' +
  '目前已将修订《社会团体登记管理条例》列入国务院立法计划。';
const en =
  'The China NGO Network for International Exchanges, founded in 2005, is the largest federation of non-governmental organisations in China engaged in international ' +
  'exchanges, with 63 member organisations and more than 160 individual council members. It obtained general consultative status with the Economic and Social Council ' +
  'in 2008 and associate status with the United Nations Department of Public Information in 2009, and takes part in the sessions of the Human Rights Council.';

describe('Chinese', () => {
  const lines = composeParagraph([{ text: zh, font: sc, size: 12 }], style(sc, { indent: 24 }));

  it('justifies every line but the last to the full measure, the first after its indent', () => {
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines.slice(0, -1)) expect(right(line)).toBeCloseTo(width, 2);
    expect(left(lines[0]!)).toBeCloseTo(24, 5);
    expect(right(lines.at(-1)!)).toBeLessThan(width - 24);
  });

  it('keeps closing punctuation off line starts and opening punctuation off line ends (kinsoku)', () => {
    for (const line of lines) {
      const text = textOf(zh, line);
      expect('，。、；：？！）》”').not.toContain(text[0]);
      expect('（《“').not.toContain(text.at(-1));
    }
  });

  it('puts a quarter em between ideographs and digits, and none beside punctuation', () => {
    const [line] = composeParagraph([{ text: '成立于2005年，NGO书', font: sc, size: 12 }], style(sc, { align: 'start' }));
    const glyphs = line!.pieces.flatMap((p) => p.glyphs.map((g) => ({ x: p.x + g.x, cluster: g.cluster })));
    const at = (i: number) => glyphs.find((g) => g.cluster === i)!.x;
    // 于 ends at 36 pt; "2005" starts a quarter em (3 pt) later.
    expect(at(3) - at(2)).toBeCloseTo(12 + 3, 5);
    expect(at(8) - at(7)).toBeCloseTo(12, 5); // 年 to ，: no gap beside punctuation
  });

  it('never leaves one character alone on the last line', () => {
    const text = `${'国家人民社会组织发展'.repeat(4)}会。`.slice(0, 38);
    const [, last] = composeParagraph([{ text, font: sc, size: 12 }], style(sc));
    expect([...textOf(text, last!).replace(/[，。]/g, '')].length).toBeGreaterThanOrEqual(2);
  });
});

describe('English', () => {
  const lines = composeParagraph([{ text: en, font: serif, size: 12 }], style(serif, { lang: 'en', hyphenate: true }));

  it('justifies between words, every line but the last', () => {
    for (const line of lines.slice(0, -1)) expect(right(line)).toBeCloseTo(width, 2);
  });

  it('hyphenates only words of six letters or more, never the last word, with a visible hyphen', () => {
    const hyphenated = lines.filter((l) => l.hyphenated);
    for (const line of hyphenated) {
      const before = /(\p{L}+)$/u.exec(textOf(en, line))![1]!;
      const after = /^(\p{L}+)/u.exec(en.slice(line.end))![1]!;
      expect((before + after).length).toBeGreaterThanOrEqual(6);
      expect(before.length).toBeGreaterThanOrEqual(2);
      expect(after.length).toBeGreaterThanOrEqual(3);
      expect(line.pieces.at(-1)!.clusters.get(en.length)).toBe('\u00ad'); // the hyphen copies as a soft hyphen
    }
    expect(lines.at(-1)!.hyphenated).toBe(false);
    const narrow = composeParagraph([{ text: en, font: serif, size: 12 }], style(serif, { lang: 'en', hyphenate: true, width: 160 }));
    expect(narrow.some((l) => l.hyphenated)).toBe(true);
    expect(textOf(en, narrow.at(-2)!)).not.toMatch(/Coun$/);
  });
});

describe('Arabic, right to left', () => {
  const ar = 'قدمت المنظمة تقريرها إلى آلية الاستعراض الدوري الشامل (UPR) في عام 2013 بشأن الدورة الثانية للاستعراض، وشاركت في دورات مجلس حقوق الإنسان.';
  const lines = composeParagraph([{ text: ar, font: naskh, size: 12 }], style(naskh, { lang: 'ar', direction: 'rtl', width: 300 }));

  it('sets the first word at the right edge and lays the words out leftwards', () => {
    const first = lines[0]!;
    const rightmost = first.pieces.reduce((a, b) => (a.x > b.x ? a : b));
    expect(logical(rightmost)).toMatch(/^قدمت /);
    expect(right(first)).toBeCloseTo(300, 2);
    for (const line of lines.slice(0, -1)) expect(left(line)).toBeCloseTo(0, 2);
    // The last line is flush right, short on the left.
    expect(right(lines.at(-1)!)).toBeCloseTo(300, 2);
    expect(left(lines.at(-1)!)).toBeGreaterThan(10);
  });

  it('keeps Latin and digits left to right inside, in their logical place', () => {
    const line = lines.find((l) => textOf(ar, l).includes('UPR'))!;
    const upr = line.pieces.find((p) => logical(p) === 'UPR')!;
    expect(upr.rtl).toBe(false);
    // "الشامل (UPR)": the word before it in reading order stands to its right.
    const before = line.pieces.find((p) => logical(p).includes('الشامل'))!;
    expect(before.x).toBeGreaterThan(upr.x);
    const digits = lines.flatMap((l) => l.pieces).find((p) => logical(p) === '2013')!;
    expect(digits.glyphs.map((g) => g.x)).toEqual([...digits.glyphs.map((g) => g.x)].sort((a, b) => a - b));
  });

  it('draws "(" with the mirrored glyph, and says it is "("', () => {
    const piece = lines.flatMap((l) => l.pieces).find((p) => [...p.clusters.values()].includes('('))!;
    const cluster = [...piece.clusters].find(([, t]) => t === '(')![0];
    const glyph = piece.glyphs.find((g) => g.cluster === cluster)!;
    const closing = naskh.font.layout(')').glyphs[0]!.id;
    expect(glyph.id).toBe(closing);
  });
});

describe('titles', () => {
  it('breaks a Chinese title between words into lines of about equal length', () => {
    const title = '中国民间组织国际交流促进会向联合国人权高专办提交的中国接受第二轮国别人权审查“影子报告”';
    const lines = composeParagraph([{ text: title, font: sc, size: 16 }], style(sc, { align: 'center', balance: true, strut: { font: sc, size: 16 } }));
    expect(lines.length).toBe(2);
    const widths = lines.map((l) => right(l) - left(l));
    expect(Math.abs(widths[0]! - widths[1]!)).toBeLessThan(3 * 16);
    // Between words: not inside 联合国, 高专办 or 影子报告.
    for (const word of ['联合国', '高专办', '影子报告', '人权']) expect(lines.some((l) => textOf(title, l).includes(word)) || !title.includes(word)).toBe(true);
    for (const l of lines) expect((right(l) + left(l)) / 2).toBeCloseTo(width / 2, 1);
  });
});

describe("a Chinese paragraph's last line", () => {
  // Two characters and the full stop may stand alone on the last line (the rule keeps one
  // from standing alone); the rule took three, and pulled a character down from a full line.
  it('may hold two characters besides its closing punctuation, never one', () => {
    const body = '人'.repeat(20);
    for (const [tail, least] of [['权利。', 2], ['权。', 2]] as const) {
      const text = body + tail;
      const lines = composeParagraph([{ text, font: sc, size: 12 }], style(sc, { width: 10 * 12 }));
      const last = textOf(text, lines.at(-1)!).replace(/。$/, '');
      expect([tail, [...last].length]).toEqual([tail, least]);
      // With two, the full lines stay full; with one, a character comes down to it.
      if (tail === '权利。') expect(lines.slice(0, -1).map((l) => [...textOf(text, l)].length)).toEqual([10, 10]);
    }
  });
});
