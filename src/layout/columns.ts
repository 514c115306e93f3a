/** A table's columns, shared by the layout and the DOCX writer (which may run in a side thread: no other imports). */

/**
 * The columns' edges from the measure's start: a column with a width takes that share
 * (in percent), the others share what is left equally.
 */
export function columnEdges(widths: (number | undefined)[], columns: number, width: number): number[] {
  const given = widths.slice(0, columns).reduce<number>((sum, w) => sum + (w ?? 0), 0);
  const free = Array.from({ length: columns }, (_, c) => widths[c] === undefined).filter(Boolean).length;
  const share = free ? Math.max(0, 100 - given) / free : 0;
  const edges = [0];
  for (let c = 0; c < columns; c++) edges.push(edges[c]! + ((widths[c] ?? share) / 100) * width);
  // Widths that add up to more or less than the measure are scaled to it.
  const total = edges[columns]!;
  return total > 0 ? edges.map((e) => (e / total) * width) : edges;
}

/** The space between a list item's label and its text, in em (Word's: the level's hanging indent). */
export const LABEL_GAP = 0.5;
