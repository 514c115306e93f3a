import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * V8's code cache for the CommonJS modules a build loads (pdfmake, pdfkit, fontkit
 * and theirs: ~1.2 MB of JavaScript, parsed and compiled by every cold build). Node 20
 * keeps no such cache itself (module.enableCompileCache came in Node 22), so
 * Module#_compile is wrapped, as the v8-compile-cache package does: a module is
 * compiled with the cached data when there is some, and at exit the data of modules
 * that had none is written, made after the build ran, so it holds the functions the
 * build compiled on the way too. V8 refuses data from another source text, V8 version
 * or set of flags, and the module is then compiled as usual. Kept in the cache folder
 * (`code/`, per Node version), each file written under a name of its own and renamed.
 */
type Compile = (this: Module, content: string, filename: string) => unknown;
interface Internals {
  prototype: { _compile: Compile };
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
  _cache: Record<string, Module>;
  wrap(content: string): string;
}

let installed = false;

export function useCodeCache(cacheDir: string | undefined): void {
  if (installed || cacheDir === undefined) return;
  installed = true;
  const internals = Module as unknown as Internals;
  const folder = join(cacheDir, 'code', `${process.version}-${process.arch}`);
  const made: { script: Script; path: string }[] = [];
  const original = internals.prototype._compile;

  internals.prototype._compile = function (this: Module, content: string, filename: string) {
    // Only packages' modules: they do not change between builds (a changed one has another hash).
    if (!filename.includes('node_modules')) return original.call(this, content, filename);
    const path = join(folder, createHash('sha256').update(filename).update('\0').update(content).digest('hex'));
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(path);
    } catch {
      // not cached yet
    }
    const script = new Script(internals.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) made.push({ script, path });
    const module = this;
    const require = Object.assign((id: string) => module.require(id), {
      resolve: (request: string, options?: unknown) => internals._resolveFilename(request, module, false, options),
      cache: internals._cache,
      main: process.mainModule,
    });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  };

  process.once('exit', () => {
    for (const { script, path } of made) {
      const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, path);
      } catch {
        try {
          rmSync(temporary, { force: true });
        } catch {
          // a cache that cannot be written is no cache
        }
      }
    }
  });
}
