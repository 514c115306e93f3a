/**
 * What the layout attaches to each run it composes: decisions a reader sees (where the
 * run belongs in the document's structure, whether it is page furniture, which note it
 * calls), carried on the composed lines to whichever writer draws them.
 */

/** Where a run's glyphs belong in the structure tree: decided by the layout, from the document tree. */
export interface StructureTarget {
  /** The block's element: its index in the document and its type. */
  block: number;
  type: 'H1' | 'H2' | 'H3' | 'H4' | 'P' | 'LBody' | 'Note' | 'TH' | 'TD' | 'Caption';
  /** The element's own key, where a block has several (a table's cells); by default the block's index. */
  key?: string;
  /**
   * The elements between Document and this one, outermost first, each made on first use
   * inside the one before: a list item's L and LI (a nested list's L inside the LI of the
   * item it belongs to), a quotation's BlockQuote, a cell's Table and TR.
   */
  parents?: { id: string; type: 'L' | 'LI' | 'BlockQuote' | 'Table' | 'TR' }[];
  /** A header cell's scope (TH): the cells of its column. */
  scope?: 'Column' | 'Row';
  /** For a Note: its ID, which the Reference in the text names. */
  noteId?: string;
  /** An inline element inside the block: a field's label, a list item's number, a language span, a note reference. */
  inline?: { id: string; type: 'Span' | 'Lbl' | 'Reference' | 'Link'; lang?: string };
}

/** What the layout attaches to each run it hands the composer. */
export interface RunTag {
  /** A note's call: the note's index (0-based) in the layout's notes. */
  note?: number;
  color?: string;
  /** Where the run's glyphs belong in the tagged PDF's structure tree. */
  structure?: StructureTarget;
  /** Part of a link's text: where it leads (the PDF puts a link annotation over it). */
  link?: string;
  /** Page furniture (page numbers, running headers): an Artifact of this type, not content. */
  artifact?: 'Pagination';
}
