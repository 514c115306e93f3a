/**
 * fontkit 2.0.4 measures a TrueType glyph by reading its header in the `glyf` table
 * at the glyph's `loca` offset, without asking whether the glyph has any outline. An
 * empty glyph (a space) shares its offset with the next one, so fontkit reads the
 * next glyph's header; where the empty glyph is the last of the table, as harfbuzz's
 * subset of Tinos puts U+202F (the narrow no-break space French sets before a
 * colon), it reads past the table's end and throws. An empty glyph's box is empty:
 * this gives it one, for Dossier's parses and pdfkit's alike (one fontkit instance).
 */
type Glyph = { id: number; _font: { loca?: { offsets: number[] } }; path: { cbox: object } };
type GlyphPrototype = { _getCBox(this: Glyph, internal?: boolean): object };

const patched = new WeakSet<object>();

/** Patches the TrueType glyph class of a font fontkit made, once. */
export function measureEmptyGlyphs(font: unknown): void {
  const glyph = (font as { loca?: unknown; getGlyph?(id: number): unknown }).loca ? (font as { getGlyph(id: number): object }).getGlyph(0) : undefined;
  if (!glyph) return;
  const prototype = Object.getPrototypeOf(glyph) as GlyphPrototype;
  if (patched.has(prototype) || typeof prototype._getCBox !== 'function') return;
  patched.add(prototype);
  const original = prototype._getCBox;
  prototype._getCBox = function (this: Glyph, internal?: boolean) {
    const offsets = this._font.loca?.offsets;
    if (offsets && offsets[this.id] === offsets[this.id + 1]) {
      const Box = this.path.cbox.constructor as new (minX: number, minY: number, maxX: number, maxY: number) => object;
      return new Box(0, 0, 0, 0);
    }
    return original.call(this, internal);
  };
}
