import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A long report in the same content model as the example: its profile, and a body
 * of `paragraphs` numbered paragraphs (the example's own, over and over, with a
 * heading every `headingEvery`), so cost can be measured as documents grow, and
 * pagination tried where headings fall anywhere on a page.
 */
export function generateReport(exampleDir: string, dir: string, paragraphs: number, headingEvery = 12): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(exampleDir, 'profile.yaml'), join(dir, 'profile.yaml'));
  const example = parse(readFileSync(join(exampleDir, 'submission.yaml'), 'utf8')) as {
    body: ({ paragraph: string } | { heading: string })[];
    footnotes?: Record<string, string>;
  } & Record<string, unknown>;
  const texts = example.body.flatMap((entry) => ('paragraph' in entry ? [entry.paragraph] : []));
  const body: unknown[] = [];
  for (let i = 0; i < paragraphs; i++) {
    if (i % headingEvery === 0) body.push({ heading: `第${i / headingEvery + 1}部分` });
    body.push({ paragraph: texts[i % texts.length] });
  }
  // A report of the organisation's own: no UN page or word limit applies.
  writeFileSync(join(dir, 'submission.yaml'), stringify({ ...example, kind: 'report', body }, { lineWidth: 0 }));
}
