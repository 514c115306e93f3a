import { execFileSync } from 'node:child_process';

/**
 * A PDF's lines as poppler reads them (`pdftotext -bbox-layout`), page by page, for
 * comparing two renderings of one document: ours, and LibreOffice's of our DOCX.
 */
export interface PdfLine {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** The bottom most of its words share: their face's descent below the baseline, so it moves with the baseline (a line's yMax moves with its deepest face). */
  base: number;
  text: string;
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(Math.round(v * 10) / 10, (counts.get(Math.round(v * 10) / 10) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? NaN;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function pdfLines(pdf: string): { pages: number; lines: PdfLine[] } {
  const xml = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines: (PdfLine & { bottoms: number[] })[] = [];
  let page = 0;
  for (const part of xml.split('<page ').slice(1)) {
    page++;
    for (const m of part.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)) {
      const found = [...m[5]!.matchAll(/<word[^>]*yMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)];
      const words = found.map((w) => decode(w[2]!));
      const bottoms = found.map((w) => Number(w[1]));
      const line = { page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), base: mostCommon(bottoms), bottoms, text: words.join(' ') };
      // poppler cuts a justified line with wide spaces into several: one line is one baseline.
      const last = lines.at(-1);
      // (and a mark or a letter drawn a little higher or lower is on its line: boxes whose
      // middles are closer than a third of the smaller one's height are one line).
      const apart = last ? Math.abs((last.yMin + last.yMax) / 2 - (line.yMin + line.yMax) / 2) : Infinity;
      if (last && last.page === page && apart < Math.min(last.yMax - last.yMin, line.yMax - line.yMin) / 3) {
        const [left, right] = last.xMin <= line.xMin ? [last, line] : [line, last];
        const bottoms = last.bottoms.concat(line.bottoms);
        lines[lines.length - 1] = { page, xMin: left.xMin, yMin: Math.min(left.yMin, right.yMin), xMax: Math.max(left.xMax, right.xMax), yMax: left.yMax, base: mostCommon(bottoms), bottoms, text: `${left.text} ${right.text}` };
      } else lines.push(line);
    }
  }
  return { pages: page, lines };
}

/**
 * Text compared across renderings: NFKC, without white space, soft hyphens, hyphens or
 * bidi marks. Right to left, only the Arabic letters but lam and alef, in reading order:
 * poppler gives a line's characters in visual order, and lam-alef as one glyph.
 */
export function comparable(text: string, rtl = false): string {
  const plain = text.normalize('NFKC').replace(/[\s\u00ad\u200b-\u200f\u2066-\u2069\u061c-]/g, '');
  return rtl ? plain.replace(/[^\p{Script=Arabic}]|[\u0627\u0623\u0625\u0622\u0644\u064b-\u065f\u0670\u0640]/gu, '') : plain;
}

/** A line's text as `comparable` reads a paragraph's: right to left, its visual order reversed. */
export const comparableLine = (text: string, rtl = false) => (rtl ? [...comparable(text, true)].reverse().join('') : comparable(text));

/**
 * Which lines set each paragraph: the lines are walked in order, each paragraph taking
 * lines until it has its text. Lines that belong to no paragraph (page numbers, notes)
 * are skipped where they do not start the paragraph's text. Returns, per paragraph, its
 * lines (empty where it was not found).
 */
export function paragraphLines(lines: PdfLine[], paragraphs: string[], rtl = false): PdfLine[][] {
  const out: PdfLine[][] = paragraphs.map(() => []);
  let at = 0;
  paragraphs.forEach((paragraph, p) => {
    const want = comparable(paragraph, rtl);
    if (!want) return;
    let got = '';
    for (let i = at; i < lines.length && got.length < want.length; i++) {
      const text = comparableLine(lines[i]!.text, rtl);
      if (!text) continue;
      // Part of this paragraph only where it continues the text read so far: letter for
      // letter left to right; right to left, where most of its letters are the next ones
      // (poppler scatters Arabic letters and marks within a line).
      // A list item's label ("(c)", "•", "ii.") may be read on its line or apart from it
      // (poppler reads a label hanging in its indent out of order): it need not be there.
      const labelPattern = /^(\(?[0-9a-zA-Z]{1,4}[.)]|[•·‣▪–])/;
      const wanted = got.length === 0 && !rtl ? (labelPattern.exec(want)?.[0] ?? '') : '';
      let rest = want.slice(got.length);
      const label = got.length === 0 && !rtl ? (labelPattern.exec(text)?.[0] ?? '') : '';
      const read = label && !rest.startsWith(label) ? text.slice(label.length) : text;
      let common = rtl ? (similar(text, rest.slice(0, Math.ceil(text.length * 1.2))) ? text.length : 0) : commonPrefix(rest, read);
      if (wanted && common < Math.min(4, read.length, rest.length) && commonPrefix(rest.slice(wanted.length), read) >= Math.min(4, read.length, rest.length - wanted.length)) {
        got = wanted;
        rest = want.slice(got.length);
        common = commonPrefix(rest, read);
      }
      if (common < Math.min(4, text.length, rest.length)) continue;
      out[p]!.push(lines[i]!);
      got += rtl ? rest.slice(0, common) : read.slice(0, common);
      at = i + 1;
    }
  });
  return out;
}

/** Whether most of a line's letters (as a multiset) are in a stretch of the paragraph's. */
function similar(line: string, stretch: string): boolean {
  const counts = new Map<string, number>();
  for (const c of stretch) counts.set(c, (counts.get(c) ?? 0) + 1);
  let found = 0;
  for (const c of line) {
    const n = counts.get(c) ?? 0;
    if (n > 0) {
      found++;
      counts.set(c, n - 1);
    }
  }
  return found >= 0.75 * line.length;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The body's line pitch: for each paragraph's run of lines on one page, the distance from
 * its first line to its last over the steps between (one glyph's box varies from line to
 * line, Arabic's most, so single steps jitter), then the median of those.
 */
export function medianPitch(paragraphs: PdfLine[][]): number {
  const pitches: number[] = [];
  for (const lines of paragraphs) {
    let from = 0;
    for (let i = 1; i <= lines.length; i++) {
      if (i < lines.length && lines[i]!.page === lines[from]!.page) continue;
      if (i - from >= 2) pitches.push((lines[i - 1]!.base - lines[from]!.base) / (i - 1 - from));
      from = i;
    }
  }
  pitches.sort((a, b) => a - b);
  return pitches.length ? pitches[Math.floor(pitches.length / 2)]! : NaN;
}
