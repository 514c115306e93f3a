/**
 * `npm run bench:typography`: Dossier beside Typst on the same text, point by point (issue 25).
 * For each language of the multilingual example, Dossier's PDF (theme un) and Typst's PDF of
 * the same document tree (bench/peers.ts, same faces by path, same page and measure) are read
 * back with `pdftotext -bbox` and measured alike:
 * - ladders: runs of more than 2 lines in a row ending in a hyphen;
 * - hyphenated line ends, and hyphens in a paragraph's last-but-one line;
 * - one-letter words left at a line end (ru в к с у о и а я; fr à);
 * - word spaces on justified body lines: smallest and largest gap in em, and the largest
 *   ratio of two adjacent justified lines' mean gaps (a tight line next to a loose one;
 *   lines of two paragraphs, parted by a short last line, are not neighbours);
 * - zh-CN: the advance of adjacent full-width marks ”） ）， ）。 in em (2.0 = uncompressed).
 * The .typ files stay in .cache/typography/ beside the PDFs; `--pictures` also writes the
 * first pages of en, ar and zh-CN as PNG into docs/typst/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildTree } from '../src/build.js';
import { loadFontSetup } from '../src/fonts/manifest.js';
import { projectRoot } from '../src/paths.js';
import { loadTheme } from '../src/theme/theme.js';
import { typstSource } from './peers.js';

const root = projectRoot;
const example = join(root, 'examples', 'cwan-water-2024');
const work = join(root, '.cache', 'typography');
const languages = ['en', 'fr', 'es', 'ru', 'ar', 'zh-CN'] as const;
type Lang = (typeof languages)[number];
/** The writing system whose faces each language's body is set in. */
const scriptOf: Record<Lang, string> = { en: 'Latn', fr: 'Latn', es: 'Latn', ru: 'Cyrl', ar: 'Arab', 'zh-CN': 'Hans' };
/** One-letter words that must not end a line (Russian typesetting rules; French "à"). */
const hangingWords: Partial<Record<Lang, Set<string>>> = {
  ru: new Set(['в', 'к', 'с', 'у', 'о', 'и', 'а', 'я']),
  fr: new Set(['à']),
};
const pairs = ['”）', '），', '）。'];
const BODY_SIZE = 12; // pt: the un theme's body, and the size the Typst source sets

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// --- The two PDFs of each language ---------------------------------------------------------
const theme = await loadTheme('un');
const setup = loadFontSetup(theme);
const faceFor = (role: 'body' | 'heading', lang: Lang) => {
  const chain = setup.chains.get(theme.fonts[role])!;
  return (chain.bySystem.get(scriptOf[lang]) ?? chain.default)[0]!;
};

execFileSync('node', [join(root, 'dist', 'dossier.js'), 'build', example, '--out', join(work, 'dossier'), '-q', '--format', 'pdf', '--lang', languages.join(',')], {
  cwd: root,
  env: { ...process.env, DOSSIER_CACHE_DIR: join(work, 'cache') },
});

