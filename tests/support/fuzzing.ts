import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { expect } from 'vitest';
import { DiagnosticError, withCaused, type Diagnostic } from '../../src/diagnostics/diagnostic.js';

/** The promise's answer, or a "hang" error after `ms`; the timer never outlives the answer. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: no answer in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A case that failed as a fuzzed build may: with a DiagnosticError (anything else, a
 * crash or a hang, is rethrown), holding at least one error, each of them and each
 * problem they caused `located` as the fuzzer's files need. Returns the errors.
 */
export function expectLocatedErrors(e: unknown, located: (d: Diagnostic) => boolean): Diagnostic[] {
  if (!(e instanceof DiagnosticError)) throw e;
  const errors = e.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);
  for (const d of withCaused(errors)) expect(located(d), JSON.stringify(d)).toBe(true);
  return errors;
}

/**
 * Every XML part of every DOCX in `dir` is well-formed XML 1.0: a character the format
 * cannot hold (U+FFFE, a C0 control) makes Word refuse the whole file, with exit 0 here.
 */
export function expectWellFormedDocx(dir: string): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.docx'))) {
    const parts = unzipSync(new Uint8Array(readFileSync(join(dir, file))));
    for (const [name, bytes] of Object.entries(parts)) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      const parser = new SaxesParser();
      let problem: string | undefined;
      parser.on('error', (e) => (problem ??= e.message));
      parser.write(new TextDecoder().decode(bytes)).close();
      expect(problem, `${file}: ${name}`).toBeUndefined();
    }
  }
}
