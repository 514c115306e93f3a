import { createHash } from 'node:crypto';

import { withoutNonXml } from '../../text/characters.js';
import { escapeXml } from '../../xml.js';
import type { EmbeddedFont } from './embedded-fonts.js';
import { zip } from './zip.js';
import { addIdsPart } from '../../revise/ids-part.js';
import type { IdRecord } from '../../revise/ids.js';

export interface PackageFinish {
  date: Date;
  lang: string;
  fonts: EmbeddedFont[];
  /** Where each paragraph's text comes from, by its bookmark's name (revise/ids.ts). */
  ids?: readonly IdRecord[];
}

/** A package's parts by path, in the docx library's order: XML as text, the rest as bytes. */
export type Parts = Map<string, string | Uint8Array>;

/**
 * Finishes the parts the docx library made, where it has no option for what we need,
 * and zips them, once:
 *  - reproducible bytes: it stamps core properties with the current time; they get
 *    the document's date instead, as does every zip entry;
 *  - the document language in the core properties, and as the East Asian theme font
 *    language in the settings, so Word picks East Asian fonts for the theme;
 *  - embedded fonts: the library would obfuscate them with random keys and insists
 *    on a regular face for each family; here a family embeds only the weights it
 *    draws, under a key derived from the font's bytes;
 *  - hyperlinks: the library names their relationships with random ids; they are
 *    numbered in order instead, so the same input gives the same bytes;
 *  - bookmarks: the library numbers them on from the last document the process made;
 *    each document's are numbered from 1;
 *  - the map from each paragraph's id to its source (revise/ids-part.ts).
 * Every value written here (a family name comes from a theme) is XML-escaped.
 */
