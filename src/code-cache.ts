import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { trimCache, writeAtomically } from './fonts/subset-cache.js';

/**
 * V8's code cache for the code a build runs: Dossier's own CLI bundle (dist/cli.cjs,
 * 2 MB, compiled by every start: ~50 ms of a cached build, measured) and the CommonJS
 * modules it loads (pdfmake, pdfkit, fontkit and theirs: ~1.2 MB). Node 20 keeps no
 * such cache itself (module.enableCompileCache came in Node 22), so scripts are
 * compiled as the v8-compile-cache package does: with the cached data when there is
 * some, and at exit the data of those that had none is written, made after the build
 * ran, so it holds the functions the build compiled on the way too. V8 refuses data
 * from another source length, V8 version or set of flags (the CLI sets its flags before
 * anything is compiled: see cli/launch.ts), and the script is then compiled as usual;
 * the key names the source itself. Kept in the cache folder (`code/`, per Node
 * version), each file written atomically (fonts/subset-cache.ts).
 */
const made: { script: Script; path: string }[] = [];
let writing = false;
/**
 * The most the code cache may take: each bundle of the CLI (every `npm install` or
 * rebuild) is a new entry of ~1.5 MB; the least recently written go first.
 */
const maxCodeBytes = 64 * 1024 * 1024;

const codeFolder = join('code', `${process.version}-${process.arch}`);

/** `source` compiled as `filename`, with V8's data for `key` from `cacheDir` when it has it. */
export function cachedScript(source: string, filename: string, key: string, cacheDir: string): Script {
  const path = join(cacheDir, codeFolder, createHash('sha256').update(key).digest('hex'));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(path);
  } catch {
    // not cached yet
  }
  const script = new Script(source, { filename, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) {
    made.push({ script, path });
    if (!writing) {
      writing = true;
      process.once('exit', () => {
        writeMade();
        trimCache(cacheDir, maxCodeBytes, codeFolder);
      });
    }
  }
  return script;
}

function writeMade(): void {
  for (const { script, path } of made) writeAtomically(path, script.createCachedData());
}

type Compile = (this: Module, content: string, filename: string) => unknown;
interface Internals {
  prototype: { _compile: Compile };
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
  _cache: Record<string, Module>;
  wrap(content: string): string;
}

let installed = false;

/** Compiles the packages' CommonJS modules through the cache (Module#_compile wrapped). */
export function useCodeCache(cacheDir: string | undefined): void {
  if (installed || cacheDir === undefined) return;
  installed = true;
  const internals = Module as unknown as Internals;
  const original = internals.prototype._compile;

  internals.prototype._compile = function (this: Module, content: string, filename: string) {
    // Only packages' modules: they do not change between builds (a changed one has another hash).
    if (!filename.includes('node_modules')) return original.call(this, content, filename);
    const script = cachedScript(internals.wrap(content), filename, `${filename}\0${content}`, cacheDir);
    const module = this;
    const require = Object.assign((id: string) => module.require(id), {
      resolve: (request: string, options?: unknown) => internals._resolveFilename(request, module, false, options),
      cache: internals._cache,
      main: process.mainModule,
    });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  };
}
