import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';
import { userFaceSchema } from '../fonts/manifest.js';
import { templatesRoot } from '../paths.js';

/** Layout values shared by both renderers; see templates/themes/un.yaml for units. */
const spacing = { spaceBefore: z.number().nonnegative().default(0), spaceAfter: z.number().nonnegative().default(0) };

export const themeSchema = z.strictObject({
  page: z.strictObject({
    size: z.enum(['A4', 'LETTER']),
    margins: z.strictObject({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() }),
  }),
  /** Font chain (fonts/manifest.yaml or `chains` below) for each role. */
  fonts: z.strictObject({ body: z.string(), heading: z.string(), title: z.string(), emphasis: z.string() }),
  /** Faces of the user's own, by path (relative to the theme file): TTF, OTF, or a TTC face by index. */
  faces: z.record(z.string(), userFaceSchema).default({}),
  /** Chains added or replaced: face ids in priority order. */
  chains: z.record(z.string(), z.array(z.string()).min(1)).default({}),
  text: z.strictObject({
    size: z.number().positive(),
    lineHeight: z.number().positive(),
    /** Gap between Chinese and Latin letters or digits, in em (Word's autospace is about 0.25). */
    autospace: z.number().min(0).max(1).default(0.25),
  }),
  paragraph: z.strictObject({ firstLineIndent: z.number().nonnegative(), ...spacing }),
  title: z.strictObject({ size: z.number().positive(), ...spacing }),
  heading: z.strictObject({ size: z.number().positive(), ...spacing }),
  field: z.strictObject({ ...spacing }),
  numbering: z.strictObject({ format: z.string().includes('%1') }),
  /** Lines of a paragraph kept together at the foot of a page (orphans) and at its head (widows). */
  pagination: z.strictObject({ orphans: z.number().int().min(1).max(5).default(2), widows: z.number().int().min(1).max(5).default(2) }).default({ orphans: 2, widows: 2 }),
  header: z.strictObject({ show: z.boolean(), size: z.number().positive() }),
  footer: z.strictObject({
    size: z.number().positive(),
    /** The page label's wording comes from the templates; `dashes` sets it as "— 1 —" (GB/T 9704). */
    style: z.enum(['label', 'dashes']).default('label'),
  }),
});

export type Theme = z.infer<typeof themeSchema>;

export const mmToPt = (mm: number) => (mm * 72) / 25.4;

/** Page sizes in points, width by height (pdfmake's own figures). */
export const pageSizes = { A4: [595.28, 841.89], LETTER: [612, 792] } as const satisfies Record<Theme['page']['size'], readonly [number, number]>;

/** The page label as printed: the template's wording, or the theme's own style. */
export function pageLabel(theme: Theme, wording: string): string {
  return theme.footer.style === 'dashes' ? '— {page} —' : wording;
}

const builtIn = (name: string) => join(templatesRoot, 'themes', `${name}.yaml`);

/**
 * Loads a theme by built-in name (`un`, `gbt9704`) or by path to a YAML file. A theme
 * may say `extends: <name or path>` and give only the values it changes.
 */
export async function loadTheme(nameOrPath = 'un'): Promise<Theme> {
  const raw = await readTheme(nameOrPath, []);
  const result = themeSchema.safeParse(raw);
  if (!result.success) {
    throw new DiagnosticError(
      result.error.issues.map((i) =>
        error('theme/schema', i.message, { file: displayPath(themePath(nameOrPath)), field: i.path.join('.') }),
      ),
    );
  }
  return result.data;
}

function themePath(nameOrPath: string, from = process.cwd()): string {
  return /[/\\]|\.ya?ml$/.test(nameOrPath) ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(from, nameOrPath)) : builtIn(nameOrPath);
}

async function readTheme(nameOrPath: string, chain: string[], from?: string): Promise<Record<string, unknown>> {
  const path = themePath(nameOrPath, from);
  if (chain.includes(path)) {
    throw new DiagnosticError([error('theme/cycle', `themes extend each other in a circle: ${[...chain, path].map(displayPath).join(' -> ')}`)]);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    const known = ['un', 'gbt9704'].join(', ');
    throw new DiagnosticError([
      error('theme/unknown', `unknown theme "${nameOrPath}"`, { field: 'theme', suggestion: `built-in themes: ${known}; or give a path to a .yaml file` }),
    ]);
  }
  const own = (parse(text) ?? {}) as Record<string, unknown>;
  resolveFacePaths(own, join(path, '..'));
  const { extends: base, ...values } = own;
  if (base === undefined) return values;
  const inherited = await readTheme(String(base), [...chain, path], join(path, '..'));
  return merge(inherited, values);
}

/** Font paths in a theme are relative to the theme file; merged themes need them absolute. */
function resolveFacePaths(theme: Record<string, unknown>, dir: string): void {
  const faces = theme.faces;
  if (!faces || typeof faces !== 'object') return;
  for (const face of Object.values(faces as Record<string, Record<string, unknown>>)) {
    if (!face || typeof face !== 'object') continue;
    for (const key of ['path', 'bold']) if (typeof face[key] === 'string') face[key] = resolve(dir, face[key] as string);
  }
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const inherited = out[key];
    const bothObjects = [value, inherited].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    out[key] = bothObjects ? merge(inherited as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}
