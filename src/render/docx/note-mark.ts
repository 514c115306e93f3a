import { AlignmentType, BuilderElement, Run } from 'docx';

/**
 * Two things Word can do that the docx library does not say directly (issue 24):
 * a footnote reference drawn as a symbol ("*", as the UN marks a title's note), and
 * a paragraph's alignment by the tree's start / center / end.
 */

/**
 * A footnote reference with a mark of its own: `w:footnoteReference
 * w:customMarkFollows="1"` followed by the mark's text in the same run, which is how
 * Word stores "Insert footnote, custom mark". (docx's FootnoteReferenceRun always numbers.)
 */
export function customMarkReference(id: number, mark: string, kind: 'footnote' | 'endnote' = 'footnote'): Run {
  const run = new Run({ style: kind === 'footnote' ? 'FootnoteReference' : 'EndnoteReference' });
  // Run keeps its children in `root`, as every docx XmlComponent does.
  const children = (run as unknown as { root: unknown[] }).root;
  children.push(
    new BuilderElement({ name: `w:${kind}Reference`, attributes: { customMarkFollows: { key: 'w:customMarkFollows', value: '1' }, id: { key: 'w:id', value: id } } }),
    new BuilderElement({ name: 'w:t', attributes: { space: { key: 'xml:space', value: 'preserve' } }, children: [mark as never] }),
  );
  return run;
}

/** Start and end are logical: Word's w:jc start/end follow the paragraph's direction, as the PDF's do. */
export const wordAlignment = { start: AlignmentType.START, center: AlignmentType.CENTER, end: AlignmentType.END } as const;
