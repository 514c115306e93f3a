import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { templatesRoot } from '../paths.js';

/** Layout values shared by both renderers; see templates/themes/un.yaml for units. */
const spacing = { spaceBefore: z.number().nonnegative().default(0), spaceAfter: z.number().nonnegative().default(0) };

export const themeSchema = z.strictObject({
  page: z.strictObject({
    size: z.enum(['A4', 'LETTER']),
    margins: z.strictObject({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() }),
  }),
  fonts: z.strictObject({ body: z.string(), heading: z.string(), title: z.string(), emphasis: z.string() }),
  text: z.strictObject({ size: z.number().positive(), lineHeight: z.number().positive() }),
  paragraph: z.strictObject({ firstLineIndent: z.number().nonnegative(), ...spacing }),
  title: z.strictObject({ size: z.number().positive(), ...spacing }),
  heading: z.strictObject({ size: z.number().positive(), ...spacing }),
  field: z.strictObject({ ...spacing }),
  numbering: z.strictObject({ format: z.string().includes('%1') }),
  footer: z.strictObject({ size: z.number().positive(), text: z.string() }),
});

export type Theme = z.infer<typeof themeSchema>;

export const mmToPt = (mm: number) => (mm * 72) / 25.4;

export async function loadTheme(name = 'un'): Promise<Theme> {
  const path = join(templatesRoot, 'themes', `${name}.yaml`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new DiagnosticError([error('theme/unknown', `unknown theme "${name}"`, { field: 'theme' })]);
  }
  const result = themeSchema.safeParse(parse(text));
  if (!result.success) {
    throw new DiagnosticError(
      result.error.issues.map((i) => error('theme/schema', i.message, { file: path, field: i.path.join('.') })),
    );
  }
  return result.data;
}
