import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../model/source.js';
import type { MissingCharacter } from './plan.js';

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * One problem per place a character no configured font can draw stands in the
 * content: `profile.yaml:14:22 U+2A6A5 '𪚥' is in no configured font`. A character
 * that is not in the content came from the templates or the theme's wording.
 */
export function missingGlyphDiagnostics(
  missing: MissingCharacter[],
  sources: SourceFile[],
  chains: (role: string) => string,
  severity: Severity = 'error',
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { char, roles } of missing) {
    const message = `${codePoint(char)} '${char}' is in no configured font (${roles.map((r) => `${r}: ${chains(r)}`).join(', ')})`;
    const suggestion = 'add a face that has it to the chain in your theme (faces:, chains:), or pass --allow-missing-glyphs';
    let found = false;
    for (const source of sources) {
      for (let at = source.text.indexOf(char); at >= 0; at = source.text.indexOf(char, at + char.length)) {
        found = true;
        diagnostics.push({ severity, rule: 'fonts/missing-glyph', message, file: source.path, ...source.position(at), suggestion });
      }
    }
    if (!found) diagnostics.push({ severity, rule: 'fonts/missing-glyph', message: `${message}, in the templates or theme`, suggestion });
  }
  return diagnostics;
}
