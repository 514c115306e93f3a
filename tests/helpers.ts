import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';

export const root = resolve(import.meta.dirname, '..');
export const exampleDir = join(root, 'examples', 'cnie-upr-2013');
export const cli = join(root, 'dist', 'dossier.js');

export function tempDir(prefix = 'dossier-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of the example content that a test may break. */
export function copyOfExample(): string {
  const dir = join(tempDir(), 'content');
  cpSync(exampleDir, dir, { recursive: true });
  return dir;
}

/** Runs the compiled CLI (`npm test` compiles first) as a user would. */
export function dossier(args: string[], cwd = root, env: NodeJS.ProcessEnv = process.env) {
  // A CLI that does not exit (a worker thread holding it open) fails the test, not CI.
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function pdfText(pdf: string, ...flags: string[]): string {
  return execFileSync('pdftotext', [...flags, '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
}

export const squash = (text: string) => text.replace(/\s+/g, '');

export function docxPart(docx: Buffer | Uint8Array, path: string): string {
  const part = unzipSync(new Uint8Array(docx))[path];
  if (!part) throw new Error(`${path} is not in the package`);
  return new TextDecoder().decode(part);
}

/** Converts a DOCX to PDF with LibreOffice headless, in a private profile. */
export function libreOfficeToPdf(docx: string, env: NodeJS.ProcessEnv = process.env): string {
  return libreOfficeToPdfs([docx], env)[0]!;
}

/**
 * Converts DOCX files to PDF in one LibreOffice run (one profile, one process: the
 * files are open one after another, as a user opens them), in their order.
 */
export function libreOfficeToPdfs(docxs: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = tempDir('dossier-lo-');
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, ...docxs], {
    stdio: 'ignore',
    timeout: 120_000 * docxs.length,
    env,
  });
  const pdfs = new Set(readdirSync(dir).filter((f) => f.endsWith('.pdf')));
  return docxs.map((docx) => {
    const pdf = `${basename(docx).replace(/\.docx$/, '')}.pdf`;
    if (!pdfs.has(pdf)) throw new Error(`LibreOffice could not convert ${docx}`);
    return join(dir, pdf);
  });
}

/** A page of a PDF as gray levels (0 black to 255 white), at 50 dpi (or the size pdftoppm's flags give): what a reader sees. */
export function pageImage(pdf: string, page = 1, size = ['-r', '50']): { width: number; height: number; gray: Uint8Array } {
  const pgm = execFileSync('pdftoppm', [...size, '-gray', '-f', String(page), '-l', String(page), '-singlefile', pdf], { maxBuffer: 1 << 28 });
  // Binary PGM: "P5\n<width> <height>\n255\n", then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`pdftoppm wrote no grayscale image of ${pdf}`);
  const [, width, height] = header.map(Number) as [number, number, number];
  return { width, height, gray: new Uint8Array(pgm.subarray(header[0].length)) };
}

/** How far apart two page images are: the mean difference of their pixels' gray levels (0–255). */
export function imageDifference(a: ReturnType<typeof pageImage>, b: ReturnType<typeof pageImage>): number {
  if (a.width !== b.width || a.height !== b.height) return 255;
  let sum = 0;
  for (let i = 0; i < a.gray.length; i++) sum += Math.abs(a.gray[i]! - b.gray[i]!);
  return sum / a.gray.length;
}

/**
 * The text of a DOCX as LibreOffice headless reads it (its own plain-text export, no
 * PDF between): proof that LibreOffice opens the file, and of what it finds in it.
 */
export function libreOfficeToText(docx: string): string {
  const dir = tempDir('dossier-lo-');
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', dir, docx], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  const txt = readdirSync(dir).find((f) => f.endsWith('.txt'));
  if (!txt) throw new Error(`LibreOffice could not open ${docx}`);
  return readFileSync(join(dir, txt), 'utf8');
}

/** Drops the page-number lines, which interrupt the text flow between pages. */
export function withoutFooters(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*第\s*\d+\s*页\s*共\s*\d+\s*页\s*$/.test(line))
    .join('\n');
}

/** Asserts the snippets appear in `haystack` in this order; returns the ones that do not. */
export function missingInOrder(haystack: string, needles: string[]): string[] {
  const missing: string[] = [];
  let at = 0;
  for (const needle of needles) {
    const found = haystack.indexOf(needle, at);
    if (found < 0) missing.push(needle);
    else at = found + needle.length;
  }
  return missing;
}
