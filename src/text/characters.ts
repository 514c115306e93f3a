/**
 * The one check of characters for every string that reaches an output: content,
 * themes, document templates, catalogues, kinds. A character it finds can be neither
 * typeset (it draws nothing, or a box) nor written to the DOCX (XML 1.0 forbids most
 * of them, even escaped), so each caller reports it where it stands, as an error.
 *
 * Refused: control characters other than tab, line feed and carriage return (C0, DEL,
 * C1), the noncharacters (U+FDD0–U+FDEF and the last two code points of every plane,
 * U+FFFE, U+FFFF, U+1FFFE…), and surrogates standing alone (a YAML "\uD800" escape).
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Noncharacter_Code_Point}\p{Cs}]/u;

export interface ForbiddenCharacter {
  /** The character (one code point). */
  char: string;
  /** Its offset in the text, in UTF-16 units. */
  index: number;
}

/** The first character of `text` no output may hold, or undefined. */
export function forbiddenCharacter(text: string): ForbiddenCharacter | undefined {
  const found = FORBIDDEN.exec(text);
  return found ? { char: found[0], index: found.index } : undefined;
}

/** Every such character of `text`, in order, up to `limit`. */
export function forbiddenCharacters(text: string, limit: number): ForbiddenCharacter[] {
  const found: ForbiddenCharacter[] = [];
  for (const m of text.matchAll(new RegExp(FORBIDDEN.source, 'gu'))) {
    found.push({ char: m[0], index: m.index });
    if (found.length >= limit) break;
  }
  return found;
}

/** The message for one: what it is, by code point, and what to do. */
export function describeForbidden(char: string): string {
  const code = char.codePointAt(0)!;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff) return `a lone surrogate ${name} (half of a character); delete it`;
  if ((code & 0xfffe) === 0xfffe || (code >= 0xfdd0 && code <= 0xfdef)) return `the noncharacter ${name}, which no document may hold; delete it`;
  return `invisible control character ${name}; delete it`;
}

/** What XML 1.0 allows (its production Char): anything else makes a part not well-formed. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * `xml` without the characters XML 1.0 forbids: the last line of defence of the XML
 * writers, for a string that slipped past the checks above (they report; this only
 * keeps the file readable).
 */
export const withoutNonXml = (xml: string): string => xml.replace(NOT_XML, '');
