import type { Reporter, TestModule } from 'vitest/node';
import { skipPrefix } from './requirements.js';

/**
 * One line at the end of the run for the tests skipped because the machine lacks
 * something, naming what and how to install it:
 *   skipped 25 tests: pdftotext, soffice missing (apt-get install -y poppler-utils libreoffice-writer-nogui)
 */
export default class SkipSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let skipped = 0;
    const missing = new Map<string, string>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped' || !result.note?.startsWith(skipPrefix)) continue;
        skipped++;
        // The note lists "name (install command)", comma-separated.
        for (const [, name, install] of result.note.slice(skipPrefix.length).matchAll(/([^,(]+?) \(([^)]+)\)/g)) missing.set(name!.trim(), install!);
      }
    }
    if (!skipped) return;
    const names = [...missing.keys()].sort();
    process.stdout.write(`skipped ${skipped} test${skipped === 1 ? '' : 's'}: ${names.join(', ')} missing (${installCommand(names.map((n) => missing.get(n)!))})\n`);
  }
}

/** The install commands as one: apt-get's packages together, anything else after it. */
function installCommand(commands: string[]): string {
  const apt = 'apt-get install -y ';
  const packages = [...new Set(commands.filter((c) => c.startsWith(apt)).flatMap((c) => c.slice(apt.length).split(' ')))];
  const others = [...new Set(commands.filter((c) => !c.startsWith(apt)))];
  return [...(packages.length ? [`${apt}${packages.join(' ')}`] : []), ...others].join('; ');
}
