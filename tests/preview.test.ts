import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { networkInterfaces } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOfExample, dossier, exampleDir, pageImage, root, squash, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';
import { startWatch } from './support/watching.js';

/**
 * `dossier preview` in a real browser: Debian's Chromium, headless, driven by
 * playwright-core. One preview, one page, from first load to an edit, a broken file and
 * its fix, as a user goes: the page is never reloaded.
 */

/**
 * Page 1 in the PDF pane against pdftoppm's drawing of it at the same size: the share
 * of pixels allowed to differ. Two renderers smooth edges differently and place a page
 * half a pixel apart, so a pixel differs when no pixel within one pixel of it in the
 * other image is within 64 gray levels (of 255). Measured: 0.28% for page 1; 7.8% for
 * page 2 against page 1.
 */
const PIXEL_BOUND = 0.01;
/**
 * How soon an edit shows, from the save (the bounds). The edit reorders words, so
 * no character is new: one that is makes the build cut new font subsets (the example,
 * measured: a build of ~1,000 ms instead of ~360, the PDF pane current after ~1.7 s).
 */
const PDF_WITHIN_MS = 2_000;
const WORD_WITHIN_MS = 5_000;

const browserPath = () => (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'chromium')).find(isExecutable)!;
const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** A GET with the Host header given (fetch sets its own): the status. */
const statusOf = (url: string, host?: string) =>
  new Promise<number>((done, failed) => {
    const target = new URL(url);
    request({ host: target.hostname, port: target.port, path: target.pathname, headers: host ? { host } : {} }, (response) => {
      response.resume();
      done(response.statusCode ?? 0);
    })
      .on('error', failed)
      .end();
  });

/** The addresses a TCP port is listened on, from Linux's socket tables: hex, as /proc writes them. */
function listeningOn(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) => {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${hex}`) && fields[3] === '0A')
      .map((fields) => fields[1]!.split(':')[0]!);
  });
}

describe('dossier preview, on the command line', () => {
  it('takes a port, and says so when it is not a number or is taken', async () => {
    const bad = dossier(['preview', exampleDir, '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port takes a number from 0 to 65535, not "eighty"');
    // A port some other server holds: a located problem and exit 1, not a stack trace.
    const holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const taken = (holder.address() as AddressInfo).port;
    try {
      const run = dossier(['preview', exampleDir, '--port', String(taken), '--out', tempDir()]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: cannot serve the preview on 127.0.0.1:${taken}: another program uses it [preview/port]`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
    }
  });
});

