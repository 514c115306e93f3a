import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFrom, unusedModules } from '../src/fonts/unused-modules.js';
import { root } from './helpers.js';

/**
 * Dossier reaches inside three libraries, and that holds only for the version it was
 * written against: these are pinned exactly, and a different one installed fails here,
 * naming the code to check before the pin moves.
 */
const pins = [
  {
    name: 'pdfmake',
    version: '0.3.11',
    patchedBy:
      'src/render/pdf/gaps.ts wraps TextInlines.prototype.measure (pdfmake/js/TextInlines.js); src/render/pdf/render.ts writes fonts into pdfmake.virtualfs',
  },
  {
    name: 'docx',
    version: '9.15.2',
    patchedBy: "src/render/docx/render.ts takes the package's parts from Packer's private compiler (Packer.compiler.compile), unzipped",
  },
  {
    name: 'fontkit',
    version: '2.0.4',
    patchedBy: "src/fonts/parsed.ts replaces fontkit's module exports in Node's require cache, so that pdfkit's require('fontkit') gets the caching one",
  },
];

const manifest = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { version: string; dependencies: Record<string, string> };

describe('libraries whose internals Dossier patches', () => {
  it.each(pins)('$name is pinned to exactly $version and installed at that version', ({ name, version, patchedBy }) => {
    const why = `${patchedBy}, written against ${name} ${version}: check that code with the new version before moving the pin`;
    expect(manifest(join(root, 'package.json')).dependencies[name], `package.json: ${why}`).toBe(version);
    expect(manifest(join(root, 'node_modules', name, 'package.json')).version, `installed: ${why}`).toBe(version);
  });

  it("pdfkit, inside pdfmake, loads the same fontkit Dossier's cache replaces", () => {
    const pdfkit = createRequire(join(root, 'node_modules', 'pdfmake', 'package.json')).resolve('pdfkit');
    const fromPdfkit = createRequire(pdfkit).resolve('fontkit');
    expect(fromPdfkit, 'a second copy of fontkit would bypass src/fonts/parsed.ts').toBe(createRequire(import.meta.url).resolve('fontkit'));
  });

  it.each(unusedModules)('$request, left unloaded for $from, says __esModule as its stand-in does', ({ from, request, esModule }) => {
    // In a process of its own: this one's module cache may hold the stand-in.
    const path = resolveFrom(from, request);
    const real = execFileSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(path)}).__esModule === true))`], { encoding: 'utf8' });
    expect(real, `src/fonts/unused-modules.ts: ${request} (${path})`).toBe(String(esModule));
  });
});
