import { createHash } from 'node:crypto';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Finishes the package the docx library wrote, where it has no option for what we need:
 *  - reproducible bytes: it stamps zip entries and core properties with the current
 *    time and obfuscates embedded fonts with a random key; times become the document's
 *    date and each font key one derived from the font's bytes;
 *  - the document language in the core properties, and as the East Asian theme font
 *    language in the settings, so Word picks East Asian fonts for the theme.
 */
export function finishPackage(docx: Uint8Array, date: Date, lang: string): Uint8Array {
  const entries = unzipSync(docx);
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  editXml(entries, 'docProps/core.xml', (xml) =>
    xml
      .replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`)
      .replace('</cp:coreProperties>', `<dc:language>${lang}</dc:language></cp:coreProperties>`),
  );
  editXml(entries, 'word/settings.xml', (xml) =>
    xml.replace('</w:compat>', `</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="${lang}"/>`),
  );
  rekeyFonts(entries);
  // Zip times are local DOS times: build them from the UTC fields so the machine's
  // time zone cannot change the bytes.
  const mtime = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  // [Content_Types].xml first, as Word writes it: some readers sniff the first entry.
  const paths = Object.keys(entries).sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  const files: Zippable = {};
  for (const path of paths) files[path] = [entries[path]!, { mtime, level: 6 }];
  return zipSync(files);
}

function editXml(entries: Record<string, Uint8Array>, path: string, edit: (xml: string) => string): void {
  const bytes = entries[path];
  if (bytes) entries[path] = new TextEncoder().encode(edit(new TextDecoder().decode(bytes)));
}

/** Font obfuscation (ECMA-376 part 2, 17.8.1) XORs the first 32 bytes with the reversed key. */
function obfuscate(font: Uint8Array, key: string): Uint8Array {
  const hex = key.replace(/[{}-]/g, '');
  const bytes = hex.match(/../g)!.map((h) => parseInt(h, 16)).reverse();
  const out = font.slice();
  for (let i = 0; i < 32 && i < out.length; i++) out[i]! ^= bytes[i % 16]!;
  return out;
}

function rekeyFonts(entries: Record<string, Uint8Array>): void {
  const relsBytes = entries['word/_rels/fontTable.xml.rels'];
  if (!relsBytes) return;
  const rels = new TextDecoder().decode(relsBytes);
  const targets = new Map([...rels.matchAll(/Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, `word/${m[2]!}`]));
  editXml(entries, 'word/fontTable.xml', (xml) =>
    xml.replace(/r:id="([^"]+)" w:fontKey="([^"]+)"/g, (whole, id: string, oldKey: string) => {
      const path = targets.get(id);
      const data = path ? entries[path] : undefined;
      if (!path || !data) return whole;
      const font = obfuscate(data, oldKey);
      const digest = createHash('sha256').update(font).digest('hex').toUpperCase();
      const key = `{${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}}`;
      entries[path] = obfuscate(font, key);
      return `r:id="${id}" w:fontKey="${key}"`;
    }),
  );
}
