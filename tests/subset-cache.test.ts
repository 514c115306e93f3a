import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trimCache } from '../src/fonts/subset-cache.js';
import { cli, dossier, exampleDir, root, tempDir } from './helpers.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const outputs = (dir: string) => ['submission.pdf', 'submission.docx'].map((f) => sha256(readFileSync(join(dir, f))));
const entries = (cache: string) => readdirSync(join(cache, 'subsets')).filter((f) => !f.endsWith('.tmp')).sort();
/** An entry is the sha256 of the subset, then the subset. */
const intact = (path: string) => {
  const data = readFileSync(path);
  return sha256(data.subarray(32)) === data.subarray(0, 32).toString('hex');
};

function build(out: string, ...flags: string[]) {
  const result = dossier(['build', exampleDir, '--out', out, '-q', ...flags]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return outputs(out);
}

describe('the font subset cache', () => {
  it('gives the same bytes on a miss, a hit and with --no-cache', () => {
    const cache = join(tempDir(), 'cache');
    const missed = build(tempDir(), '--cache-dir', cache);
    const kept = entries(cache);
    expect(kept.length).toBeGreaterThanOrEqual(3); // regular, bold, the heading face
    for (const name of kept) expect(intact(join(cache, 'subsets', name))).toBe(true);
    const hit = build(tempDir(), '--cache-dir', cache);
    expect(entries(cache)).toEqual(kept);
    expect(hit).toEqual(missed);
    expect(build(tempDir(), '--no-cache', '--cache-dir', cache)).toEqual(missed);
  });

  it('serves two builds racing on one empty folder, both succeeding with the same bytes', async () => {
    const cache = join(tempDir(), 'cache');
    const outs = [tempDir(), tempDir()];
    const run = (out: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [cli, 'build', exampleDir, '--out', out, '-q', '--cache-dir', cache], { cwd: root, stdio: 'ignore' });
        child.on('exit', resolve);
      });
    expect(await Promise.all(outs.map(run))).toEqual([0, 0]);
    expect(outputs(outs[0]!)).toEqual(outputs(outs[1]!));
    for (const name of entries(cache)) expect(intact(join(cache, 'subsets', name))).toBe(true);
  });

  it('finds a corrupted entry, makes the subset again and keeps it intact', () => {
    const cache = join(tempDir(), 'cache');
    const first = build(tempDir(), '--cache-dir', cache);
    for (const name of entries(cache)) {
      const path = join(cache, 'subsets', name);
      const data = readFileSync(path);
      data[data.length >> 1]! ^= 0xff; // one byte in the middle of the font
      writeFileSync(path, data);
      expect(intact(path)).toBe(false);
    }
    expect(build(tempDir(), '--cache-dir', cache)).toEqual(first);
    const kept = entries(cache);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    for (const name of kept) expect(intact(join(cache, 'subsets', name))).toBe(true);
  });

  it('removes the least recently used subsets when they take more than the cap', () => {
    const cache = tempDir();
    const dir = join(cache, 'subsets');
    const names = ['a', 'b', 'c', 'd'];
    mkdirSync(dir, { recursive: true });
    for (const [i, name] of names.entries()) {
      writeFileSync(join(dir, name), Buffer.alloc(1000));
      utimesSync(join(dir, name), 1_000_000 + i, 1_000_000 + i); // a is the least recently used
    }
    trimCache(cache, 4000);
    expect(readdirSync(dir).sort()).toEqual(names);
    trimCache(cache, 3000);
    // Down to three quarters of the cap: the two oldest go.
    expect(readdirSync(dir).sort()).toEqual(['c', 'd']);
    expect(statSync(join(dir, 'd')).size).toBe(1000);
  });
});
