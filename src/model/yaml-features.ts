import { isCollection, isScalar, visit, type CST, type Document } from 'yaml';
import { forEachToken } from './cst.js';

/** A problem at an offset of a YAML file, before it is given a line and column. */
export interface YamlProblem {
  offset: number;
  rule: string;
  message: string;
  suggestion?: string;
  /** The field it concerns, where there is one. */
  path?: PropertyKey[];
}

/** Tokens that give the text after them a YAML meaning, with the character that starts them. */
const marked = { alias: '*', anchor: '&', tag: '!', directive: '%' } as const;

/**
 * YAML features Dossier's files never need, each reported where it is written. Most
 * arrive by accident: Markdown's *emphasis*, or a "&" or "!" at the start of a value,
 * changes what YAML reads, and an alias without its anchor cannot be read at all.
 * Rejecting them also keeps alias expansion ("billion laughs") out of the way.
 */
export function unusedYamlFeatures(tokens: readonly CST.Token[], doc: Document.Parsed): YamlProblem[] {
  const problems: YamlProblem[] = [];
  forEachToken(tokens, (token) => {
    if (!(token.type in marked) || !('source' in token)) return;
    const what = token.type as keyof typeof marked;
    const shown = JSON.stringify(token.source.length > 40 ? `${token.source.slice(0, 40)}…` : token.source);
    problems.push({
      offset: token.offset,
      rule: `yaml/${what}`,
      message: `${shown} is read as a YAML ${what}${what === 'alias' ? ' (a reference to an anchor)' : ''}, which Dossier does not support`,
      suggestion: `${what === 'directive' ? 'a line' : 'a value'} starting with ${marked[what]} is read as a YAML ${what}: put the text in quotes`,
    });
  });
  const second = secondDocument(tokens);
  if (second !== undefined) {
    problems.push({
      offset: second,
      rule: 'yaml/documents',
      message: 'a second YAML document starts here; Dossier reads one document a file',
      suggestion: 'a line of --- or ... separates YAML documents: delete it, or put the text in quotes',
    });
  }
  visit(doc, {
    Pair(_, { key }) {
      if (isScalar(key) && key.type === 'PLAIN' && key.value === '<<' && key.range) {
        problems.push({
          offset: key.range[0],
          rule: 'yaml/merge-key',
          message: '"<<" is read as a YAML merge key, which Dossier does not support',
          suggestion: 'write the fields out in full',
        });
      } else if (isCollection(key) && key.range) {
        // JavaScript objects cannot have one as a key: yaml would print a warning and flatten it.
        problems.push({
          offset: key.range[0],
          rule: 'yaml/complex-key',
          message: 'a list or a map used as a key, which Dossier does not support',
          suggestion: 'a key is a name: put the text in quotes if it starts with [ or {',
        });
      }
    },
  });
  return problems;
}

/** Where the stream goes on after its first document: at a `...` ending it, or at the next document. */
function secondDocument(tokens: readonly CST.Token[]): number | undefined {
  const first = tokens.findIndex((t) => t.type === 'document');
  const next = tokens.findIndex((t, i) => i > first && t.type === 'document');
  if (first < 0 || next < 0) return undefined;
  const end = tokens.findIndex((t, i) => i > first && i < next && t.type === 'doc-end');
  return tokens[end >= 0 ? end : next]!.offset;
}
