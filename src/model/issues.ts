import type { z } from 'zod';

/**
 * zod's issues in words an NGO's staff can act on: what is wrong with which field,
 * "did you mean …" for a mistyped key, and for a list entry that can take several
 * shapes (a paragraph, a heading…) the problems of the shape that was meant.
 */
export interface Problem {
  rule: string;
  message: string;
  path: PropertyKey[];
  /** Set when the problem is an object key itself (unknown key): point at the key. */
  key?: string;
  suggestion?: string;
}

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  innerType?: Schema;
  options?: Schema[];
  valueType?: Schema;
  /** A pipe's input (localized text: a union, then a transform). */
  in?: Schema;
  /** A lazy schema's (a list, which holds lists). */
  getter?: () => Schema;
}
const defOf = (schema: Schema) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema that validates the value at `path`, through arrays, optionals and unions. */
function schemasAt(schema: Schema, path: PropertyKey[]): Schema[] {
  let current = [schema];
  for (const key of path) {
    current = current.flatMap((s) => {
      const def = defOf(unwrap(s));
      if (def.type === 'object' && typeof key === 'string') return def.shape?.[key] ? [def.shape[key]] : [];
      if (def.type === 'array') return def.element ? [def.element] : [];
      if (def.type === 'record') return def.valueType ? [def.valueType] : [];
      if (def.type === 'union') return (def.options ?? []).flatMap((o) => schemasAt(o, [key]));
      return [];
    });
  }
  return current;
}

function unwrap(schema: Schema): Schema {
  let s = schema;
  for (let def = defOf(s); ; def = defOf(s)) {
    if (['optional', 'default', 'nullable', 'prefault'].includes(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else if (def.type === 'lazy' && def.getter) s = def.getter();
    else return s;
  }
}

/** The keys an object at `path` may have (all shapes of a union together). */
export function keysAt(schema: Schema, path: PropertyKey[]): string[] {
  const keys = new Set<string>();
  const collect = (s: Schema) => {
    const def = defOf(unwrap(s));
    if (def.type === 'object') Object.keys(def.shape ?? {}).forEach((k) => keys.add(k));
    if (def.type === 'union') (def.options ?? []).forEach(collect);
  };
  schemasAt(schema, path).forEach(collect);
  return [...keys];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function didYouMean(word: string, candidates: string[]): string | undefined {
  const scored = candidates.map((c) => [c, distance(word, c)] as const).sort((x, y) => x[1] - y[1]);
  const best = scored[0];
  return best && best[1] <= Math.max(2, Math.floor(word.length / 3)) ? best[0] : undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return /^\d+$/.test(value.trim()) ? `the text "${value}" (remove the quotes for a number)` : `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'a group of fields';
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

const kinds: Record<string, string> = {
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
};

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function problemsOf(issues: Issue[], data: unknown, schema: Schema, base: PropertyKey[] = []): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = [...base, ...issue.path];
    const value = valueAt(data, path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => {
          const guess = didYouMean(key, keysAt(schema, path));
          return {
            rule: 'schema/unknown-key',
            message: `unknown field "${key}"`,
            path,
            key,
            suggestion: guess ? `did you mean "${guess}"?` : `fields here: ${keysAt(schema, path).join(', ')}`,
          };
        });
      case 'invalid_type':
        if (value === undefined) return [{ rule: 'schema/required', message: `missing required field "${String(path.at(-1))}"`, path }];
        return [{ rule: 'schema/type', message: `must be ${kinds[issue.expected] ?? issue.expected}, but is ${describe(value)}`, path }];
      case 'invalid_value':
        return [{ rule: 'schema/value', message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, but is ${describe(value)}`, path }];
      case 'invalid_union': {
        if (value === undefined) return [{ rule: 'schema/required', message: `missing required field "${String(path.at(-1))}"`, path }];
        // Text that may be given per language: one string, or a string for each language.
        const options = (defOf(unwrap(schemasAt(schema, path)[0] ?? schema)).options ?? []).map((o) => defOf(unwrap(o)).type);
        if (options.includes('string') && options.includes('record') && (typeof value !== 'object' || value === null || Array.isArray(value))) {
          return [{ rule: 'schema/type', message: `must be text, or text for each language ({ en: …, fr: … }), but is ${describe(value)}`, path }];
        }
        // The shape that was meant is the one with the fewest problems; where two tie,
        // the entry names none of them well enough: say which fields it may start with.
        const ranked = issue.errors.map((errors) => problemsOf(errors, data, schema, path)).sort((a, b) => a.length - b.length);
        const [best, next] = ranked;
        if (best && (!next || best.length < next.length)) return best;
        if (options.includes('string') && options.includes('record')) return ranked.at(-1) ?? [];
        const leading = issue.errors
          .map((errors, i) => Object.keys(defOf(unwrap((defOf(unwrap(schemasAt(schema, path)[0]!)).options ?? [])[i]!)).shape ?? {})[0])
          .filter(Boolean);
        const unknown = ranked.flat().filter((p) => p.rule === 'schema/unknown-key');
        const seen = new Set<string>();
        return [
          ...unknown.filter((p) => !seen.has(p.key!) && seen.add(p.key!)),
          { rule: 'schema/shape', message: `each entry needs one of the fields ${leading.map((k) => `"${k}"`).join(', ')}`, path },
        ];
      }
      case 'too_small':
        if (typeof value === 'string' || value === undefined) return [{ rule: 'schema/empty', message: 'must not be empty', path }];
        return [{ rule: 'schema/too-small', message: issue.message.replace(/^Too small: /, ''), path }];
      default:
        return [{ rule: `schema/${issue.code}`, message: issue.message, path }];
    }
  });
}
