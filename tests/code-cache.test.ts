import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dossier, exampleDir, root, tempDir } from './helpers.js';

/** The code cache entries a run left, by name, with their sizes and times. */
function entries(cache: string): Map<string, { size: number; mtimeMs: number }> {
  const folder = join(cache, 'code', `${process.version}-${process.arch}`);
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    // none
  }
  return new Map(names.map((name) => [name, statSync(join(folder, name))]));
}

const cliCode = (cache: string) => [...entries(cache)].filter(([, s]) => s.size > 500_000);

describe("the CLI's code cache", () => {
  it('is made by the first run and taken by the next, which writes nothing; a damaged one is made again', () => {
    const cache = tempDir();
    const out = tempDir();
    const run = () => dossier(['build', exampleDir, '--out', out, '-q', '--cache-dir', cache]);
    expect(run().code).toBe(0);
    const first = cliCode(cache);
    // The CLI's own script (~1.8 MB of code data), beside the packages' modules.
    expect(first).toHaveLength(1);
    const [name, made] = first[0]!;
    expect(run().code).toBe(0);
    // Taken as it is: an entry V8 refused (other flags, other source) would be written again.
    expect(entries(cache).get(name)?.mtimeMs).toBe(made.mtimeMs);
    const pdf = readFileSync(join(out, 'submission.pdf'));

    const path = join(cache, 'code', `${process.version}-${process.arch}`, name);
    const data = readFileSync(path);
    writeFileSync(path, data.subarray(0, data.length >> 1)); // cut short: V8 refuses it
    expect(run().code).toBe(0);
    expect(readFileSync(join(out, 'submission.pdf')).equals(pdf)).toBe(true);
    // Written again whole (what it holds depends on the functions that run compiled).
    expect(statSync(path).size).toBeGreaterThan(data.length * 0.9);
  });

  it('is neither read nor written with --no-cache', () => {
    const cache = tempDir();
    expect(dossier(['check', exampleDir, '--no-cache', '--cache-dir', cache], root).code).toBe(0);
    expect(entries(cache).size).toBe(0);
  });

  it('stays under 64 MB: the least recently written entries go once a run writes one', () => {
    const cache = tempDir();
    const folder = join(cache, 'code', `${process.version}-${process.arch}`);
    mkdirSync(folder, { recursive: true });
    // 80 stale entries of 1 MB, as 80 earlier bundles of the CLI would leave.
    for (let i = 0; i < 80; i++) {
      const path = join(folder, `stale-${String(i).padStart(2, '0')}`);
      writeFileSync(path, Buffer.alloc(1024 * 1024));
      utimesSync(path, 1_000_000 + i, 1_000_000 + i);
    }
    expect(dossier(['check', exampleDir, '--cache-dir', cache], root).code).toBe(0);
    const left = entries(cache);
    const total = [...left.values()].reduce((sum, s) => sum + s.size, 0);
    expect(total).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(cliCode(cache).filter(([name]) => !name.startsWith('stale-'))).toHaveLength(1); // this run's, kept
    expect(left.has('stale-00')).toBe(false); // the oldest went first
    expect(left.has('stale-79')).toBe(true);
  });
});
