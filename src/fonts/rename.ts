import { readSfnt, writeSfnt } from './sfnt.js';

/** The `name` table's IDs that name the family: family, full name, PostScript name, typographic family. */
const FAMILY = 1;
const SUBFAMILY = 2;
const FULL = 4;
const POSTSCRIPT = 6;
const TYPOGRAPHIC_FAMILY = 16;
const TYPOGRAPHIC_SUBFAMILY = 17;

interface NameRecord {
  platform: number;
  encoding: number;
  language: number;
  id: number;
  bytes: Uint8Array;
}

/**
 * The font with its `name` table saying it is family `family`: every record of the
 * family (1), typographic family (16), full name (4) and PostScript name (6), on every
 * platform, encoding and language the table has. The full name becomes the family and
 * the record's style ("Noto Serif SC 3F9A2C Bold"), the PostScript name the font's own
 * with `tag` after its family part ("NotoSerifSC_3F9A2C-Bold"), since a PostScript
 * name is ASCII without spaces. Glyphs and every other table are the font's.
 */
export function renameFamily(font: Uint8Array, family: string, tag: string): Uint8Array {
  const sfnt = readSfnt(font);
  const name = sfnt.tables.find((t) => t.tag === 'name');
  const records = name ? readNames(name.data) : [];
  // A font that names no family on Windows gets the names there (English, US).
  if (!records.some((r) => r.id === FAMILY && utf16(r))) {
    for (const id of [FAMILY, FULL, POSTSCRIPT]) records.push({ platform: 3, encoding: 1, language: 0x409, id, bytes: new Uint8Array() });
  }
  const sameSlot = (r: NameRecord, id: number) =>
    records.find((o) => o.id === id && o.platform === r.platform && o.encoding === r.encoding && o.language === r.language);
  const renamed = records.flatMap((record): NameRecord[] => {
    let value: string;
    switch (record.id) {
      case FAMILY:
      case TYPOGRAPHIC_FAMILY:
        value = family;
        break;
      case FULL: {
        const style = sameSlot(record, TYPOGRAPHIC_SUBFAMILY) ?? sameSlot(record, SUBFAMILY);
        value = style && decode(style) !== 'Regular' ? `${family} ${decode(style)}` : family;
        break;
      }
      case POSTSCRIPT: {
        const own = decode(record);
        if (!own) {
          value = postScriptName(family).slice(0, 63);
          break;
        }
        // The tag and the style are kept whole; the family part gives way to the 63-character limit.
        const [base = '', ...style] = own.split('-');
        const rest = postScriptName(`_${tag}${style.length ? `-${style.join('-')}` : ''}`).slice(0, 63);
        value = postScriptName(base).slice(0, 63 - rest.length) + rest;
        break;
      }
      default:
        return [record];
    }
    const bytes = encode(value, record);
    // A one-byte record cannot hold a name beyond ASCII: it is left out, not left
    // saying the old name.
    return bytes ? [{ ...record, bytes }] : [];
  });
  const table = { tag: 'name', data: writeNames(renamed) };
  // The directory is sorted by tag.
  const tables = name ? sfnt.tables.map((t) => (t === name ? table : t)) : [...sfnt.tables, table].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return writeSfnt({ ...sfnt, tables });
}

/** The `name` table's records as text: what a font says it is called, on each platform and in each language. */
export function nameRecords(font: Uint8Array): { platform: number; encoding: number; language: number; id: number; text: string }[] {
  const name = readSfnt(font).tables.find((t) => t.tag === 'name');
  return name ? readNames(name.data).map(({ bytes, ...record }) => ({ ...record, text: decode({ ...record, bytes }) })) : [];
}

/** What a PostScript name may hold: printable ASCII, no spaces or delimiters (and 63 characters at most). */
const postScriptName = (name: string) => name.replace(/[^\x21-\x7e]|[[\](){}<>/%]/g, '');

/**
 * Unicode (0), Windows (3) and ISO 10646 (2/1) records are UTF-16BE; the others
 * (Macintosh scripts, ISO ASCII and Latin-1) are one byte a character, ASCII in the
 * printable range whatever the script.
 */
const utf16 = (r: { platform: number; encoding: number }) => r.platform === 0 || r.platform === 3 || (r.platform === 2 && r.encoding === 1);

function decode(record: NameRecord): string {
  let text = '';
  if (!utf16(record)) {
    for (const byte of record.bytes) text += String.fromCharCode(byte);
    return text;
  }
  const view = new DataView(record.bytes.buffer, record.bytes.byteOffset, record.bytes.byteLength);
  for (let i = 0; i + 1 < record.bytes.length; i += 2) text += String.fromCharCode(view.getUint16(i));
  return text;
}

function encode(text: string, record: NameRecord): Uint8Array | undefined {
  if (utf16(record)) {
    const out = new Uint8Array(text.length * 2);
    const view = new DataView(out.buffer);
    for (let i = 0; i < text.length; i++) view.setUint16(2 * i, text.charCodeAt(i));
    return out;
  }
  // Backslash and tilde are other characters in the Japanese and Korean Macintosh scripts.
  return /^[\x20-\x5b\x5d-\x7d]*$/.test(text) ? new Uint8Array([...text].map((c) => c.charCodeAt(0))) : undefined;
}

/** The records of a `name` table, format 0 or 1 (whose language-tag strings are dropped: see writeNames). */
function readNames(table: Uint8Array): NameRecord[] {
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const count = view.getUint16(2);
  const strings = view.getUint16(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 12 * i;
    const length = view.getUint16(at + 8);
    const offset = strings + view.getUint16(at + 10);
    if (offset + length > table.length) throw new RangeError('its name table is cut short');
    return {
      platform: view.getUint16(at),
      encoding: view.getUint16(at + 2),
      language: view.getUint16(at + 4),
      id: view.getUint16(at + 6),
      bytes: table.subarray(offset, offset + length),
    };
  });
}

/**
 * A format-0 `name` table of these records, sorted as the format requires. Format 1's
 * language tags are for records with languages above 0x8000, which harfbuzz's subsets
 * do not keep; such a record would lose its language, so it is left out.
 */
function writeNames(records: NameRecord[]): Uint8Array {
  const kept = records
    .filter((r) => r.language < 0x8000)
    .sort((a, b) => a.platform - b.platform || a.encoding - b.encoding || a.language - b.language || a.id - b.id);
  const strings = 6 + 12 * kept.length;
  const size = strings + kept.reduce((sum, r) => sum + r.bytes.length, 0);
  // Offsets into the strings are 16-bit: a longer table cannot be written.
  if (size - strings > 0xffff) throw new RangeError('its name table would be longer than the format allows');
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0);
  view.setUint16(2, kept.length);
  view.setUint16(4, strings);
  let at = 0;
  kept.forEach((r, i) => {
    const record = 6 + 12 * i;
    view.setUint16(record, r.platform);
    view.setUint16(record + 2, r.encoding);
    view.setUint16(record + 4, r.language);
    view.setUint16(record + 6, r.id);
    view.setUint16(record + 8, r.bytes.length);
    view.setUint16(record + 10, at);
    out.set(r.bytes, strings + at);
    at += r.bytes.length;
  });
  return out;
}