/** Typst's preamble for the language: its own hyphenation and line-breaking rules, the un margins. */
function typstFor(lang: Lang, source: string): string {
  const [tag, region] = lang.split('-');
  const body = faceFor('body', lang).family;
  return source
    .replace(/^#set page\(paper: "a4", margin: \(x: 25mm, y: 25mm\)/m, '#set page(paper: "a4", margin: (x: 28mm, y: 25mm)')
    .replace(/^#set text\(.*$/m, `#set text(font: ${JSON.stringify(body)}, size: ${BODY_SIZE}pt, lang: "${tag!.toLowerCase()}"${region ? `, region: "${region.toLowerCase()}"` : ''})`);
}

const pdfs: Record<Lang, { dossier: string; typst: string }> = {} as never;
for (const lang of languages) {
  const { tree } = await buildTree(example, undefined, lang);
  const fonts = { body: faceFor('body', lang).family, heading: faceFor('heading', lang).family };
  const typ = join(work, `${lang}.typ`);
  writeFileSync(typ, typstFor(lang, typstSource(tree, fonts)));
  const dirs = [...new Set([faceFor('body', lang), faceFor('heading', lang)].flatMap((f) => [f.normal.path, f.bold.path]).map((p) => dirname(p)))];
  const typstPdf = join(work, `${lang}.typst.pdf`);
  execFileSync('node', [join(root, 'bench', 'typst-compile.cjs'), typ, typstPdf, ...dirs], { cwd: root });
  pdfs[lang] = { dossier: join(work, 'dossier', `submission.${lang}.pdf`), typst: typstPdf };
}

// --- Reading a PDF back as lines of word boxes -------------------------------------------
interface Word {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
interface Line {
  page: number;
  words: Word[];
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Lines as pdftotext -bbox-layout groups them, top to bottom (bidi order is poppler's). */
function linesOf(pdf: string): Line[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines: Line[] = [];
  let page = 0;
  for (const chunk of xml.split(/(?=<page |<line )/)) {
    if (chunk.startsWith('<page ')) {
      page++;
      continue;
    }
    if (!chunk.startsWith('<line ')) continue;
    const words: Word[] = [];
    for (const m of chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: unescape(m[5]!) });
    }
    if (words.length) lines.push({ page, words });
  }
  return lines;
}

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const heightOf = (line: Line) => median(line.words.map((w) => w.y1 - w.y0));
const left = (line: Line) => line.words.reduce((l, w) => Math.min(l, w.x0), Infinity);
const right = (line: Line) => line.words.reduce((r, w) => Math.max(r, w.x1), -Infinity);

// --- The figures -----------------------------------------------------------------------------
interface Figures {
  lines: number;
  hyphenEnds: number;
  ladders: number;
  penultimate: number;
  hanging: number;
  spaceMin?: number;
  spaceMax?: number;
  adjacentRatio?: number;
  pairAdvance?: string;
  /** Poppler could not read the text back in words. */
  unreadable?: boolean;
}

const endsInHyphen = (line: Line) => /[-\u2010\u00ad]$/.test(line.words[line.words.length - 1]!.text) && !/^[-\u2010–—]+$/.test(line.words[line.words.length - 1]!.text);

function measure(pdf: string, lang: Lang): Figures {
  const all = linesOf(pdf);
  // Body lines: the commonest word height (the body face at its size); the rest is
  // headings, notes, page furniture.
  const heights = all.map((l) => Math.round(heightOf(l) * 2) / 2);
  const counts = new Map<number, number>();
  for (const h of heights) counts.set(h, (counts.get(h) ?? 0) + 1);
  const bodyHeight = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const body = all.filter((_, i) => Math.abs(heights[i]! - bodyHeight) <= 0.5);
  const em = BODY_SIZE;
  // The measure: the body lines' common left and right edges.
  const edgeL = median(body.map(left));
  const edgeR = median(body.map(right));
  const full = (l: Line) => left(l) <= edgeL + 2.5 * em && right(l) >= edgeR - 0.5 * em; // allows the first-line indent
  const short = (l: Line) => (lang === 'ar' ? left(l) > edgeL + 1 * em : right(l) < edgeR - 1 * em);

  let hyphenEnds = 0;
  let ladders = 0;
  let run = 0;
  let penultimate = 0;
  let hanging = 0;
  const oneLetter = hangingWords[lang];
  body.forEach((line, i) => {
    const next = body[i + 1];
    if (endsInHyphen(line)) {
      hyphenEnds++;
      run++;
      if (run === 3) ladders++;
      // The next line ends its paragraph: it is short, or the next block starts below a gap.
      if (next && short(next) && !endsInHyphen(next)) penultimate++;
    } else run = 0;
    const last = line.words[line.words.length - 1]!.text;
    const lastWord = lang === 'ar' ? line.words[0]!.text : last;
    if (oneLetter?.has(lastWord.toLowerCase()) && next) hanging++;
  });

  const figures: Figures = { lines: body.length, hyphenEnds, ladders, penultimate, hanging };
  // Poppler reads some PDFs' Arabic glyph by glyph (Typst's): lines of one or two "words",
  // broken and out of order. Such a file is not measured rather than measured wrong.
  if (lang !== 'zh-CN' && body.filter((l) => l.words.length >= 4).length < body.length / 2) return { ...figures, unreadable: true };
  if (lang !== 'zh-CN') {
    // Justified lines: full and not a paragraph's last (the next line is a full or short
    // line of the same paragraph; the last line of a paragraph is short, so a full line
    // followed by another body line less than two pitches down is justified).
    const gapsByLine: number[][] = [];
    // The body index of each measured line: only lines next to each other on the page are
    // neighbours (a paragraph's short last line between two is not measured, and the
    // lines either side of it are not compared).
    const indexOf: number[] = [];
    body.forEach((line, i) => {
      const next = body[i + 1];
      if (!full(line) || !next || next.page !== line.page || next.words[0]!.y0 - line.words[0]!.y0 > 2 * em * 1.6) return;
      const words = line.words.slice().sort((a, b) => a.x0 - b.x0);
      const gaps: number[] = [];
      // Under 0.05 em is no word space: poppler splits words where the style changes (a note call, bold).
      for (let k = 1; k < words.length; k++) if ((words[k]!.x0 - words[k - 1]!.x1) / em > 0.05) gaps.push((words[k]!.x0 - words[k - 1]!.x1) / em);
      if (gaps.length >= 2) {
        gapsByLine.push(gaps);
        indexOf.push(i);
      }
    });
    let min = Infinity;
    let max = -Infinity;
    let ratio = 1;
    const means = gapsByLine.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
    gapsByLine.forEach((gaps) => gaps.forEach((g) => ((min = Math.min(min, g)), (max = Math.max(max, g)))));
    for (let k = 1; k < means.length; k++) if (indexOf[k] === indexOf[k - 1]! + 1) ratio = Math.max(ratio, means[k]! / means[k - 1]!, means[k - 1]! / means[k]!);
    if (gapsByLine.length) Object.assign(figures, { spaceMin: min, spaceMax: max, adjacentRatio: ratio });
  } else {
    figures.pairAdvance = pairAdvances(all);
  }
  return figures;
}

/**
 * The advance of each adjacent mark pair, from word boxes. Poppler keeps a run of CJK
 * characters as one word and gives each character its advance, so in a word of n
 * full-width characters the width falls short of n em by what compression took; where
 * the word holds one pair and no other mark that could be compressed, that shortfall is
 * the pair's. Words that break that rule (or pairs poppler split) are counted, not measured.
 */
function pairAdvances(lines: Line[]): string {
  const fullWidth = /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]+$/u;
  const mark = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\uff3b-\uff3d\uff5b-\uff65“”‘’]/gu;
  // Poppler's box height for this face at a size, per em: from words of ideographs only.
  const ratios: number[] = [];
  for (const l of lines) for (const w of l.words) if (/^[\u4e00-\u9fff]{2,}$/u.test(w.text)) ratios.push((w.y1 - w.y0) / ((w.x1 - w.x0) / [...w.text].length));
  const heightPerEm = median(ratios);
  const found: string[] = [];
  for (const pair of pairs) {
    const advances: number[] = [];
    let unmeasured = 0;
    for (const l of lines) {
      const text = l.words.map((w) => w.text).join('');
      const occurrences = text.split(pair).length - 1;
      if (!occurrences) continue;
      for (const w of l.words) {
        if (!w.text.includes(pair)) continue;
        const marks = w.text.match(mark)?.length ?? 0;
        if (!fullWidth.test(w.text) || marks !== 2) {
          unmeasured++;
          continue;
        }
        const em = (w.y1 - w.y0) / heightPerEm;
        advances.push(2 - ([...w.text].length - (w.x1 - w.x0) / em));
      }
      unmeasured += occurrences - l.words.filter((w) => w.text.includes(pair)).length;
    }
    const figure = advances.length ? `${median(advances).toFixed(2)} em (${advances.length})` : 'n/m';
    found.push(`${pair} ${figure}${unmeasured ? `, ${unmeasured} n/m` : ''}`);
  }
  return found.join('; ');
}

// --- The table ---------------------------------------------------------------------------------
const f2 = (x?: number) => (x === undefined ? '-' : x.toFixed(2));
const rows: string[] = [
  '| lang | file | body lines | hyphen ends | ladders (>2) | last-but-one hyphen | one-letter at line end | word space min–max (em) | adjacent lines, mean-space ratio | zh: mark pair advance |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
for (const lang of languages) {
  for (const who of ['dossier', 'typst'] as const) {
    const f = measure(pdfs[lang][who], lang);
    if (f.unreadable) {
      rows.push(`| ${lang} | ${who === 'dossier' ? 'Dossier' : 'Typst'} | not readable: pdftotext gives its text glyph by glyph, nothing measured | | | | | | | |`);
      continue;
    }
    const spread = f.spaceMin === undefined ? '-' : `${f2(f.spaceMin)}–${f2(f.spaceMax)}`;
    rows.push(`| ${lang} | ${who === 'dossier' ? 'Dossier' : 'Typst'} | ${f.lines} | ${f.hyphenEnds} | ${f.ladders} | ${f.penultimate} | ${hangingWords[lang] ? f.hanging : '-'} | ${spread} | ${f2(f.adjacentRatio)} | ${f.pairAdvance ?? '-'} |`);
  }
}
process.stdout.write(`${rows.join('\n')}\n\nn/m: not measurable from word boxes (the pair's word holds other marks or non-full-width characters, or poppler split the pair).\nPDFs and .typ files: ${work}\n`);

// --- Pictures for the README -------------------------------------------------------------------
if (process.argv.includes('--pictures')) {
  const docs = join(root, 'docs', 'typst');
  mkdirSync(docs, { recursive: true });
  for (const lang of ['en', 'ar', 'zh-CN'] as const) {
    for (const who of ['dossier', 'typst'] as const) {
      const stem = join(work, `${lang}-${who}`);
      execFileSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '1', '-singlefile', '-png', pdfs[lang][who], stem]);
      copyFileSync(`${stem}.png`, join(docs, `${lang}-${who}.png`));
    }
  }
  process.stdout.write(`pictures: ${docs}\n`);
}
