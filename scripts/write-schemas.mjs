// Writes schemas/<file>.schema.json, the JSON Schemas of the content files that
// `dossier init` points editors at, from the bundled library (run scripts/bundle.mjs
// first; `npm run schemas` does both). tests/schema.test.ts fails when they differ
// from what `dossier schema` prints, so they never go stale.
import { mkdir, writeFile } from 'node:fs/promises';
import { jsonSchemaText } from '../dist/index.js';

await mkdir('schemas', { recursive: true });
for (const file of ['profile', 'submission']) {
  await writeFile(`schemas/${file}.schema.json`, jsonSchemaText(file));
  console.log(`wrote schemas/${file}.schema.json`);
}
