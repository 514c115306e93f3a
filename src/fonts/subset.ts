import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readFontFile } from './files.js';
import { fileKey, type FontFile } from './manifest.js';
import type { SubsetReply, SubsetRequest } from './subset-worker.js';

/** Recent subsets: a rebuild whose edit adds no new character reuses them (~50 ms a face). */
const recent = new Map<string, Promise<Uint8Array>>();
const keep = 16;

/**
 * A TrueType font holding only the glyphs needed for `text` (harfbuzz's subsetter),
 * so a DOCX embeds ~100 KB instead of a 15 MB CJK face. Runs in a worker thread:
 * a build asks for its subsets before it lays out the PDF, and gets them after.
 */
export function subsetFace(file: FontFile, text: string): Promise<Uint8Array> {
  // Digits and the space are always kept: page numbers are fields Word fills in later.
  const chars = [...new Set(`${text}0123456789 `)].sort().join('');
  const key = `${fileKey(file)}\n${chars}`;
  let subset = recent.get(key);
  if (subset) {
    recent.delete(key); // re-inserted below as the newest
  } else {
    subset = readFontFile(file).then((font) => subsetInWorker(font, chars));
    subset.catch(() => recent.delete(key));
  }
  recent.set(key, subset);
  if (recent.size > keep) recent.delete(recent.keys().next().value!);
  return subset;
}

/** Forgets every subset, when font files change under watch. */
export function forgetSubsets(): void {
  recent.clear();
}

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(data: Uint8Array): void; reject(e: Error): void }>();

async function subsetInWorker(font: Uint8Array, chars: string): Promise<Uint8Array> {
  // The bundle puts the worker beside this code (scripts/bundle.mjs); run from the
  // TypeScript sources (tests), there is none and the subset is made here.
  const script = new URL('./subset-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(script))) {
    const { default: subsetFont } = await import('subset-font');
    return subsetFont(Buffer.from(font.buffer, font.byteOffset, font.byteLength), chars, { targetFormat: 'sfnt' });
  }
  if (!worker) {
    worker = new Worker(script);
    worker.unref(); // an idle subsetter does not keep the process alive
    worker.on('message', (reply: SubsetReply) => {
      const job = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) job?.reject(new Error(`font subsetting failed: ${reply.error}`));
      else job?.resolve(reply.data);
    });
    worker.on('error', (e) => {
      for (const job of waiting.values()) job.reject(e);
      waiting.clear();
      worker = undefined;
    });
  }
  const id = nextId++;
  const done = new Promise<Uint8Array>((resolve, reject) => waiting.set(id, { resolve, reject })).finally(() => {
    if (!waiting.size) worker?.unref();
  });
  worker.ref(); // the process waits for the answer
  worker.postMessage({ id, font, chars } satisfies SubsetRequest);
  return done;
}
