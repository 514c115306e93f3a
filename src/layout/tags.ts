/**
 * What the layout attaches to each run it composes: decisions a reader sees (where the
 * run belongs in the document's structure, whether it is page furniture, which note it
 * calls), carried on the composed lines to whichever writer draws them.
 */

/** Where a run's glyphs belong in the structure tree: decided by the layout, from the document tree. */
export interface StructureTarget {
  /** The block's element: its index in the document and its type. */
  block: number;
  type: 'H1' | 'H2' | 'H3' | 'H4' | 'P' | 'LBody' | 'Note';
  /** For LBody: the list (its L) the item belongs to; items parted by other blocks are in lists of their own. */
  list?: string;
  /** For a Note: its ID, which the Reference in the text names. */
  noteId?: string;
  /** An inline element inside the block: a field's label, a list item's number, a language span, a note reference. */
  inline?: { id: string; type: 'Span' | 'Lbl' | 'Reference'; lang?: string };
}

/** What the layout attaches to each run it hands the composer. */
export interface RunTag {
  /** A note's call: the note's index (0-based) in the layout's notes. */
  note?: number;
  color?: string;
  /** Where the run's glyphs belong in the tagged PDF's structure tree. */
  structure?: StructureTarget;
  /** Page furniture (page numbers, running headers): an Artifact of this type, not content. */
  artifact?: 'Pagination';
}
