import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { exampleDir, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * Visual regression: the example's pages, rendered by poppler at 50 dpi in grey, are
 * compared with reference images in tests/visual/. A layout change shows up here
 * and its new references show up in review. Refresh them with `npm run visual:update`.
 */
const update = process.env.UPDATE_VISUAL === '1';

interface Gray {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Binary PGM (P5), which pdftoppm writes with -gray and no -png. */
function readPgm(bytes: Buffer): Gray {
  const header = bytes.subarray(0, 64).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(header);
  if (!m) throw new Error('not a binary PGM');
  return { width: Number(m[1]), height: Number(m[2]), pixels: bytes.subarray(m[0].length) };
}

function renderPages(pdf: string): Buffer[] {
  const prefix = join(tempDir(), 'page');
  execFileSync('pdftoppm', ['-gray', '-r', '50', pdf, prefix]);
  const pages: Buffer[] = [];
  for (let n = 1; existsSync(`${prefix}-${n}.pgm`); n++) pages.push(readFileSync(`${prefix}-${n}.pgm`));
  return pages;
}

/** Share of pixels that differ by more than a quarter of the grey range. */
function difference(a: Gray, b: Gray): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.pixels.length; i++) if (Math.abs(a.pixels[i]! - b.pixels[i]!) > 64) differing++;
  return differing / a.pixels.length;
}

describe.each(['un', 'gbt9704'])('the example in the %s theme', (theme) => {
  needs('pdftoppm');
  it('looks as the reference pages do', async () => {
    const out = tempDir();
    await build({ contentDir: exampleDir, outDir: out, formats: ['pdf'], theme });
    const pages = renderPages(join(out, 'submission.pdf'));
    expect(pages.length).toBeGreaterThan(0);
    pages.forEach((page, i) => {
      const reference = join(root, 'tests', 'visual', `${theme}-${i + 1}.pgm.gz`);
      if (update) writeFileSync(reference, gzipSync(page, { level: 9 }));
      expect(existsSync(reference), `${reference} (run npm run visual:update)`).toBe(true);
      const diff = difference(readPgm(page), readPgm(gunzipSync(readFileSync(reference))));
      expect(diff, `page ${i + 1} differs from its reference in ${(diff * 100).toFixed(2)}% of pixels`).toBeLessThan(0.002);
    });
    const references = Array.from({ length: 10 }, (_, i) => join(root, 'tests', 'visual', `${theme}-${i + 1}.pgm.gz`)).filter(existsSync);
    expect(references.length, 'number of reference pages').toBe(pages.length);
  });
});
