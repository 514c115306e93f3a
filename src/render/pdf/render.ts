import { createRequire } from 'node:module';
import { remembering } from '../deflated.js';
import type { DocumentTree } from '../../document/tree.js';
import { fontkit } from '../../fonts/parsed.js';
import type { Layout } from '../../layout/layout.js';
import { isInside, projectRoot } from '../../paths.js';
import type { Theme } from '../../theme/theme.js';
import { pdfDefinition, type PdfOptions } from './definition.js';
import { pdfFontTable } from './fonts.js';
import { glyphsToDraw } from './draw.js';
import { installLineHooks } from './pdfmake-hooks.js';

type PdfMake = typeof import('pdfmake') & {
  /** pdfmake's in-memory file system, looked in before the disk (not in its types). */
  virtualfs: { existsSync(path: string): boolean; readFileSync(path: string): Uint8Array; writeFileSync(path: string, data: Uint8Array): void };
};
let loaded: PdfMake | undefined;

/** pdfmake costs ~150 ms to load: load it once, and only when a PDF is asked for. */
export function pdfmake(): PdfMake {
  if (!loaded) {
    fontkit(); // before pdfkit loads: it then shares the parsed fonts
    loaded = createRequire(import.meta.url)('pdfmake') as PdfMake;
    // Rendering never fetches URLs and reads files only inside the project; fonts,
    // wherever the theme found them, arrive as bytes through the virtual file system.
    loaded.setUrlAccessPolicy(() => false);
    loaded.setLocalAccessPolicy((path) => isInside(projectRoot, path));
    installLineHooks();
    // pdfkit compresses each stream with the zlib module's deflateSync, looked up as it
    // is called: the font programs, the same bytes build after build, are remembered.
    const zlib = createRequire(import.meta.url)('node:zlib') as { deflateSync: (data: Uint8Array, options?: object) => Buffer };
    const deflateSync = zlib.deflateSync.bind(zlib);
    const remembered = remembering('zlib default', (data) => deflateSync(data));
    zlib.deflateSync = (data, options) => (options ? deflateSync(data, options) : remembered(data));
  }
  return loaded;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * The PDF of a laid-out document. One at a time: pdfmake's font table and its in-memory
 * file system are the module's own, so two documents rendered at once (two languages of
 * one build) would draw with each other's font subsets. Rendering is work on this
 * thread anyway.
 */
export function renderPdf(tree: DocumentTree, theme: Theme, layout: Layout, options: PdfOptions = {}): Promise<Uint8Array> {
  const rendered = queue.then(async () => {
    const lib = pdfmake();
    lib.setFonts(pdfFontTable(lib.virtualfs, layout.fonts));
    glyphsToDraw([...layout.blocks, ...layout.notes].flatMap((block) => block.lines));
    return new Uint8Array(await lib.createPdf(pdfDefinition(tree, theme, layout, options)).getBuffer());
  });
  queue = rendered.catch(() => {});
  return rendered;
}
