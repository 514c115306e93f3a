import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../src/build.js';
import { composeParagraph } from '../src/compose/paragraph.js';
import { loadFontSetup } from '../src/fonts/manifest.js';
import { planFonts } from '../src/font-plan/plan.js';
import { layOut } from '../src/layout/layout.js';
import { loadTheme } from '../src/theme/theme.js';
import type { ComposedLine, ComposeFont, ParagraphStyle } from '../src/compose/types.js';
import { docxPart, dossier, imageDifference, pageImage, pdfText, root, tempDir } from './helpers.js';
import { pdfLines } from './support/page-lines.js';
import { needs } from './support/requirements.js';

/**
 * Kashida justification (theme `text.arabicJustify: kashida`): justified Arabic lines
 * take part of their stretch in tatweels inside words, where the script allows one,
 * with the same line breaks, reading back as the words without tatweels.
 */

const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): ComposeFont['font'] };
const naskh: ComposeFont = { key: 'naskh', font: fontkit.openSync(join(root, 'node_modules/@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf')) };

const TATWEEL = '\u0640';
/** Letters that join only to the letter before them, and hamza, which joins to none. */
const nonJoining = new Set([...'آأؤإاةدذرزوٱء']);
const arabicLetter = /[\u0620-\u063f\u0641-\u064a\u066e-\u06d3]/u;

// Many words with ا د ذ ر ز و ة inside and at their ends, short words, lam-alef, the word Allah, harakat.
const text =
  'ترحب الشبكة العالمية للعمل من أجل المياه بالاهتمام الذي يوليه مجلس حقوق الإنسان لحقي الإنسان في مياه الشرب المأمونة ' +
  'وخدمات الصرف الصحي. وتعمل المنظمات الأعضاء في شبكتنا، وعددها 48 منظمة، مع المجتمعات الريفية في 23 بلدا، حيث لا يزال ' +
  'الحصول على المياه الشرط الأول للصحة والتعليم والكرامة. قدمت المنظمة تقريرها إلى آلية الاستعراض الدوري الشامل في عام 2013 ' +
  'بشأن الدورة الثانية للاستعراض، وشاركت في دورات مجلس حقوق الإنسان بإذن الله وزارة الداخلية وإدارة الزراعة. ' +
  'وتدعو الشبكة الدولَ إلى ضمان حقّ كل شخص في الحصول على ماء كافٍ ومأمون ومقبول، وإلى إشراك النساء في لجان المياه.';

const width = 300;
const style = (kashida: boolean): ParagraphStyle => ({
  width,
  indent: 24,
  align: 'justify',
  direction: 'rtl',
  lang: 'ar',
  autospace: 0.25,
  lineHeight: 1.3,
  strut: { font: naskh, size: 12 },
  kashida,
});
const on = composeParagraph([{ text, font: naskh, size: 12 }], style(true));
const off = composeParagraph([{ text, font: naskh, size: 12 }], style(false));

/** The kashidas of a line: the index of the cluster each follows, and its drawn tatweels. */
function kashidas(line: ComposedLine): Map<number, number> {
  const found = new Map<number, number>();
  for (const piece of line.pieces) for (const g of piece.glyphs) if (g.kashida) found.set(g.cluster, (found.get(g.cluster) ?? 0) + 1);
  return found;
}
/** The next letter after the cluster at `at`, past its marks; undefined past the word. */
function nextLetter(at: number): number | undefined {
  let i = at + 1;
  while (i < text.length && /\p{M}/u.test(text[i]!)) i++;
  return i < text.length && arabicLetter.test(text[i]!) ? i : undefined;
}
/** The room the line's word spaces take: from each space's glyph to the next glyph. */
const spaces = (line: ComposedLine) =>
  line.pieces.reduce((sum, p) => sum + p.glyphs.reduce((s, g, k) => s + (text[g.cluster] === ' ' ? (p.glyphs[k + 1]?.x ?? p.width) - g.x : 0), 0), 0);
