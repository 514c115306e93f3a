import { z } from 'zod';
import { profileSchema, submissionSchema } from '../model/schema.js';

/** The content files an editor can check with a JSON Schema: their names and schemas. */
export const contentFiles = {
  submission: { schema: submissionSchema, title: 'Dossier submission.yaml', description: 'What an organisation submits: its kind, languages, title and text.' },
  profile: { schema: profileSchema, title: 'Dossier profile.yaml', description: "An organisation's profile: names, ECOSOC status, membership, introduction." },
} as const;
export type ContentFile = keyof typeof contentFiles;

/**
 * The JSON Schema (draft 2020-12) of a content file, made from the zod schema the
 * loader checks with (zod's own converter), so an editor allows what Dossier allows.
 * It describes what is written (`io: 'input'`): fields with defaults are optional and
 * localized text is text or a map of languages, before the model transforms them.
 */
export function contentJsonSchema(file: ContentFile): Record<string, unknown> {
  const { schema, title, description } = contentFiles[file];
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, title, description, ...(notBlank(rest) as Record<string, unknown>) };
}

/**
 * The model trims text before it asks for at least one character, so text of spaces
 * only is empty; JSON Schema has no trim, so such strings also need a character that
 * is not white space. (Every string with minLength 1 in the model is trimmed.)
 */
function notBlank(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(notBlank);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, notBlank(value)]));
  return copy.type === 'string' && copy.minLength === 1 && copy.pattern === undefined ? { ...copy, pattern: '\\S' } : copy;
}

/** As `dossier schema` prints it and schemas/<file>.schema.json holds it. */
export const jsonSchemaText = (file: ContentFile) => `${JSON.stringify(contentJsonSchema(file), null, 2)}\n`;
