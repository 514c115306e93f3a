// Bundles the CLI and the library (dist/index.js, the package's `exports`) into dist/ with esbuild. One file loads far faster than zod's,
// yaml's and handlebars' hundreds of modules (`dossier --help`: 0.47 s -> 0.27 s).
// The renderers stay in chunks of their own, loaded only when their format is built;
// pdfmake, docx, fontkit and harfbuzzjs stay in node_modules (they read data and
// wasm files next to their own code).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * zod names its error messages in 64 languages, 400 KB that every start would parse;
 * Dossier words its own messages and keeps zod's English (zod's classic API imports
 * that one itself). Its list of locales is cut to English.
 */
const englishZod = {
  name: 'english-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: `${dirname(args.importer)}/../locales/index.js`, namespace: 'english-zod' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-zod' }, (args) => ({ contents: 'export { default as en } from "./en.js";', resolveDir: dirname(args.path), loader: 'js' }));
  },
};

/**
 * linebreak's Unicode trie is inflated as the bundle loads, by tiny-inflate, pure
 * JavaScript run cold (~7 ms): inside the bundle, tiny-inflate is zlib's inflater under
 * its contract (src/fonts/native-inflate.ts, which does the same for fontkit's copy).
 */
const nativeInflate = {
  name: 'native-inflate',
  setup(b) {
    b.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: 'tiny-inflate', namespace: 'native-inflate' }));
    b.onLoad({ filter: /.*/, namespace: 'native-inflate' }, () => ({
      contents: `module.exports = require(${JSON.stringify(`${process.cwd()}/src/fonts/native-inflate.ts`)}).tinyInflate;`,
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

await rm('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  sourcemap: true,
  external: ['pdfmake', 'docx', 'harfbuzzjs', 'fontkit'],
  logLevel: 'warning',
  plugins: [englishZod, nativeInflate],
};
await Promise.all([
  build({
    ...common,
    entryPoints: { dossier: 'src/cli/launch.ts', index: 'src/index.ts', 'batch-worker': 'src/batch/worker.ts', 'side-thread': 'src/side/worker.ts' },
    format: 'esm',
    splitting: true,
    // CommonJS code inside the bundle (handlebars) calls require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  // The CLI itself, one CommonJS script, which cli/launch.ts compiles with V8's code cache
  // (Node 20 has none for ES modules): its dynamic imports are parts of it, loaded as run.
  build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
]);
