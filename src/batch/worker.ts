import { parentPort } from 'node:worker_threads';
import { build, type BuildOptions } from '../build.js';
import { DiagnosticError } from '../diagnostics/diagnostic.js';
import type { JobDone } from './batch.js';

/**
 * A worker thread of `dossier build` with several content folders: builds the
 * folders it is handed, one at a time, staying warm (fonts, pdfmake) between them.
 */
parentPort!.on('message', async (job: BuildOptions & { index: number }) => {
  const started = performance.now();
  let done: JobDone;
  try {
    const result = await build(job);
    done = { index: job.index, ms: performance.now() - started, written: result.written, diagnostics: result.warnings };
  } catch (e) {
    if (!(e instanceof DiagnosticError)) {
      done = { index: job.index, ms: performance.now() - started, written: [], diagnostics: [], crash: String((e as Error).stack ?? e) };
    } else {
      done = { index: job.index, ms: performance.now() - started, written: [], diagnostics: e.diagnostics };
    }
  }
  parentPort!.postMessage(done);
});