describe('dossier preview, in Chromium', () => {
  needs('chromium', 'pdftoppm');
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());

  it('shows both documents, follows edits and problems without a reload, and serves no one else', async () => {
    const content = copyOfExample();
    const out = tempDir();
    const preview = startWatch(content, out, {}, 'preview');
    try {
      const url = await preview.next(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}\/$/, 30_000);
      const { port } = new URL(url);
      const token = new URL(url).pathname.split('/')[1]!;

      // Only this machine, only with the token, only under its own name.
      expect(listeningOn(Number(port))).toEqual(['0100007F']);
      const outside = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
      if (outside) await expect(statusOf(`http://${outside.address}:${port}/${token}/`)).rejects.toThrow(/ECONNREFUSED/);
      expect(await statusOf(`http://127.0.0.1:${port}/`)).toBe(403);
      expect(await statusOf(`http://127.0.0.1:${port}/files/zh-CN.pdf`)).toBe(403);
      expect(await statusOf(`http://127.0.0.1:${port}/${'x'.repeat(token.length)}/`)).toBe(403);
      expect(await statusOf(`${url}files/zh-CN.pdf`, 'attacker.example')).toBe(403);
      expect(await statusOf(`${url}files/zh-CN.pdf`)).toBe(200);

      browser = await chromium.launch({ executablePath: browserPath(), headless: true });
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
      // Every request the page makes goes through here: one to another host fails the test.
      const foreign: string[] = [];
      await context.route('**/*', (route) => {
        const asked = new URL(route.request().url());
        if (asked.host === `127.0.0.1:${port}`) return route.continue();
        foreign.push(asked.href);
        return route.abort();
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // A request the page's Content-Security-Policy stopped before it left is one it tried to make.
      page.on('console', (message) => /Content Security Policy/i.test(message.text()) && foreign.push(message.text()));
      let navigations = 0;
      page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);
      await page.goto(url);

      const pdfPages = page.locator('#pdf .pdf-page');
      const wordPages = page.locator('#docx section.docx');
      await expect.poll(() => pdfPages.count(), { timeout: 20_000 }).toBe(3);
      await expect.poll(() => wordPages.count(), { timeout: 20_000 }).toBe(3);
      // The PDF has 3 pages, and the Word pane breaks where its layout did.
      const pdf = join(out, 'submission.pdf');
      expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Pages:\s+3$/m);
      expect(await page.locator('#pdf-count').textContent()).toBe('· 3 pages');
      expect(await page.locator('#docx-count').textContent()).toBe('· 3 pages');

      // Page 1 as the PDF pane draws it, against pdftoppm's drawing at the same size.
      const drawn = await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('#pdf .pdf-page canvas')!;
        const rgba = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let gray = '';
        for (let i = 0; i < rgba.length; i += 4) gray += String.fromCharCode(Math.round(0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!));
        return { width: canvas.width, height: canvas.height, gray: btoa(gray) };
      });
      const pane = { width: drawn.width, height: drawn.height, gray: new Uint8Array(Buffer.from(drawn.gray, 'base64')) };
      const poppler = (n: number) => pageImage(pdf, n, ['-scale-to-x', String(pane.width), '-scale-to-y', String(pane.height)]);
      const difference = pixelsApart(pane, poppler(1));
      const otherPage = pixelsApart(pane, poppler(2));
      console.log(`PDF pane page 1 vs pdftoppm: ${(difference * 100).toFixed(2)}% of pixels differ (bound ${PIXEL_BOUND * 100}%); vs page 2: ${(otherPage * 100).toFixed(2)}%`);
      expect(difference).toBeLessThan(PIXEL_BOUND);
      // The measure tells pages apart: page 2 is far from page 1.
      expect(otherPage).toBeGreaterThan(PIXEL_BOUND * 4);

      // The Word pane shows the first paragraph, on its first page as in the PDF.
      const firstParagraph = '中国民间组织国际交流促进会（以下简称“中促会”）成立于2005年';
      expect(squash(await wordPages.first().innerText())).toContain(firstParagraph);
      expect(squash(await pdfPages.first().innerText())).toContain(squash(firstParagraph));
      // Each Word page numbered as the PDF's: the last page's footer is on the PDF's last page.
      const lastFooter = squash((await wordPages.last().locator('footer').textContent()) ?? '');
      expect(lastFooter).toMatch(/3.*3/);
      expect(squash(execFileSync('pdftotext', ['-f', '3', '-l', '3', pdf, '-'], { encoding: 'utf8' }))).toContain(lastFooter);

      // An edit shows in both panes, without a reload, at the same scroll position.
      await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
      await page.locator('#pdf').evaluate((pane) => (pane.scrollTop = 500));
      const submission = join(content, 'submission.yaml');
      const original = readFileSync(submission, 'utf8');
      expect(original).toContain('与基层非政府组织保持密切关系');
      const saved = Date.now();
      writeFileSync(submission, original.replace('与基层非政府组织保持密切关系', '与基层非政府组织关系保持密切'));
      await page.waitForFunction(() => document.querySelector('#pdf')!.textContent!.replace(/\s+/g, '').includes('关系保持密切'), null, { timeout: 10_000, polling: 50 });
      const pdfMs = Date.now() - saved;
      await page.waitForFunction(() => [...document.querySelectorAll('#docx section.docx')].some((s) => s.textContent!.includes('关系保持密切')), null, { timeout: 10_000, polling: 50 });
      const wordMs = Date.now() - saved;
      console.log(`edit shown in the PDF pane after ${pdfMs} ms, in the Word pane after ${wordMs} ms (${await preview.next(/submission\.yaml changed: /)})`);
      expect(pdfMs).toBeLessThan(PDF_WITHIN_MS);
      expect(wordMs).toBeLessThan(WORD_WITHIN_MS);
      expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
      expect(await page.locator('#pdf').evaluate((pane) => pane.scrollTop)).toBe(500);

      // Broken YAML: the problem, located, with its line; the last good pages stay, marked stale.
      const lines = original.split('\n');
      const broken = lines.findIndex((line, i) => line === '  - paragraph: >-' && lines[i + 1]!.includes('截至2011年底')) + 1;
      writeFileSync(submission, original.replace(/\n {2}- paragraph: >-\n(?= +截至2011年底)/, '\n  - paragraph: a: b >-\n'));
      const problem = page.locator('#problem-list li.error').first();
      await expect.poll(() => problem.textContent().catch(() => ''), { timeout: 5_000 }).toContain(`submission.yaml:${broken}:16`);
      expect(await problem.locator('pre').textContent()).toContain('- paragraph: a: b >-');
      expect(await page.locator('#banner').isVisible()).toBe(true);
      expect(await page.locator('#pdf').getAttribute('class')).toMatch(/stale/);
      expect(await pdfPages.count()).toBe(3);
      // The problems list as a screen reader finds it: in Chromium's accessibility tree, with the file:line.
      const cdp = await context.newCDPSession(page);
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
      expect(problemsInTree(nodes).some((name) => name.includes(`submission.yaml:${broken}:16`))).toBe(true);

      // Fixed: the banner goes, the pages are current again, with the edit.
      writeFileSync(submission, original);
      await expect.poll(() => page.locator('#banner').isHidden(), { timeout: 5_000 }).toBe(true);
      expect(await page.locator('#pdf').getAttribute('class')).not.toMatch(/stale/);
      await page.waitForFunction(() => document.querySelector('#pdf')!.textContent!.replace(/\s+/g, '').includes('保持密切关系'), null, { timeout: 5_000 });
      expect(await pdfPages.count()).toBe(3);
      expect(await page.locator('#problem-list').textContent()).toBe('None.');

      expect(navigations).toBe(1);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      expect(await preview.stop()).toBe(0);
    }
  }, 90_000);

  it('one tab per language, chosen by the keyboard; tables across pages keep the Word pane to the pages of the PDF', async () => {
    const content = join(root, 'examples', 'upr-recommendations-2024');
    const out = tempDir();
    const preview = startWatch(content, out, {}, 'preview');
    try {
      const url = await preview.next(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}\/$/, 60_000);
      browser ??= await chromium.launch({ executablePath: browserPath(), headless: true });
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(url);
      const tabs = page.locator('#tabs [role="tab"]');
      await expect.poll(() => tabs.allTextContents(), { timeout: 20_000 }).toEqual(['en', 'fr', 'ar', 'zh-CN']);
      for (const lang of ['en', 'fr']) {
        const pages = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [join(out, `submission.${lang}.pdf`)], { encoding: 'utf8' }))![1]);
        expect(await page.locator(`#tab-${lang}`).getAttribute('aria-selected')).toBe('true');
        // The PDF's pages, in both panes, the tables' pages included.
        await expect.poll(() => page.locator('#pdf').getAttribute('data-shown'), { timeout: 10_000 }).toMatch(new RegExp(`^${lang}:`));
        await expect.poll(() => page.locator('#docx').getAttribute('data-shown'), { timeout: 10_000 }).toMatch(new RegExp(`^${lang}:`));
        expect(await page.locator('#pdf .pdf-page').count()).toBe(pages);
        expect(await page.locator('#docx section.docx').count()).toBe(pages);
        // The table runs from page 2 on: its header row heads each of its pages, in the Word pane as in the PDF.
        const heads = await page.locator('#docx section.docx').evaluateAll((sections) => sections.map((s) => s.querySelector('table tr')?.textContent ?? ''));
        expect(heads.slice(1).every((head) => head && head === heads[1])).toBe(true);
        const pdfPage3 = squash(execFileSync('pdftotext', ['-f', '3', '-l', '3', join(out, `submission.${lang}.pdf`), '-'], { encoding: 'utf8' }));
        expect(pdfPage3.startsWith(squash(heads[1]!))).toBe(true);
        // The next language, by the arrow key, as in any tab list.
        await page.locator(`#tab-${lang}`).focus();
        await page.keyboard.press('ArrowRight');
      }
      const { nodes } = (await (await page.context().newCDPSession(page)).send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
      expect(nodes.filter((node) => node.role?.value === 'tab').map((node) => node.name?.value)).toEqual(['en', 'fr', 'ar', 'zh-CN']);
      await page.close();
    } finally {
      expect(await preview.stop()).toBe(0);
    }
  }, 90_000);
});

