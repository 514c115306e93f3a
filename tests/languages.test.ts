import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, buildTree, fontPlanFor, themeFor } from '../src/build.js';
import { blockRuns } from '../src/document/runs.js';
import { blockInlines, blockText, plainText } from '../src/document/text.js';
import type { DocumentTree, Inline } from '../src/document/tree.js';
import { countWords } from '../src/text/words.js';
import { copyOfExample, docxPart, dossier, libreOfficeToText, missingInOrder, pdfText, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * The multilingual example: one content folder, the six official languages of the
 * United Nations and Traditional Chinese, each built and read back.
 */
const example = join(root, 'examples', 'cwan-water-2024');
const languages = ['en', 'fr', 'es', 'ru', 'ar', 'zh-CN', 'zh-Hant'];
let out: string;
const trees = new Map<string, DocumentTree>();

beforeAll(async () => {
  out = tempDir();
  const result = await build({ contentDir: example, outDir: out });
  for (const doc of result.documents) trees.set(doc.lang, doc.tree);
});

/**
 * Text compared as the reader sees it: NFKC, without white space, soft hyphens (a word
 * broken at a line's end), bidi marks and tatweel; for Arabic also without lam and alef
 * (a lam-alef ligature reads back in either order) and punctuation (poppler may put a
 * neutral mark on the wrong side of a number when it restores the reading order).
 */
function comparable(text: string, lang: string): string {
  let t = text
    .normalize('NFKC')
    .replace(/[\u00ad\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640]/g, '')
    .replace(/[-\u2010\u2011]/g, '')
    .replace(/\s+/g, '');
  if (lang === 'ar') t = t.replace(/[\u0644\u0627\u0622\u0623\u0625\u0671.,:;!?\u060c\u061b\u061f\u06d4()]/g, '');
  return t;
}
/** Every block's text as it reads on the page, footnote references included (their numbers). */
const paragraphs = (lang: string) =>
  trees
    .get(lang)!
    .blocks.map((b) => blockRuns(b, lang, []).map((r) => r.text).join(''))
    .filter(Boolean)
    .map((t) => comparable(t, lang));
/**
 * The body text of a rendered PDF as a reader follows it: page labels left out, and
 * the notes, which stand at the foot of a page, between the two parts of a paragraph
 * that a page break parts.
 */
const bodyText = (pdf: string, lang: string) => {
  let text = comparable(
    pdfText(pdf)
      .split('\n')
      .map((line) => line.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''))
      .filter((line) => !/^\s*(Page|Página|Страница|الصفحة|第)\s*\d+\s*(of|sur|de|из|من|页|頁)\s*\d+/.test(line) && !/^\s*第\s*\d+\s*[页頁]/.test(line))
      .join('\n'),
    lang,
  );
  notesOf(trees.get(lang)!).forEach((note, i) => {
    text = text.replace(comparable(`${i + 1}${note}`, lang), '');
  });
  return text;
};

/** Each note's text, in order. */
function notesOf(tree: DocumentTree): string[] {
  const notes: string[] = [];
  const walk = (list: Inline[]) => list.forEach((i) => (i.kind === 'note' ? notes.push(plainText(i.children)) : i.kind !== 'text' && walk(i.children)));
  for (const b of tree.blocks) blockInlines(b).forEach(walk);
  return notes;
}