const right = (line: ComposedLine) => Math.max(...line.pieces.map((p) => p.x + p.width));
const left = (line: ComposedLine) => Math.min(...line.pieces.map((p) => p.x));

describe('kashidas in the composer', () => {
  it('breaks the lines where it breaks them without kashidas', () => {
    expect(on.map((l) => [l.start, l.end])).toEqual(off.map((l) => [l.start, l.end]));
    expect(on.length).toBeGreaterThan(4);
  });

  it('draws kashidas on stretched lines, at most four a line, none on the last', () => {
    const counts = on.map((l) => kashidas(l).size);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    for (const n of counts) expect(n).toBeLessThanOrEqual(4);
    expect(counts.at(-1)).toBe(0);
  });

  it('puts each kashida between two joining letters of one word: never at a word end, never after a non-joining letter', () => {
    for (const line of on) {
      for (const cluster of kashidas(line).keys()) {
        const letter = text[cluster]!;
        expect(arabicLetter.test(letter), `kashida after "${letter}"`).toBe(true);
        expect(nonJoining.has(letter), `kashida after the non-joining "${letter}"`).toBe(false);
        const next = nextLetter(cluster);
        expect(next, `kashida at the end of the word ending "${text.slice(cluster - 3, cluster + 1)}"`).toBeDefined();
        // Never inside lam-alef or the word Allah.
        expect(letter === 'ل' && 'اأإآ'.includes(text[next!]!)).toBe(false);
        expect(/الله|لله/.test(text.slice(cluster - 3, cluster + 4))).toBe(false);
      }
    }
  });

  it('elongates one place a word at most', () => {
    for (const line of on) {
      const words = [...kashidas(line).keys()].map((c) => text.slice(0, c).split(' ').length);
      expect(new Set(words).size).toBe(words.length);
    }
  });

  it('fills the measure as the lines without kashidas do, with word spaces narrower', () => {
    on.forEach((line, i) => {
      expect(right(line)).toBeCloseTo(right(off[i]!), 3);
      expect(left(line)).toBeCloseTo(left(off[i]!), 3);
    });
    for (const line of on.slice(0, -1)) expect(left(line)).toBeCloseTo(0, 3);
    // Where kashidas take part of the stretch, the word spaces take less of it.
    on.forEach((line, i) => {
      if (kashidas(line).size) expect(spaces(line)).toBeLessThan(spaces(off[i]!) - 1);
      else expect(spaces(line)).toBeCloseTo(spaces(off[i]!), 3);
    });
  });

  it('draws the letters the font gives the words shaped with their tatweels', () => {
    // A line all Arabic (one piece, one direction), with kashidas.
    const line = on.find((l) => kashidas(l).size > 0 && !/[0-9A-Za-z]/.test(text.slice(l.start, l.end)))!;
    expect(line.pieces).toHaveLength(1);
    const before = new Set([...kashidas(line).keys()].map(nextLetter));
    let withTatweels = '';
    for (let i = line.start; i < line.end; i++) withTatweels += (before.has(i) ? TATWEEL : '') + text[i];
    const ids = (s: string) => (naskh.font.layout(s, undefined, undefined, undefined, 'rtl') as unknown as { glyphs: { id: number }[] }).glyphs.map((g) => g.id);
    // A long kashida is drawn as several tatweels, side by side: count it once.
    const glyphs = line.pieces[0]!.glyphs;
    const drawn = glyphs.filter((g, k) => !g.kashida || !glyphs[k - 1]?.kashida).map((g) => g.id);
    expect(drawn).toEqual(ids(withTatweels));
    expect(drawn.filter((id) => id === ids(TATWEEL)[0])).toHaveLength(before.size);
  });
});

