import { TextRun } from 'docx';
import type { RunDirections } from '../../layout/runs.js';
import type { Levels } from '../../text/bidi.js';

/**
 * Word runs by direction: where the layout set a stretch right to left (the DOCX marks
 * it `w:rtl`), the isolates it added (written into the text, as Word and LibreOffice
 * order runs by the characters they hold), and line breaks at given offsets.
 */

/** Text cut where its direction changes: `rtlAt` is asked at its offsets in the paragraph, from `start`. */
export function byDirection(text: string, rtlAt: (offset: number) => boolean, start: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < text.length; i++) {
    const rtl = rtlAt(start + i);
    const last = chunks[chunks.length - 1];
    if (last && last.rtl === rtl) last.text += text[i];
    else chunks.push({ text: text[i]!, rtl, start: start + i });
  }
  return chunks;
}

/** Right to left at an offset of the paragraph's text, by the layout's directions. */
export function rightToLeftAt(directions: RunDirections | undefined): (offset: number) => boolean {
  const ranges = directions?.rightToLeft ?? [];
  return (offset) => {
    // Binary search: the last stretch starting at or before the offset.
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (ranges[mid]![0] <= offset) low = mid + 1;
      else high = mid - 1;
    }
    return high >= 0 && offset < ranges[high]![1];
  };
}

/** Right to left at an offset, by levels computed here (a running header, which holds one language). */
export function levelsAt(levels: Levels | undefined): (offset: number) => boolean {
  return (offset) => levels !== undefined && levels.levels[offset]! % 2 === 1;
}

/** The isolates the layout put before the character at an offset, as Word runs (invisible, in their own direction). */
export function isolatesAt(directions: RunDirections | undefined): (offset: number) => TextRun[] {
  const at = new Map<number, TextRun[]>();
  for (const [offset, control, rtl] of directions?.isolates ?? []) {
    const runs = at.get(offset) ?? [];
    runs.push(new TextRun({ text: control, ...(rtl ? { rightToLeft: true } : {}) }));
    at.set(offset, runs);
  }
  return (offset) => at.get(offset) ?? [];
}

interface Chunk {
  text: string;
  rtl: boolean;
  /** Where it starts in the paragraph's text. */
  start: number;
  /** A line break comes before it. */
  breakBefore?: boolean;
}

/** Chunks cut at the paragraph offsets where a line break goes, the piece after each marked. */
export function atBreaks(chunks: Chunk[], breaks: number[]): Chunk[] {
  if (!breaks.length) return chunks;
  return chunks.flatMap((chunk) => {
    const end = chunk.start + chunk.text.length;
    const cuts = [chunk.start, ...breaks.filter((b) => b > chunk.start && b < end), end];
    return cuts.slice(0, -1).map((from, i) => ({
      ...chunk,
      text: chunk.text.slice(from - chunk.start, cuts[i + 1]! - chunk.start),
      start: from,
      breakBefore: breaks.includes(from),
    }));
  });
}
