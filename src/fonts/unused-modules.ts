import { createRequire, Module } from 'node:module';

/**
 * Modules pdfmake, pdfkit and fontkit load for what a Dossier document never has:
 * SVG images and QR codes, encryption, WOFF2 fonts. ~1 MB of JavaScript, most of it
 * brotli's dictionary, compiled by every PDF build (~25 ms). Each goes into Node's
 * module cache as a stand-in that loads the real module the first time it is used.
 * `esModule` is what the real module says its `__esModule` is, which the loaders'
 * interop asks before anything else (tests/pins.test.ts checks each against it).
 */
export const unusedModules = [
  { from: 'fontkit', request: 'brotli/decompress.js', esModule: false },
  { from: 'pdfkit', request: '@noble/ciphers/aes', esModule: true },
  { from: 'pdfkit', request: '@noble/hashes/sha2', esModule: true },
  { from: 'pdfkit', request: '@noble/hashes/utils', esModule: true },
  { from: 'pdfmake/js/Renderer.js', request: './3rd-party/svg-to-pdfkit', esModule: true },
  { from: 'pdfmake/js/Renderer.js', request: './qrEnc.js', esModule: true },
  { from: 'pdfmake/js/Renderer.js', request: 'xmldoc', esModule: false },
];

/** Where a module `from` (a package, or a file of one) would find `request`. */
export function resolveFrom(from: string, request: string): string {
  const require = createRequire(import.meta.url);
  // pdfkit is pdfmake's dependency, found from there.
  const base = from === 'pdfkit' ? createRequire(require.resolve('pdfmake')).resolve('pdfkit') : require.resolve(from);
  return createRequire(base).resolve(request);
}

let deferred = false;

/** Puts the stand-ins in place; before fontkit and pdfmake are first loaded. */
export function deferUnusedModules(): void {
  if (deferred) return;
  deferred = true;
  const require = createRequire(import.meta.url);
  for (const { from, request, esModule } of unusedModules) {
    const path = resolveFrom(from, request);
    if (require.cache[path]) continue;
    let real: object | undefined;
    const load = (): object => {
      if (!real) {
        delete require.cache[path];
        real = require(path) as object;
      }
      return real;
    };
    // A function, so a module that is one (brotli's decompress) can be called.
    const standIn = new Proxy(function standIn() {}, {
      get: (_, key) => (key === '__esModule' ? esModule || undefined : Reflect.get(load(), key)),
      has: (_, key) => Reflect.has(load(), key),
      apply: (_, self, args) => Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
      construct: (_, args) => Reflect.construct(load() as new (...a: unknown[]) => object, args),
    });
    const module = new Module(path);
    module.filename = path;
    module.loaded = true;
    module.exports = standIn;
    require.cache[path] = module;
  }
}