describe('one folder, seven languages', () => {
  it('writes a PDF and a DOCX for each language, named by its tag', () => {
    expect(readdirSync(out).sort()).toEqual(languages.flatMap((l) => [`submission.${l}.docx`, `submission.${l}.pdf`]).sort());
  });

  it('gives every language its own wording, numbering and page label', () => {
    const first = (lang: string) => trees.get(lang)!.blocks[0]!;
    expect(blockText(first('en'))).toMatch(/^Relationship with the Economic and Social Council: non-governmental organization in special/);
    expect(blockText(first('fr'))).toMatch(/^Relations avec le Conseil économique et social\u202f: organisation non gouvernementale dotée du statut consultatif spécial/);
    expect(blockText(first('ar'))).toMatch(/^العلاقة مع المجلس الاقتصادي والاجتماعي: منظمة غير حكومية ذات مركز استشاري خاص/);
    expect(blockText(first('zh-Hant'))).toBe('與聯合國經社理事會的關係：具有專門諮商地位的非政府組織');
    expect(Object.fromEntries(languages.map((l) => [l, trees.get(l)!.meta.numbering]))).toEqual({
      en: '%1.', fr: '%1.', es: '%1.', ru: '%1.', ar: '%1-', 'zh-CN': '%1、', 'zh-Hant': '%1、',
    });
    expect(trees.get('ru')!.meta.pageLabel).toBe('Страница {page} из {pages}');
    // Lists in each language's own way (Intl.ListFormat).
    expect(blockText(trees.get('en')!.blocks[2]!)).toContain('offices in Geneva, Nairobi, and Bangkok');
    expect(blockText(trees.get('zh-CN')!.blocks[2]!)).toContain('在日内瓦、内罗毕和曼谷设有办事处');
    expect(blockText(trees.get('ar')!.blocks[2]!)).toContain('مكاتب في جنيف ونيروبي وبانكوك');
  });

  it('sets French spacing: a narrow no-break space before ; : ! ? and inside « »', () => {
    const text = trees.get('fr')!.blocks.map(blockText).join('\n');
    expect(text).toContain('«\u202fEau propre et assainissement\u202f»');
    expect(text).toContain('aux États\u202f: de reconnaître');
    expect(text).toContain('l’assainissement\u202f; d’accorder');
    // Not in an English title quoted in French.
    const note = JSON.stringify(trees.get('fr')!.blocks);
    expect(note).toContain('2000–2022: Special Focus');
  });

  describe('read back', () => {
    needs('pdftotext');
    it.each(languages)('%s: the PDF text holds every paragraph of its source, in order', (lang) => {
      expect(missingInOrder(bodyText(join(out, `submission.${lang}.pdf`), lang), paragraphs(lang))).toEqual([]);
    });

    it('reads Arabic with digits and Latin inside back in reading order', () => {
      const text = bodyText(join(out, 'submission.ar.pdf'), 'ar');
      expect(text).toContain(comparable('ففي عام 2022، كان 2,2 مليار شخص', 'ar'));
      expect(text).toContain(comparable('ترحب شبكة العمل من أجل المياه النظيفة (CWAN) بالاهتمام', 'ar'));
      expect(text).toContain(comparable('المعروف باسم SDG 6.', 'ar'));
    });

    // English and French are set without a divided word now (a hyphen is the last resort:
    // compose/items.ts); Spanish and Russian, with their longer words, still divide some.
    it('hyphenates Spanish and Russian at line ends, with a hyphen drawn', () => {
      for (const lang of ['es', 'ru']) {
        const lines = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(out, `submission.${lang}.pdf`), '-'], { encoding: 'utf8' }).split('\n');
        const broken = lines.filter((l) => /\p{L}\u00ad$/u.test(l.trimEnd()));
        expect(broken.length, lang).toBeGreaterThan(0);
      }
    });
  });

  describe('fonts', () => {
    needs('pdffonts');
    const fonts = (lang: string) =>
      execFileSync('pdffonts', [join(out, `submission.${lang}.pdf`)], { encoding: 'utf8' }).trim().split('\n').slice(2);

    it.each(languages)('%s: every font embedded and subset, with a ToUnicode map', (lang) => {
      for (const row of fonts(lang)) {
        const [emb, sub, uni] = row.trim().split(/\s+/).slice(-5, -2);
        expect({ row, emb, sub, uni }).toEqual({ row, emb: 'yes', sub: 'yes', uni: 'yes' });
      }
    });

    it('draws Traditional Chinese with a TC face, Arabic with an Arabic face, Latin with Noto Serif', () => {
      expect(fonts('zh-Hant').join('\n')).toMatch(/NotoSerifTC-Regular/);
      expect(fonts('zh-Hant').join('\n')).not.toMatch(/NotoSerifSC/);
      expect(fonts('ar').join('\n')).toMatch(/NotoNaskhArabic-Regular/);
      expect(fonts('ar').join('\n')).toMatch(/NotoSansArabic-Bold/);
      expect(fonts('ru').join('\n')).toMatch(/NotoSerif-Regular/);
    });

    it('draws a zh-Hant span inside zh-CN text with the TC face', async () => {
      expect(fonts('zh-CN').join('\n')).toMatch(/NotoSerifTC-Regular/);
      const built = await buildTree(example, undefined, 'zh-CN');
      const { plan } = await fontPlanFor(built, await themeFor({ contentDir: example }));
      const runs = built.tree.blocks.flatMap((b) => blockRuns(b, 'zh-CN', []));
      const span = runs.find((r) => r.text === '鄉村飲水關注組')!;
      expect(span.lang).toBe('zh-Hant');
      expect(plan.segment(span.text, span.role, span.bold, span.lang).map((s) => s.face.family)).toEqual(['Noto Serif TC']);
      const xml = docxPart(readFileSync(join(out, 'submission.zh-CN.docx')), 'word/document.xml');
      expect(xml).toMatch(/<w:rFonts [^>]*w:eastAsia="Noto Serif TC [0-9A-F]{6}"[^>]*\/><w:lang w:val="zh-Hant" w:eastAsia="zh-Hant"\/><\/w:rPr><w:t xml:space="preserve">鄉村飲水關注組<\/w:t>/);
    });
  });

  describe('the DOCX', () => {
    const xml = (lang: string, part = 'word/document.xml') => docxPart(readFileSync(join(out, `submission.${lang}.docx`)), part);

    it('lays Arabic out right to left: bidi paragraphs, rtl runs in the complex-script font, Arabic language', () => {
      const doc = xml('ar');
      // Three profile fields, the title, four paragraphs.
      expect(doc.match(/<w:bidi\/>/g)!.length).toBeGreaterThanOrEqual(8);
      expect(doc).toMatch(/<w:rtl\/>/);
      expect(doc).not.toMatch(/w:eastAsia="/);
      const styles = xml('ar', 'word/styles.xml');
      const body = /<w:rFonts [^>]*w:ascii="Noto Naskh Arabic [0-9A-F]{6}"[^>]*\/>/.exec(styles)?.[0] ?? '';
      expect(body).toMatch(/w:cs="Noto Naskh Arabic [0-9A-F]{6}"/);
      expect(body).not.toContain('w:eastAsia');
      expect(styles).toMatch(/<w:lang w:val="ar" w:bidi="ar"\/>/);
      expect(styles).toMatch(/<w:szCs w:val="24"\/>/);
      // Latin inside Arabic is a left-to-right run of its own.
      expect(doc).toMatch(/<w:t xml:space="preserve">CWAN<\/w:t>/);
      const numbering = xml('ar', 'word/numbering.xml');
      expect(numbering).toContain('<w:lvlText w:val="%1-"/>');
      expect(numbering).toContain('<w:suff w:val="space"/>');
    });

    it('names East Asian fonts only where there is Chinese, and asks Word to hyphenate Latin and Cyrillic', () => {
      expect(xml('en', 'word/styles.xml')).not.toMatch(/w:eastAsia="Noto/);
      expect(xml('zh-Hant', 'word/styles.xml')).toMatch(/w:eastAsia="Noto Serif TC [0-9A-F]{6}"/);
      for (const lang of ['en', 'fr', 'es', 'ru']) expect(xml(lang, 'word/settings.xml'), lang).toContain('<w:autoHyphenation/>');
      expect(xml('zh-CN', 'word/settings.xml')).not.toContain('<w:autoHyphenation/>');
      expect(xml('en', 'word/numbering.xml')).toContain('<w:lvlText w:val="%1."/>');
    });

    describe('read back by LibreOffice', () => {
      needs('soffice');
      it.each(languages)('%s: opens and reads back every paragraph in order', (lang) => {
        const text = comparable(libreOfficeToText(join(out, `submission.${lang}.docx`)), lang);
        expect(missingInOrder(text, paragraphs(lang))).toEqual([]);
      });
    });
  });
});

