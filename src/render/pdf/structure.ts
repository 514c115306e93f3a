/**
 * The tagged PDF's structure tree, built from the document tree while its lines are
 * drawn: Document > H1 (the title), H2–H4 (headings), P (paragraphs, profile fields
 * with their label as a Span), L > LI > Lbl + LBody (numbered paragraphs), Note (the
 * notes, each with an ID, referenced from a Reference in the text), and a Span with its
 * own /Lang for text in another language. Every glyph belongs to exactly one element;
 * page furniture is marked as an Artifact instead.
 *
 * Elements are created the first time a line draws their content, so they enter the
 * tree in reading order; a line's marked content is added to its elements in reading
 * order too (right to left, a line is drawn from the left, its last words first).
 */


import type { StructureTarget } from '../../layout/tags.js';

/** The part of pdfkit's structure API this module uses. */
interface StructureElement {
  add(child: unknown): StructureElement;
  dictionary: { data: Record<string, unknown> };
}
export interface TaggingDocument {
  struct(type: string, options?: { lang?: string; title?: string }): StructureElement;
  addStructure(element: StructureElement): void;
  markStructureContent(tag: string, options?: { lang?: string }): unknown;
  markContent(tag: string, options?: { type?: string }): void;
  endMarkedContent(): void;
}

/** The elements of one document being rendered. */
export class StructureTree {
  private root: StructureElement | undefined;
  private readonly blocks = new Map<number, StructureElement>();
  private readonly lists = new Map<string, StructureElement>();
  private readonly items = new Map<number, StructureElement>();
  private readonly inlines = new Map<string, StructureElement>();

  constructor(private readonly doc: TaggingDocument) {}

  /** The element a target's content goes into, created (with its parents) on first use. */
  element(target: StructureTarget): StructureElement {
    if (!target.inline) return this.block(target);
    let inline = this.inlines.get(target.inline.id);
    if (!inline) {
      const { type, lang } = target.inline;
      inline = this.doc.struct(type, lang ? { lang } : {});
      // A list item's number is the item's Lbl, before its LBody; other inlines sit in their block.
      (type === 'Lbl' ? this.item(target) : this.block(target)).add(inline);
      this.inlines.set(target.inline.id, inline);
    }
    return inline;
  }

  /** The type of element the marked content of a target is tagged with. */
  static tag(target: StructureTarget): string {
    return target.inline?.type ?? target.type;
  }

  private document(): StructureElement {
    if (!this.root) {
      this.root = this.doc.struct('Document');
      this.doc.addStructure(this.root);
    }
    return this.root;
  }

  private block(target: StructureTarget): StructureElement {
    let element = this.blocks.get(target.block);
    if (!element) {
      if (target.type === 'LBody') {
        const item = this.item(target);
        element = this.doc.struct('LBody');
        // The item's Lbl, where the number was drawn first, is already in it.
        item.add(element);
      } else {
        element = this.doc.struct(target.type);
        if (target.noteId) element.dictionary.data.ID = new String(target.noteId);
        this.document().add(element);
      }
      this.blocks.set(target.block, element);
    }
    return element;
  }

  /** A numbered paragraph's LI, in its list's L. */
  private item(target: StructureTarget): StructureElement {
    let item = this.items.get(target.block);
    if (!item) {
      let list = this.lists.get(target.list ?? '');
      if (!list) {
        list = this.doc.struct('L');
        this.document().add(list);
        this.lists.set(target.list ?? '', list);
      }
      item = this.doc.struct('LI');
      list.add(item);
      this.items.set(target.block, item);
    }
    return item;
  }
}