describe('kashidas in the layout of an example', () => {
  it('stand only between joining letters of one word, on the lines the theme without them breaks alike', async () => {
    const content = join(root, 'examples', 'upr-recommendations-2024');
    const { tree } = await buildTree(content, undefined, 'ar');
    const layout = async (name: string) => {
      const theme = await loadTheme(name);
      return layOut(tree, theme, await planFonts(tree, theme, loadFontSetup(theme)));
    };
    const [withKashidas, without] = [await layout(join(root, 'tests', 'fixtures', 'kashida.yaml')), await layout('un')];
    let count = 0;
    withKashidas.blocks.forEach((block, b) => {
      expect(block.lines.map((l) => [l.start, l.end])).toEqual(without.blocks[b]!.lines.map((l) => [l.start, l.end]));
      for (const line of block.lines) {
        for (const piece of line.pieces) {
          // The piece's text by index: a kashida's cluster, and the letter after it.
          const at = new Map(piece.clusters);
          for (const g of piece.glyphs.filter((g) => g.kashida)) {
            count++;
            const letter = at.get(g.cluster)!.at(0)!;
            const after = [...at.keys()].filter((c) => c > g.cluster).sort((x, y) => x - y)[0];
            expect(arabicLetter.test(letter) && !nonJoining.has(letter), `kashida after "${letter}"`).toBe(true);
            expect(after !== undefined && arabicLetter.test(at.get(after)!.at(0)!), `kashida at a word end, after "${letter}"`).toBe(true);
          }
        }
      }
    });
    expect(count).toBeGreaterThan(5);
  });
});

describe('kashidas in the PDF and the Word file', () => {
  needs('pdftotext', 'pdftoppm');
  const out = tempDir();
  const theme = join(root, 'tests', 'fixtures', 'kashida.yaml');
  const content = join(root, 'examples', 'cwan-water-2024');
  beforeAll(() => {
    for (const [dir, extra] of [
      ['on', ['--theme', theme]],
      ['off', []],
    ] as const) {
      const run = dossier(['build', content, '--lang', 'ar,en', '--out', join(out, dir), ...extra]);
      expect(run.code, run.stderr).toBe(0);
    }
  }, 120_000);
  const file = (dir: string, ext: string, lang = 'ar') => join(out, dir, `submission.${lang}.${ext}`);

  it('reads back as the text set without kashidas, with no tatweel', () => {
    const read = pdfText(file('on', 'pdf'));
    expect(read).not.toContain(TATWEEL);
    expect(read).toBe(pdfText(file('off', 'pdf')));
    // Not vacuous: the pages differ, by their tatweels (which read as nothing).
    expect(imageDifference(pageImage(file('on', 'pdf')), pageImage(file('off', 'pdf')))).toBeGreaterThan(0);
  });

  it('breaks every line where the PDF without kashidas does, and ends justified lines flush at the measure', () => {
    const [a, b] = [pdfLines(file('on', 'pdf')), pdfLines(file('off', 'pdf'))];
    expect(a.lines.map((l) => [l.page, l.text])).toEqual(b.lines.map((l) => [l.page, l.text]));
    // Full lines reach both edges of the text block (28 mm margins on A4): a line that
    // reaches the right edge and starts at the left one is justified.
    const [leftEdge, rightEdge] = [(28 * 72) / 25.4, 595.28 - (28 * 72) / 25.4];
    const full = a.lines.filter((l) => Math.abs(l.xMax - rightEdge) < 1 && l.xMin < leftEdge + 40);
    expect(full.length).toBeGreaterThan(8);
    for (const l of full) expect(l.xMin, l.text).toBeCloseTo(leftEdge, 0);
  });

  it('asks Word for kashida justification in the Arabic file only', () => {
    const styles = (dir: string, lang: string) => docxPart(readFileSync(file(dir, 'docx', lang)), 'word/styles.xml');
    expect(styles('on', 'ar')).toContain('<w:jc w:val="mediumKashida"/>');
    expect(styles('on', 'ar')).not.toContain('<w:jc w:val="both"/>');
    expect(styles('off', 'ar')).not.toContain('Kashida');
    expect(styles('on', 'en')).not.toContain('Kashida');
    expect(styles('on', 'en')).toContain('<w:jc w:val="both"/>');
  });

  it('leaves a document in another script as it was', () => {
    expect(readFileSync(file('on', 'pdf', 'en'))).toEqual(readFileSync(file('off', 'pdf', 'en')));
  });
});