describe('choosing languages', () => {
  it('builds one language with --lang, keeping its tagged name', () => {
    const dir = tempDir();
    const run = dossier(['build', example, '--out', dir, '--lang', 'ar', '-q']);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['submission.ar.docx', 'submission.ar.pdf']);
  });

  it('refuses a language the submission does not list, on the line that lists them', () => {
    const run = dossier(['build', example, '--out', tempDir(), '--lang', 'de']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/submission\.yaml:\d+:\d+: error: de is not one of the submission's languages \(en, fr, es, ru, ar, zh-CN, zh-Hant\)/);
  });

  it('reports a text missing in one language at the field that lacks it, for every language that lacks it', () => {
    const dir = copyOfExample();
    const file = join(dir, 'submission.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('languages: [zh-CN]', 'languages: [zh-CN, en, fr]'));
    const run = dossier(['check', dir]);
    expect(run.code).toBe(1);
    // The full name and the accreditation's body are given in zh-CN and en; plain
    // strings (the paragraphs, the legal status) serve every language.
    expect(run.stderr).toMatch(/profile\.yaml:6:5: error: no text in fr \(this field has zh-CN, en\) \(names\.full\) \[content\/missing-language\]/);
    expect(run.stderr).toMatch(/profile\.yaml:\d+:\d+: error: no text in fr .*\(accreditations\[0\]\.body\)/);
    expect(run.stderr.match(/error: /g)).toHaveLength(2);
  });
});

describe('word counts by script', () => {
  it('counts as a reader does: harakat belong to their letter, each Chinese character is a word', () => {
    // كَتَبَ الطَّالِبُ الدَّرْسَ فِي 2013 = 5 words by hand, harakat and all.
    expect(countWords('كَتَبَ الطَّالِبُ الدَّرْسَ فِي 2013.', 'ar')).toBe(5);
    // Safe, drinking, water, and, sanitation, for, rural, communities: 8.
    expect(countWords('Safe drinking water and sanitation for rural communities.', 'en')).toBe(8);
    // 农村社区的安全饮用水 = 10 characters, SDG 6 = 2 words.
    expect(countWords('农村社区的安全饮用水（SDG 6）', 'zh-CN')).toBe(12);
  });
});
