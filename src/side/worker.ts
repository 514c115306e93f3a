import { parentPort } from 'node:worker_threads';
import { DiagnosticError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { forgetFontFiles } from '../fonts/files.js';
import type { FontFile } from '../fonts/font-file.js';
import { forgetMade, makeSubset, subsetsStored } from '../fonts/harfbuzz.js';
import type { DocxJob } from './docx-job.js';

export type Job = { subset: { file: FontFile; chars: string; cache: string | undefined } } | { docx: DocxJob } | { stored: true };
export type Request = { id: number; job: Job } | { forget: true } | { warm: true };
export type Reply = { id: number; result: unknown } | { id: number; error: string; diagnostics?: Diagnostic[] };

const docxJob = () => import('./docx-job.js');

/** Subsets asked for and not yet made: the main thread waits for them, so they go first. */
const subsetting = new Set<Promise<unknown>>();

/**
 * The side thread (side/thread.ts): makes font subsets, and renders the DOCX while
 * the main thread lays out the PDF. The whole faces (10–15 MB each) are only read here.
 * What only the DOCX needs (the docx library, the plan, zod-free as it is) loads when
 * the first DOCX is asked for.
 */
parentPort!.on('message', async (request: Request) => {
  if ('forget' in request) {
    forgetMade();
    return forgetFontFiles(); // read whole for --embed-fonts full
  }
  if ('warm' in request) {
    // The DOCX's code, loaded while the main thread lays out, after any subsets asked for.
    await Promise.allSettled([...subsetting]);
    return void (await docxJob());
  }
  const { id, job } = request;
  try {
    if ('subset' in job) {
      const made = makeSubset(job.subset.file, job.subset.chars, job.subset.cache);
      subsetting.add(made);
      // A copy to hand over: the subset stays here for the DOCX, and transferring detaches.
      const data = Uint8Array.from(await made.finally(() => subsetting.delete(made)));
      parentPort!.postMessage({ id, result: data } satisfies Reply, [data.buffer]);
    } else if ('stored' in job) {
      await subsetsStored();
      parentPort!.postMessage({ id, result: null } satisfies Reply);
    } else {
      // Loading docx (~50 ms) would hold up harfbuzz, and the main thread with it.
      await Promise.allSettled([...subsetting]);
      const result = await (await docxJob()).renderDocxJob(job.docx);
      parentPort!.postMessage({ id, result } satisfies Reply, [result.data.buffer as ArrayBuffer]);
    }
  } catch (e) {
    const reply: Reply =
      e instanceof DiagnosticError ? { id, error: e.message, diagnostics: e.diagnostics } : { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    parentPort!.postMessage(reply);
  }
});
