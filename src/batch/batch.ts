import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BuildOptions } from '../build.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** What a worker sends back for one content folder. */
export interface JobDone {
  index: number;
  ms: number;
  written: string[];
  /** Errors (the build failed) or warnings. */
  diagnostics: Diagnostic[];
  /** A bug, not a content problem: the stack. */
  crash?: string;
}

type Job = Omit<BuildOptions, 'onStage'>;

/**
 * Builds many content folders in worker threads, one per core, each handed the
 * next folder as it finishes the last. A worker costs a cold start (~0.6 s:
 * modules, pdfmake, fonts), so one folder is built in as many workers as it takes.
 */
export async function buildMany(jobs: Job[], onDone: (done: JobDone) => void, threads = availableParallelism()): Promise<JobDone[]> {
  const results: JobDone[] = [];
  let next = 0;
  const count = Math.max(1, Math.min(threads, jobs.length));
  await Promise.all(
    Array.from({ length: count }, async () => {
      // The bundle puts this worker next to the CLI (scripts/bundle.mjs).
      const worker = new Worker(new URL('./batch-worker.js', import.meta.url));
      try {
        while (next < jobs.length) {
          const index = next++;
          const done = await new Promise<JobDone>((resolveDone, reject) => {
            worker.once('message', resolveDone);
            worker.once('error', reject);
            worker.postMessage({ ...jobs[index], index });
          });
          worker.removeAllListeners('error');
          results[index] = done;
          onDone(done);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results;
}
