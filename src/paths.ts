import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder: src/ (or dist/ once compiled) sits directly in it. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const templatesRoot = join(projectRoot, 'templates');
