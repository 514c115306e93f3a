import { SaxesParser } from 'saxes';
import { escapeXml } from '../xml.js';
import type { IdRecord } from './ids.js';

/**
 * The DOCX's map from each bookmark name to the full source of its paragraph: a
 * custom XML part (customXml/item1.xml), which Word keeps and LibreOffice 7.4 keeps
 * through open-and-save. The names alone are hashes; this part says what they stand
 * for, so an import can name a paragraph whose field the content no longer has.
 */

export const idsNamespace = 'urn:dossier:ids';
export const idsPartPath = 'customXml/item1.xml';

const attributes = ['name', 'key', 'kind', 'file', 'line', 'column', 'field', 'lang', 'entry', 'template'] as const;

/** The part's XML: one `<p>` for each id, in document order. */
export function idsPartXml(records: readonly IdRecord[]): string {
  const items = records.map((record) => {
    const attrs = attributes
      .filter((name) => record[name] !== undefined)
      .map((name) => ` ${name}="${escapeXml(String(record[name]))}"`)
      .join('');
    return `<p${attrs}/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><dossier xmlns="${idsNamespace}" version="1">${items.join('')}</dossier>`;
}

/** The records of a part written by idsPartXml; undefined where the XML is not such a part. */
export function readIdsPart(xml: string): IdRecord[] | undefined {
  const records: IdRecord[] = [];
  let ours = false;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    if (tag.local === 'dossier' && tag.uri === idsNamespace) ours = true;
    if (!ours || tag.local !== 'p') return;
    const value = (name: string) => tag.attributes[name]?.value;
    const name = value('name');
    const key = value('key');
    if (!name || !key) return;
    records.push({
      name,
      key,
      kind: value('kind') ?? '',
      file: value('file') ?? '',
      line: Number(value('line') ?? 0),
      column: Number(value('column') ?? 0),
      field: value('field') ?? '',
      lang: value('lang') ?? '',
      ...(value('entry') ? { entry: value('entry')! } : {}),
      ...(value('template') === 'true' ? { template: true } : {}),
    });
  });
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  return ours ? records : undefined;
}

/** Adds the part to a package's parts: the part, its properties, its relationships, its content type. */
export function addIdsPart(parts: Map<string, string | Uint8Array>, records: readonly IdRecord[], edit: (path: string, change: (xml: string) => string) => void): void {
  parts.set(idsPartPath, idsPartXml(records));
  // A fixed item id: the part is the same in every build, as the outputs must be.
  parts.set(
    'customXml/itemProps1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ds:datastoreItem ds:itemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="${idsNamespace}"/></ds:schemaRefs></ds:datastoreItem>`,
  );
  parts.set(
    'customXml/_rels/item1.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>',
  );
  edit('word/_rels/document.xml.rels', (xml) =>
    xml.replace('</Relationships>', '<Relationship Id="rIdDossierIds" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/></Relationships>'),
  );
  edit('[Content_Types].xml', (xml) =>
    xml.replace('</Types>', '<Override ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml" PartName="/customXml/itemProps1.xml"/></Types>'),
  );
}
