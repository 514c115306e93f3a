/**
 * The tagged PDF's structure tree, built from the document tree while its lines are
 * drawn: Document > H1 (the title), H2–H4 (headings), P (paragraphs, profile fields
 * with their label as a Span), L > LI > Lbl + LBody (numbered paragraphs and lists, a
 * nested list's L in the LI it belongs to), BlockQuote > P, Table > Caption + TR > TH
 * (with its Scope) / TD, Link (over its /Link annotation), Note (the
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
  /** Every element made so far, by its key: a block's index (or own key), a parent's id, an inline's id. */
  private readonly elements = new Map<string, StructureElement>();

  constructor(private readonly doc: TaggingDocument) {}

  /** The element a target's content goes into, created (with its parents) on first use. */
  element(target: StructureTarget): StructureElement {
    if (!target.inline) return this.block(target);
    const key = `inline:${target.inline.id}`;
    let inline = this.elements.get(key);
    if (!inline) {
      const { type, lang } = target.inline;
      inline = this.doc.struct(type, lang ? { lang } : {});
      // A list item's label is the item's Lbl, before its LBody; other inlines sit in their block.
      (type === 'Lbl' ? this.parent(target) : this.block(target)).add(inline);
      this.elements.set(key, inline);
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

  /** The innermost of a target's parents (made with those around it), or Document. */
  private parent(target: StructureTarget): StructureElement {
    let parent = this.document();
    for (const { id, type } of target.parents ?? []) {
      let element = this.elements.get(`parent:${id}`);
      if (!element) {
        element = this.doc.struct(type);
        parent.add(element);
        this.elements.set(`parent:${id}`, element);
      }
      parent = element;
    }
    return parent;
  }

  private block(target: StructureTarget): StructureElement {
    const key = `block:${target.key ?? target.block}`;
    let element = this.elements.get(key);
    if (!element) {
      element = this.doc.struct(target.type);
      if (target.noteId) element.dictionary.data.ID = new String(target.noteId);
      // A header cell names the cells it heads (PDF/UA: Table attributes, /Scope).
      if (target.scope) element.dictionary.data.A = { O: 'Table', Scope: target.scope };
      this.parent(target).add(element);
      this.elements.set(key, element);
    }
    return element;
  }
}
