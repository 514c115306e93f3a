import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DiagnosticError } from '../diagnostics/diagnostic.js';
import type { FontFile } from '../fonts/font-file.js';
import type { Job, Reply, Request } from './worker.js';

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(result: unknown): void; reject(e: Error): void }>();

/**
 * The side thread: a worker for what a build can do beside the main thread (font
 * subsets, the DOCX). Started on first use; undefined when running from the sources
 * (tests), where the work is done on the main thread.
 */
export function sideThread(): Worker | undefined {
  // The bundle puts the worker beside this code (scripts/bundle.mjs).
  const script = new URL('./side-thread.js', import.meta.url);
  if (!worker && existsSync(fileURLToPath(script))) {
    worker = new Worker(script);
    worker.on('message', (reply: Reply) => {
      const job = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (!('error' in reply)) job?.resolve(reply.result);
      else job?.reject(reply.diagnostics ? new DiagnosticError(reply.diagnostics) : new Error(reply.error));
    });
    worker.on('error', (e) => {
      for (const job of waiting.values()) job.reject(e);
      waiting.clear();
      worker = undefined;
    });
    // An idle side thread does not keep the process alive. After the listeners:
    // adding a 'message' listener refs the worker's port again.
    worker.unref();
  }
  return worker;
}

/** Has the side thread do a job; resolves with its result, rejects with its problems or its error. */
export function ask<T>(job: Job): Promise<T> {
  const thread = sideThread();
  if (!thread) return Promise.reject(new Error('no side thread'));
  const id = nextId++;
  const done = new Promise<T>((resolve, reject) => waiting.set(id, { resolve: resolve as (result: unknown) => void, reject })).finally(() => {
    if (!waiting.size) worker?.unref();
  });
  thread.ref(); // the process waits for the answer
  thread.postMessage({ id, job } satisfies Request);
  return done;
}

/** Once a running side thread has put every subset it made in the cache. */
export async function subsetsKept(): Promise<void> {
  if (worker) await ask({ stored: true });
}

/** Has the side thread load the DOCX writer now, to have it ready when the layout is. */
export function warmDocxInSideThread(): void {
  sideThread()?.postMessage({ warm: true } satisfies Request);
}

/** Has a running side thread forget every subset and face, when font files change under watch. */
export function forgetInSideThread(): void {
  worker?.postMessage({ forget: true } satisfies Request);
}

/** Subsets made in the side thread, where there is one (fonts/subset.ts's SubsetMaker). */
export function subsetInSideThread(file: FontFile, chars: string, cache: string | undefined): Promise<Uint8Array> | undefined {
  return sideThread() ? ask<Uint8Array>({ subset: { file, chars, cache } }) : undefined;
}
