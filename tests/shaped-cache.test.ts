import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfExample, dossier, exampleDir, pdfText, squash, tempDir } from './helpers.js';
import { startWatch } from './support/watching.js';
import { needs } from './support/requirements.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** The cache's shaped-text entries: JSON arrays of [key, glyph ids, code points, advances, x offsets, y offsets]. */
function shapedEntries(cache: string): { path: string; entries: [string, number[], number[][], number[], number[], number[]][] }[] {
  const folder = join(cache, 'subsets');
  return readdirSync(folder).flatMap((name) => {
    const data = readFileSync(join(folder, name)).subarray(32);
    try {
      const entries = JSON.parse(data.toString('utf8')) as unknown;
      return Array.isArray(entries) && Array.isArray(entries[0]) && typeof entries[0][0] === 'string' ? [{ path: join(folder, name), entries: entries as never }] : [];
    } catch {
      return [];
    }
  });
}

describe('shaped texts kept in the cache folder', () => {
  needs('pdftotext');

  it('are what a build with the cache draws: a kept advance, changed, moves the text', () => {
    const cache = tempDir();
    const build = () => {
      const out = tempDir();
      expect(dossier(['build', exampleDir, '--out', out, '-q', '--format', 'pdf', '--cache-dir', cache]).code).toBe(0);
      return join(out, 'submission.pdf');
    };
    const first = readFileSync(build());
    const kept = shapedEntries(cache);
    // The body's paragraphs, shaped whole, are there.
    expect(kept.some(({ entries }) => entries.some(([key]) => key.includes('中国民间组织国际交流促进会')))).toBe(true);
    expect(readFileSync(build()).equals(first)).toBe(true);

    // Every advance of the body face's texts doubled: a build that reads them sets wider lines.
    for (const { path, entries } of kept) {
      for (const entry of entries) entry[3] = entry[3].map((advance) => advance * 2);
      const bytes = Buffer.from(JSON.stringify(entries), 'utf8');
      writeFileSync(path, Buffer.concat([sha256(bytes), bytes]));
    }
    const widened = build();
    expect(readFileSync(widened).equals(first)).toBe(false);
    expect(pdfText(widened).length).toBeGreaterThan(0);
  });

  it('an entry that is not what this version keeps is shaped anew, to the same bytes', () => {
    const cache = tempDir();
    const out = tempDir();
    const run = () => dossier(['build', exampleDir, '--out', out, '-q', '--format', 'pdf', '--cache-dir', cache]).code;
    expect(run()).toBe(0);
    const first = readFileSync(join(out, 'submission.pdf'));
    for (const { path } of shapedEntries(cache)) {
      const bytes = Buffer.from('{"not": "a list of runs"', 'utf8');
      writeFileSync(path, Buffer.concat([sha256(bytes), bytes]));
    }
    expect(run()).toBe(0);
    expect(readFileSync(join(out, 'submission.pdf')).equals(first)).toBe(true);
    expect(shapedEntries(cache).length).toBeGreaterThan(0); // written anew
  });

  it('drawn before they are laid out (a watch whose first build took its shapes from the cache), glyphs still read as their text', async () => {
    const cache = tempDir();
    // The first watch shapes and keeps; the second draws from the kept shapes, then shapes an edit anew.
    for (const units of [64, 65]) {
      const content = copyOfExample();
      const out = tempDir();
      const watch = startWatch(content, out, { env: { ...process.env, DOSSIER_CACHE_DIR: cache } });
      try {
        await watch.next(/^watching \d+ files and folders/);
        const profile = join(content, 'profile.yaml');
        writeFileSync(profile, readFileSync(profile, 'utf8').replace(/memberUnits: \d+/, `memberUnits: ${units}`));
        expect(await watch.next(/profile\.yaml changed: /)).toMatch(/rebuilt in \d+ ms, wrote /);
        // Each glyph's ToUnicode entry its own characters: a glyph of no characters shifted every one after it.
        expect(squash(pdfText(join(out, 'submission.pdf')))).toContain(`现有${units}家理事单位`);
      } finally {
        expect(await watch.stop()).toBe(0);
      }
    }
  }, 30_000);
});
