import { createRequire } from 'node:module';
import type { ComposedLine } from '../../compose/types.js';
import type { RunTag } from '../../layout/tags.js';
import { drawLine, type PdfKitDocument, type PdfKitFont } from './draw.js';
import { parseFontKey } from '../../layout/fonts.js';
import { StructureTree, type TaggingDocument } from './structure.js';
import { escapeXml } from '../../xml.js';

/**
 * pdfmake lays out blocks (pages, margins, unbreakable groups, headers, footers,
 * outlines); Dossier's composer lays out lines. These two hooks join them: a text
 * node whose only item is a composed line is measured as one inline of that line's
 * width and height, and drawn by Dossier (draw.ts), glyph by glyph. Every other node
 * goes through pdfmake untouched. Installed once per process; written against
 * pdfmake 0.3.11's TextInlines and Renderer (package.json pins that version).
 */

/** The item a composed line's text node holds. */
export interface LineItem {
  dossierLine: ComposedLine<RunTag>;
  /** Width the line is set in (the column's), in points. */
  width: number;
  /** The font key that stands for the line's metrics where pdfmake asks for a font. */
  strut: string;
}

interface PdfMakeDocument extends PdfKitDocument, TaggingDocument {
  provideFont(family: string, bold: boolean, italics: boolean): PdfKitFont & { ascender: number };
  outline: { addItem(title: string, options: { expanded: boolean }): unknown };
  options: { tagged?: boolean };
}

interface Inline {
  text: string;
  dossier?: LineItem;
  [key: string]: unknown;
}

interface Outline {
  id?: string;
  parentId?: string;
  text: string;
  expanded: boolean;
}

let installed = false;

export function installLineHooks(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const TextInlines = require('pdfmake/js/TextInlines.js').default as {
    prototype: { pdfDocument: PdfMakeDocument; buildInlines(texts: unknown, styles: unknown): { items: Inline[]; minWidth: number; maxWidth: number } };
  };
  const Renderer = require('pdfmake/js/Renderer.js').default as {
    prototype: {
      pdfDocument: PdfMakeDocument;
      outlineMap: unknown[];
      renderLine(line: { inlines: Inline[]; _outline?: Outline }, x: number, y: number): void;
      renderVector(vector: unknown): void;
    };
  };

  const buildInlines = TextInlines.prototype.buildInlines;
  TextInlines.prototype.buildInlines = function (texts, styles) {
    const item = Array.isArray(texts) && texts.length === 1 ? (texts[0] as { dossier?: LineItem }).dossier : undefined;
    if (!item) return buildInlines.call(this, texts, styles);
    const { family, bold } = parseFontKey(item.strut);
    const inline: Inline = {
      text: '',
      dossier: item,
      noWrap: true,
      width: item.width,
      height: item.dossierLine.height,
      font: this.pdfDocument.provideFont(family, bold, false),
      fontSize: 0,
      alignment: 'left',
      leadingCut: 0,
      trailingCut: 0,
    };
    return { items: [inline], minWidth: item.width, maxWidth: item.width };
  };

  const renderLine = Renderer.prototype.renderLine;
  Renderer.prototype.renderLine = function (line, x, y) {
    const item = line.inlines[0]?.dossier;
    if (!item) return renderLine.call(this, line, x, y);
    if (line._outline) addOutline(this, line._outline);
    const doc = this.pdfDocument;
    const fontFor = (key: string) => {
      const { family, bold } = parseFontKey(key);
      return doc.provideFont(family, bold, false);
    };
    drawLine(doc, item.dossierLine, x, y, fontFor, structureOf(doc));
  };

  // Rules and other drawings are layout, not content: in a tagged PDF, Artifacts.
  const renderVector = Renderer.prototype.renderVector;
  Renderer.prototype.renderVector = function (vector) {
    const doc = this.pdfDocument;
    if (!structureOf(doc)) return renderVector.call(this, vector);
    doc.markContent('Artifact', { type: 'Layout' });
    renderVector.call(this, vector);
    doc.endMarkedContent();
  };

  installMetadataHooks(require('pdfkit') as PdfKitClass);
}

const structures = new WeakMap<object, StructureTree>();

/** The structure tree of a document being rendered with tags; undefined without. */
function structureOf(doc: PdfMakeDocument): StructureTree | undefined {
  if (!doc.options.tagged) return undefined;
  let tree = structures.get(doc);
  if (!tree) structures.set(doc, (tree = new StructureTree(doc)));
  return tree;
}

interface PdfKitClass {
  prototype: {
    info: Record<string, unknown>;
    options: { lang?: string };
    _addInfo(): void;
    appendXML(xml: string, newline?: boolean): void;
  };
}

/**
 * pdfkit writes the document information into the XMP metadata as it is, unescaped
 * (a title holding "&" or "<" makes the XML unreadable), and without the language.
 * PDF/UA readers look for dc:title and dc:language there.
 */
function installMetadataHooks(PDFDocument: PdfKitClass): void {
  const addInfo = PDFDocument.prototype._addInfo;
  PDFDocument.prototype._addInfo = function () {
    const info = this.info;
    const escaped = Object.fromEntries(Object.entries(info).map(([k, v]) => [k, typeof v === 'string' ? escapeXml(v) : v]));
    this.info = escaped;
    try {
      addInfo.call(this);
    } finally {
      this.info = info;
    }
    if (this.options.lang) {
      this.appendXML(`
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:language><rdf:Bag><rdf:li>${escapeXml(this.options.lang)}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        `);
    }
  };
}

/** The outline entry pdfmake's own renderLine would add for the line (pdfmake 0.3.11, Renderer.renderLine). */
function addOutline(renderer: { pdfDocument: PdfMakeDocument; outlineMap: unknown[] }, outline: Outline): void {
  const map = renderer.outlineMap as unknown as Record<string, { addItem(title: string, options: { expanded: boolean }): unknown }>;
  const parent = (outline.parentId && map[outline.parentId]) || renderer.pdfDocument.outline;
  const item = parent.addItem(outline.text, { expanded: outline.expanded });
  if (outline.id) map[outline.id] = item as (typeof map)[string];
}
