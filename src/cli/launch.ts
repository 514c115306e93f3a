#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { readFileSync, statSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { cachedScript } from '../code-cache.js';
import { defaultCacheDir } from '../fonts/subset-cache.js';

/**
 * The `dossier` command: starts the CLI (cli/main.ts, bundled as one CommonJS script,
 * dist/cli.cjs) compiled with V8's code cache, which Node 20 gives CommonJS scripts
 * only: parsing and compiling 2 MB of JavaScript is ~50 ms of every start (measured
 * on the example: 0.45 s -> 0.40 s).
 */

// The font subsetter is WebAssembly (harfbuzz). V8 recompiles hot wasm with its
// optimising tier in the background and a short build then waits ~250 ms for that
// at exit; the baseline compiler alone is as fast for one document (measured). Set
// before the CLI is compiled: V8 takes cached code only under the flags it was made with.
setFlagsFromString('--liftoff-only');

/** The cache folder the command will use (its --cache-dir, none with --no-cache), read before it parses its options. */
function cacheDirOf(argv: readonly string[]): string | undefined {
  if (argv.includes('--no-cache')) return undefined;
  const at = argv.indexOf('--cache-dir');
  if (at >= 0 && argv[at + 1]) return resolve(argv[at + 1]!);
  const given = argv.find((a) => a.startsWith('--cache-dir='));
  return given ? resolve(given.slice('--cache-dir='.length)) : defaultCacheDir();
}

const cli = fileURLToPath(new URL('./cli.cjs', import.meta.url));
const source = Module.wrap(readFileSync(cli, 'utf8'));
const dir = cacheDirOf(process.argv);
// The file as it is: a rebuilt CLI is another key (and V8 checks the length too).
const stat = statSync(cli, { bigint: true });
const script = dir === undefined ? new Script(source, { filename: cli }) : cachedScript(source, cli, [cli, stat.ino, stat.size, stat.mtimeNs].join(':'), dir);
const module = new Module(cli);
module.filename = cli;
const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
run.call(module.exports, module.exports, createRequire(cli), module, cli, dirname(cli));