interface AxNode {
  nodeId: string;
  parentId?: string;
  role?: { value: string };
  name?: { value: string };
}

/** The text of every node inside the list named "Problems…" of an accessibility tree. */
function problemsInTree(nodes: AxNode[]): string[] {
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const inProblems = (node: AxNode): boolean => {
    for (let at = node.parentId && byId.get(node.parentId); at; at = at.parentId ? byId.get(at.parentId) : undefined) {
      if (at.role?.value === 'list' && at.name?.value.startsWith('Problems')) return true;
    }
    return false;
  };
  return nodes.filter((node) => node.name?.value && inProblems(node)).map((node) => node.name!.value);
}

type Gray = ReturnType<typeof pageImage>;

/** The share of pixels, of either image, with no pixel within one pixel in the other within 64 gray levels. */
function pixelsApart(a: Gray, b: Gray): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const oneWay = (from: Gray, to: Gray) => {
    let apart = 0;
    for (let y = 1; y < from.height - 1; y++) {
      for (let x = 1; x < from.width - 1; x++) {
        const value = from.gray[y * from.width + x]!;
        let nearest = 255;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) nearest = Math.min(nearest, Math.abs(value - to.gray[(y + dy) * to.width + x + dx]!));
        if (nearest > 64) apart++;
      }
    }
    return apart / ((from.width - 2) * (from.height - 2));
  };
  return Math.max(oneWay(a, b), oneWay(b, a));
}
