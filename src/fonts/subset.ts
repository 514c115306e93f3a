import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../paths.js';
import { mirrored } from '../text/bidi.js';
import { readFontFile } from './files.js';
import { fileKey, type FontFile } from './font-file.js';
import { fontkit } from './parsed.js';
import type { SubsetReply, SubsetRequest } from './subset-worker.js';

/** Recent subsets: a rebuild whose edit adds no new character reuses them (~50 ms a face). */
const recent = new Map<string, Promise<Uint8Array>>();
const keep = 16;

/**
 * A TrueType font holding only the glyphs needed for `text` (harfbuzz's subsetter),
 * so a DOCX embeds ~100 KB instead of a 15 MB CJK face, and pdfkit parses and lays
 * out with a small font. Made in a worker thread, asked for as soon as the build
 * knows its characters, while the main thread loads the renderers.
 */
export function subsetFace(file: FontFile, text: string): Promise<Uint8Array> {
  // Digits and the space are always kept: page numbers are fields Word fills in later;
  // so are the hyphen a broken word ends with and the mirror images of brackets,
  // which right-to-left text draws in place of the brackets themselves.
  const kept = [...`${text}0123456789 -`];
  const chars = [...new Set([...kept, ...kept.map((c) => mirrored(c) ?? c)])].sort().join('');
  const key = `${fileKey(file)}\n${chars}`;
  let subset = recent.get(key);
  if (subset) {
    recent.delete(key); // re-inserted below as the newest
  } else {
    subset = subsetInWorker(file, chars).then(
      (bytes) => usable(file, bytes, chars),
      (e: Error) => Promise.reject(unusable(file, e)),
    );
    subset.catch(() => recent.delete(key));
  }
  recent.set(key, subset);
  if (recent.size > keep) recent.delete(recent.keys().next().value!);
  return subset;
}

/**
 * The subset, once fontkit has laid out its characters as pdfkit will: a face whose
 * file is truncated or corrupt then fails here, as a problem naming the file, not
 * in the middle of rendering. (harfbuzz has already checked the glyph data it
 * copied.) The parse and the glyphs' metrics are the ones pdfkit then uses:
 * fontkit() keeps the parse per buffer, and the parse its glyphs.
 */
function usable(file: FontFile, bytes: Uint8Array, chars: string): Uint8Array {
  try {
    (fontkit().create(bytes) as { layout(text: string): unknown }).layout(chars);
  } catch (e) {
    throw unusable(file, e as Error);
  }
  return bytes;
}

const unusable = (file: FontFile, e: Error) =>
  new DiagnosticError([error('fonts/invalid', `${displayPath(file.path)} is not a usable font: ${e.message}`, { file: displayPath(file.path) })]);

/** Forgets every subset and face read, when font files change under watch. */
export function forgetSubsets(): void {
  recent.clear();
  worker?.postMessage({ forget: true } satisfies SubsetRequest);
}

/**
 * Starts the subsetter and has it read faces a build is about to need, so its start
 * (~100 ms) and the reads (~50 ms per CJK face) overlap the content stage.
 */
export function warmSubsetter(files: FontFile[]): void {
  subsetter()?.postMessage({ warm: files } satisfies SubsetRequest);
}

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(data: Uint8Array): void; reject(e: Error): void }>();

/** The worker thread, started on first use; undefined when running from the sources (tests). */
function subsetter(): Worker | undefined {
  // The bundle puts the worker beside this code (scripts/bundle.mjs).
  const script = new URL('./subset-worker.js', import.meta.url);
  if (!worker && existsSync(fileURLToPath(script))) {
    worker = new Worker(script);
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
    // An idle subsetter does not keep the process alive. After the listeners:
    // adding a 'message' listener refs the worker's port again.
    worker.unref();
  }
  return worker;
}

async function subsetInWorker(file: FontFile, chars: string): Promise<Uint8Array> {
  const thread = subsetter();
  if (!thread) {
    const { default: subsetFont } = await import('subset-font');
    return subsetFont(await readFontFile(file), chars, { targetFormat: 'sfnt' });
  }
  const id = nextId++;
  const done = new Promise<Uint8Array>((resolve, reject) => waiting.set(id, { resolve, reject })).finally(() => {
    if (!waiting.size) worker?.unref();
  });
  thread.ref(); // the process waits for the answer
  thread.postMessage({ id, file, chars } satisfies SubsetRequest);
  return done;
}
