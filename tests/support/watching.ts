import { spawn, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cli } from '../helpers.js';

/**
 * Runs `dossier watch` (or `preview`, which watches as it does) as a user would,
 * collecting the lines it prints on stdout and stderr; `next(re)` waits, with a
 * deadline, for the next line matching re.
 */
export function startWatch(content: string, out: string, spawnOptions: SpawnOptions = {}, command: 'watch' | 'preview' = 'watch') {
  const child = spawn(process.execPath, [cli, command, content, '--out', out], { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let seen = 0;
  let waiting: (() => void) | undefined;
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const part of parts) lines.push(part);
      waiting?.();
    });
  }
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    exited,
    lines,
    /** The next line (after those already taken) that matches. */
    async next(re: RegExp, ms = 15_000): Promise<string> {
      const deadline = Date.now() + ms;
      for (;;) {
        while (seen < lines.length) {
          const line = lines[seen++]!;
          if (re.test(line)) return line;
        }
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`watch ended (${child.exitCode ?? child.signalCode}) with no line matching ${re}:\n${lines.join('\n')}`);
        if (Date.now() > deadline) throw new Error(`no line matching ${re} in ${ms} ms:\n${lines.join('\n')}`);
        await new Promise<void>((r) => {
          waiting = r;
          setTimeout(r, 100);
        });
      }
    },
    /** The most memory the process has held, in MB (Linux's VmHWM). */
    peakRssMb(): number {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]) / 1024;
    },
    /** Ctrl-C, as a user stops it; the exit code. */
    async stop(): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}
