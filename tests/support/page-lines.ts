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
  text: string;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function pdfLines(pdf: string): { pages: number; lines: PdfLine[] } {
  const xml = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines: PdfLine[] = [];
  let page = 0;
  for (const part of xml.split('<page ').slice(1)) {
    page++;
    for (const m of part.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)) {
      const words = [...m[5]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => decode(w[1]!));
      const line = { page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: words.join(' ') };
      // poppler cuts a justified line with wide spaces into several: one line is one baseline.
      const last = lines.at(-1);
      if (last && last.page === page && Math.abs(last.yMax - line.yMax) < 0.3 * (line.yMax - line.yMin)) {
        const [left, right] = last.xMin <= line.xMin ? [last, line] : [line, last];
        lines[lines.length - 1] = { page, xMin: left.xMin, yMin: Math.min(left.yMin, right.yMin), xMax: Math.max(left.xMax, right.xMax), yMax: left.yMax, text: `${left.text} ${right.text}` };
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
      const rest = want.slice(got.length);
      const common = rtl ? (similar(text, rest.slice(0, Math.ceil(text.length * 1.2))) ? text.length : 0) : commonPrefix(rest, text);
      if (common < Math.min(4, text.length, rest.length)) continue;
      out[p]!.push(lines[i]!);
      got += rtl ? rest.slice(0, common) : text.slice(0, common);
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

/** The median distance between consecutive lines of one paragraph on one page: the body's line pitch. */
export function medianPitch(paragraphs: PdfLine[][]): number {
  const steps: number[] = [];
  for (const lines of paragraphs) {
    for (let i = 1; i < lines.length; i++) {
      if (lines[i]!.page === lines[i - 1]!.page) steps.push(lines[i]!.yMax - lines[i - 1]!.yMax);
    }
  }
  steps.sort((a, b) => a - b);
  return steps.length ? steps[Math.floor(steps.length / 2)]! : NaN;
}
