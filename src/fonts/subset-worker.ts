import { parentPort } from 'node:worker_threads';
import subsetFont from 'subset-font';

export interface SubsetRequest {
  id: number;
  /** The face's bytes, in shared memory (src/fonts/files.ts): not copied. */
  font: Uint8Array;
  chars: string;
}
export type SubsetReply = { id: number; data: Uint8Array } | { id: number; error: string };

/** Subsets fonts off the main thread, which meanwhile lays out the PDF. */
parentPort!.on('message', async ({ id, font, chars }: SubsetRequest) => {
  try {
    const data = await subsetFont(Buffer.from(font.buffer, font.byteOffset, font.byteLength), chars, { targetFormat: 'sfnt' });
    parentPort!.postMessage({ id, data } satisfies SubsetReply, [data.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id, error: String((e as Error).message ?? e) } satisfies SubsetReply);
  }
});