export function finishPackage(parts: Parts, finish: PackageFinish): Uint8Array {
  const stamp = finish.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Values go in through replacement functions: a `$` in one is then not a pattern.
  editXml(parts, 'docProps/core.xml', (xml) =>
    xml
      .replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`)
      .replace('</cp:coreProperties>', () => `<dc:language>${escapeXml(finish.lang)}</dc:language></cp:coreProperties>`),
  );
  editXml(parts, 'word/settings.xml', (xml) =>
    xml.replace('</w:compat>', () => `</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="${escapeXml(finish.lang)}"/>`),
  );
  // Notes numbered 1, 2, 3 (Word numbers endnotes i, ii, iii unless told), as the PDF
  // numbers them; in the section's properties, before its type and page size (ECMA-376).
  if (parts.has('word/document.xml')) editXml(parts, 'word/document.xml', (xml) =>
    xml.replace(/(<w:sectPr\b[^>]*>(?:<w:(?:header|footer)Reference\b[^>]*\/>)*)/, '$1<w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr><w:endnotePr><w:numFmt w:val="decimal"/></w:endnotePr>'),
  );
  if (finish.fonts.length) embedFonts(parts, finish.fonts);
  stableLinkIds(parts);
  if (parts.has('word/document.xml')) editXml(parts, 'word/document.xml', stableBookmarkIds);
  if (finish.ids?.length) addIdsPart(parts, finish.ids, (path, change) => editXml(parts, path, change));

  // [Content_Types].xml first, as Word writes it: some readers sniff the first entry.
  const paths = [...parts.keys()].sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  const encoder = new TextEncoder();
  return zip(
    paths.map((path) => {
      const data = parts.get(path)!;
      // The last line of defence: no XML part holds a character XML 1.0 forbids (a theme's
      // family name with U+FFFE would make styles.xml unreadable), whatever let it through.
      return [path, typeof data === 'string' ? encoder.encode(withoutNonXml(data)) : data];
    }),
    finish.date,
  );
}

export function editXml(parts: Parts, path: string, edit: (xml: string) => string): void {
  const data = parts.get(path);
  if (data === undefined) throw new Error(`the docx library wrote no ${path}`);
  parts.set(path, edit(typeof data === 'string' ? data : new TextDecoder().decode(data)));
}

/** Font obfuscation (ECMA-376 part 2, 17.8.1) XORs the first 32 bytes with the reversed key. */
export function obfuscate(font: Uint8Array, key: string): Uint8Array {
  const bytes = key.replace(/[{}-]/g, '').match(/../g)!.map((h) => parseInt(h, 16)).reverse();
  // A copy: Buffer#slice would share memory, and the font bytes are cached for reuse.
  const out = Uint8Array.from(font);
  for (let i = 0; i < 32 && i < out.length; i++) out[i]! ^= bytes[i % 16]!;
  return out;
}

function keyOf(font: Uint8Array): string {
  const d = createHash('sha256').update(font).digest('hex').toUpperCase();
  return `{${d.slice(0, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}-${d.slice(16, 20)}-${d.slice(20, 32)}}`;
}

function embedFonts(parts: Parts, fonts: EmbeddedFont[]): void {
  const rels: string[] = [];
  const table: string[] = [];
  for (const font of fonts) {
    const embeds: string[] = [];
    for (const [element, data] of [['w:embedRegular', font.regular], ['w:embedBold', font.bold]] as const) {
      if (!data) continue;
      const n = rels.length + 1;
      const key = keyOf(data);
      parts.set(`word/fonts/font${n}.odttf`, obfuscate(data, key));
      rels.push(`<Relationship Id="rIdFont${n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="fonts/font${n}.odttf"/>`);
      embeds.push(`<${element} r:id="rIdFont${n}" w:fontKey="${key}"/>`);
    }
    // altName: the real family, for a machine that has the face installed.
    const altName = font.altName ? `<w:altName w:val="${escapeXml(font.altName)}"/>` : '';
    const charset = `<w:charset w:val="${font.charset.toString(16).toUpperCase().padStart(2, '0')}"/>`;
    table.push(`<w:font w:name="${escapeXml(font.name)}">${altName}${charset}<w:family w:val="auto"/><w:pitch w:val="variable"/>${embeds.join('')}</w:font>`);
  }
  editXml(parts, 'word/fontTable.xml', (xml) =>
    xml.replace(/<\/w:fonts>$|\/>$/, (end) => (end === '/>' ? `>${table.join('')}</w:fonts>` : `${table.join('')}</w:fonts>`)),
  );
  editXml(parts, 'word/_rels/fontTable.xml.rels', (xml) =>
    xml.replace(/<\/Relationships>$|\/>$/, (end) => (end === '/>' ? `>${rels.join('')}</Relationships>` : `${rels.join('')}</Relationships>`)),
  );
  editXml(parts, 'word/settings.xml', (xml) =>
    xml.includes('<w:embedTrueTypeFonts/>') ? xml : xml.replace('<w:displayBackgroundShape/>', '<w:displayBackgroundShape/><w:embedTrueTypeFonts/>'),
  );
}

/** The docx library's random relationship ids (hyperlinks: "rIdq2x…"), as rIdLink1, rIdLink2… in each part's order. */
function stableLinkIds(parts: Parts): void {
  for (const path of [...parts.keys()]) {
    const rels = path.replace(/([^/]+)$/, '_rels/$1.rels');
    if (!path.endsWith('.xml') || !parts.has(rels)) continue;
    const ids = new Map<string, string>();
    editXml(parts, path, (xml) =>
      xml.replace(/r:id="(rId[A-Za-z0-9_-]{12,})"/g, (_, id: string) => {
        if (!ids.has(id)) ids.set(id, `rIdLink${ids.size + 1}`);
        return `r:id="${ids.get(id)}"`;
      }),
    );
    if (ids.size) editXml(parts, rels, (xml) => xml.replace(/Id="(rId[A-Za-z0-9_-]{12,})"/g, (whole, id: string) => (ids.has(id) ? `Id="${ids.get(id)}"` : whole)));
  }
}

/** Bookmarks numbered 1, 2, 3… in the order they start; each end keeps its start's number. */
function stableBookmarkIds(xml: string): string {
  const ids = new Map<string, number>();
  return xml.replace(/<w:bookmark(Start|End)\b([^>]*?)\bw:id="(\d+)"/g, (whole, which: string, between: string, id: string) => {
    if (which === 'Start' && !ids.has(id)) ids.set(id, ids.size + 1);
    const stable = ids.get(id);
    return stable === undefined ? whole : `<w:bookmark${which}${between}w:id="${stable}"`;
  });
}
