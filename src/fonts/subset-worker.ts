import { parentPort } from 'node:worker_threads';
import subsetFont from 'subset-font';
import { forgetFontFiles, readFontFile } from './files.js';
import type { FontFile } from './font-file.js';

export type SubsetRequest = { id: number; file: FontFile; chars: string } | { forget: true } | { warm: FontFile[] };
export type SubsetReply = { id: number; data: Uint8Array } | { id: number; error: string };

/**
 * Reads faces and subsets them off the main thread, which meanwhile loads the
 * renderers. The whole faces (10–15 MB each) live only here.
 */
parentPort!.on('message', async (request: SubsetRequest) => {
  if ('forget' in request) return forgetFontFiles();
  // Faces the build will most likely subset: read them while it is still reading content.
  if ('warm' in request) return void Promise.all(request.warm.map((file) => readFontFile(file).catch(() => {})));
  const { id, file, chars } = request;
  try {
    const subset = await subsetFont(await readFontFile(file), chars, { targetFormat: 'sfnt' });
    // A copy of its own to hand over: a small Buffer shares Node's pool, which cannot move.
    const data = Uint8Array.from(subset);
    parentPort!.postMessage({ id, data } satisfies SubsetReply, [data.buffer]);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    parentPort!.postMessage({ id, error: message } satisfies SubsetReply);
  }
});
