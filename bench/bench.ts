/**
 * `npm run bench`: what Dossier costs next to its peers, on this machine, in one run.
 * Each Dossier figure is measured interleaved with its peer's (Dossier, peer, Dossier,
 * peer…), so a machine that gets busier halfway slows both alike, and printed beside
 * it with their ratio. Medians of BENCH_RUNS (default 7) fresh processes; printed as a
 * table and written to bench/results.json.
 *
 * "Empty cache" builds start with no font subsets and no code cache (a first build on
 * a machine); "cache without its subsets" ones find the compiled code but must make
 * the subsets (new characters on a machine that has built before); "subsets cached"
 * ones find the subsets an earlier build made (any later build of the same characters).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { buildTree } from '../src/build.js';
import { loadFontSetup } from '../src/fonts/manifest.js';
import { projectRoot } from '../src/paths.js';
import { loadTheme } from '../src/theme/theme.js';
import { generateReport } from './generate.js';
import { markdownSource, typstSource } from './peers.js';

const runs = Math.max(3, Number(process.env.BENCH_RUNS ?? 7));
const root = projectRoot;
const work = join(root, '.cache', 'bench');
const cli = join(root, 'dist', 'dossier.js');
const example = join(root, 'examples', 'cnie-upr-2013');
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** The bench's own subset cache: never the user's. */
const cache = join(work, 'cache');

interface Measure {
  wallMs: number;
  rssMB?: number;
  samples: number[];
}

interface Row {
  name: string;
  dossier?: Measure;
  peer?: { name: string } & Partial<Measure>;
  /** Dossier's median wall time over the peer's. */
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
}
const rows: Row[] = [];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Command {
  argv: string[];
  before?: () => void;
  env?: NodeJS.ProcessEnv;
}

/** One run in a fresh process: wall time, and peak RSS where /usr/bin/time can tell it. */
function once({ argv, before, env }: Command): { wall: number; rss?: number } {
  before?.();
  const args = time ? [time, '-f', 'rss-kb=%M', ...argv] : argv;
  const started = performance.now();
  const result = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', cwd: root, env: { ...process.env, DOSSIER_CACHE_DIR: cache, ...env } });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${result.stderr}`);
  const kb = /rss-kb=(\d+)/.exec(result.stderr ?? '')?.[1];
  return { wall, ...(kb ? { rss: Number(kb) / 1024 } : {}) };
}

/** `runs` runs of each command, interleaved; each one's median wall time and peak RSS. */
function measure(...commands: Command[]): Measure[] {
  const walls = commands.map((): number[] => []);
  const rss = commands.map((): number[] => []);
  for (const command of commands) once(command); // a first run of each: the page cache, not the code, is what it warms
  for (let i = 0; i < runs; i++) {
    commands.forEach((command, k) => {
      const { wall, rss: mb } = once(command);
      walls[k]!.push(wall);
      if (mb !== undefined) rss[k]!.push(mb);
    });
  }
  return commands.map((_, k) => ({
    wallMs: median(walls[k]!),
    ...(rss[k]!.length ? { rssMB: median(rss[k]!) } : {}),
    samples: walls[k]!.map(Math.round),
  }));
}

interface Target {
  /** Most Dossier may take, as a multiple of its peer's time. */
  ratio?: number;
  ms?: number;
  mb?: number;
}

function row(name: string, dossier: Measure | undefined, peer?: Row['peer'], target?: Target, note?: string) {
  const ratio = dossier && peer?.wallMs ? dossier.wallMs / peer.wallMs : undefined;
  let met: boolean | undefined;
  const parts: string[] = [];
  if (target && dossier) {
    met = true;
    if (target.ratio !== undefined) {
      parts.push(`≤ ${target.ratio} ×`);
      met &&= ratio !== undefined && ratio <= target.ratio;
    }
    if (target.ms !== undefined) {
      parts.push(`≤ ${target.ms} ms`);
      met &&= dossier.wallMs <= target.ms;
    }
    if (target.mb !== undefined) {
      parts.push(`≤ ${target.mb} MB`);
      met &&= (dossier.rssMB ?? Infinity) <= target.mb;
    }
  }
  rows.push({ name, ...(dossier ? { dossier } : {}), ...(peer ? { peer } : {}), ...(ratio ? { ratio } : {}), ...(parts.length ? { target: parts.join(', ') } : {}), ...(met !== undefined ? { met } : {}), ...(note ? { note } : {}) });
  const figure = (m: Partial<Measure> | undefined) => (m?.wallMs !== undefined ? `${Math.round(m.wallMs)} ms${m.rssMB ? `, ${Math.round(m.rssMB)} MB` : ''}` : '-');
  process.stderr.write(`  ${name}: ${figure(dossier)}${peer ? `; ${peer.name}: ${figure(peer)}${ratio ? ` (${ratio.toFixed(2)} ×)` : ''}` : ''}${note ? ` (${note})` : ''}\n`);
}

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const load = loadavg()[0]!.toFixed(2);
process.stderr.write(`bench: ${runs} runs each, interleaved; ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}, load ${load}\n`);
const out = join(work, 'out');
const build = (dir: string, ...flags: string[]) => ['node', cli, 'build', dir, '--out', out, '-q', ...flags];
const emptyCache = () => rmSync(cache, { recursive: true, force: true });
/** New characters on a machine that has built before: compiled code and the faces' index are there, no subsets. */
const noSubsets = () => rmSync(join(cache, 'subsets'), { recursive: true, force: true });

// --- The documents, and the peers' inputs for the same text -------------------------
/** Paragraphs that make about `pages` pages: measured on a sample, then scaled. */
function reportOf(pages: number, perPage: number): { dir: string; pages: number } {
  const dir = join(work, `report-${pages}`);
  generateReport(example, dir, Math.round(pages * perPage));
  const result = spawnSync('node', [cli, 'build', dir, '--out', join(work, `report-${pages}-out`), '-q', '--format', 'pdf'], {
    encoding: 'utf8',
    env: { ...process.env, DOSSIER_CACHE_DIR: cache },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return { dir, pages: pdfPages(readFileSync(join(work, `report-${pages}-out`, 'submission.pdf'))) };
}
const sample = reportOf(10, 3);
const perPage = (10 * 3) / sample.pages;
const reports: Record<number, { dir: string; pages: number }> = {};
for (const pages of [20, 200, 2000]) {
  let report = reportOf(pages, perPage);
  // Headings and page breaks make pages uneven: one correction brings it within a few pages.
  if (Math.abs(report.pages - pages) > pages * 0.03) report = reportOf(pages, (perPage * pages) / report.pages);
  reports[pages] = report;
}

const theme = await loadTheme('un');
const setup = loadFontSetup(theme);
const faceOf = (role: 'body' | 'heading') => setup.chains.get(theme.fonts[role])!.bySystem.get('Hans')![0]!;
const peerInputs = async (name: string, dir: string) => {
  const { tree } = await buildTree(dir);
  const typ = join(work, `${name}.typ`);
  writeFileSync(typ, typstSource(tree, { body: faceOf('body').family, heading: faceOf('heading').family }));
  const md = join(work, `${name}.md`);
  writeFileSync(md, markdownSource(tree));
  return { typ, md };
};
const inputs = { example: await peerInputs('example', example), report: await peerInputs('report-200', reports[200]!.dir) };
const fontDirs = [...new Set([faceOf('body').normal, faceOf('body').bold, faceOf('heading').bold].map((f) => dirname(f.path)))];

const typstPackage = '@myriaddreamin/typst-ts-node-compiler';
const typstAvailable = (() => {
  try {
    execFileSync('node', ['-e', `require(${JSON.stringify(typstPackage)})`], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const typst = (name: string, typ: string): Command => ({ argv: ['node', join(root, 'bench', 'typst-compile.cjs'), typ, join(work, `${name}-typst.pdf`), ...fontDirs] });
const pandoc = (name: string, md: string): Command => ({ argv: ['pandoc', md, '-o', join(work, `${name}-pandoc.docx`)] });
const pandocAvailable = has('pandoc');
const skipNote = (what: string) =>
  what === 'typst' ? `${typstPackage} is not installed` : 'pandoc is not installed (apt-get install pandoc)';

/** Dossier beside a peer, interleaved; or alone, with a note, when the peer is missing. */
function compare(name: string, dossier: Command, peerName: string, peer: Command | undefined, target?: Target, why?: string) {
  if (!peer) {
    const [d] = measure(dossier);
    row(name, d, { name: peerName }, target, `peer skipped: ${why}`);
    return;
  }
  const [d, p] = measure(dossier, peer);
  row(name, d, { name: peerName, ...p! }, target);
}

// --- The example -------------------------------------------------------------------------
const typstExample = typstAvailable ? typst('example', inputs.example.typ) : undefined;
compare('example, PDF + DOCX, empty cache', { argv: build(example), before: emptyCache }, 'Typst, same text, PDF', typstExample, { ratio: 3, mb: 150 }, skipNote('typst'));
compare('example, PDF + DOCX, cache without its subsets', { argv: build(example), before: noSubsets }, 'Typst, same text, PDF', typstExample, undefined, skipNote('typst'));
compare('example, PDF + DOCX, subsets cached', { argv: build(example) }, 'Typst, same text, PDF', typstExample, { ratio: 2, mb: 150 }, skipNote('typst'));
compare('example, PDF only, subsets cached', { argv: build(example, '--format', 'pdf') }, 'Typst, same text, PDF', typstExample, undefined, skipNote('typst'));
compare(
  'example, DOCX only, subsets cached',
  { argv: build(example, '--format', 'docx') },
  'pandoc, same text, DOCX without fonts',
  pandocAvailable ? pandoc('example', inputs.example.md) : undefined,
  { ratio: 5 },
  skipNote('pandoc'),
);
compare('dossier check, example (lays the pages out to count them)', { argv: ['node', cli, 'check', example] }, 'Typst, same text, PDF', typstExample, { ratio: 1.5 }, skipNote('typst'));

// --- Long documents ------------------------------------------------------------------------
const typstReport = typstAvailable ? typst('report-200', inputs.report.typ) : undefined;
const long: Record<number, Measure> = {};
for (const pages of [20, 200]) {
  const report = reports[pages]!;
  const name = `${report.pages}-page report, PDF + DOCX, empty cache`;
  if (pages === 200) {
    const [d, p] = typstReport ? measure({ argv: build(report.dir), before: emptyCache }, typstReport) : measure({ argv: build(report.dir), before: emptyCache });
    long[pages] = d!;
    row(name, d, { name: 'Typst, same text, PDF', ...(p ?? {}) }, { ratio: 2.5, mb: 400 }, p ? undefined : `peer skipped: ${skipNote('typst')}`);
  } else {
    const [d] = measure({ argv: build(report.dir), before: emptyCache });
    long[pages] = d!;
    row(name, d);
  }
}
const growth = long[200]!.wallMs / long[20]!.wallMs;
rows.push({ name: `${reports[200]!.pages}-page time / ${reports[20]!.pages}-page time`, note: `${growth.toFixed(2)} ×` });
process.stderr.write(`  growth: ${growth.toFixed(2)} ×\n`);
// 2,000 pages once (a run takes ~20 s): time per page no more than at 200, i.e. linear growth.
{
  const report = reports[2000]!;
  const { wall, rss } = once({ argv: build(report.dir), before: emptyCache });
  const d: Measure = { wallMs: wall, ...(rss !== undefined ? { rssMB: rss } : {}), samples: [Math.round(wall)] };
  row(`${report.pages}-page report, PDF + DOCX, empty cache, one run`, d);
  const timePerPage = (pages: number, m: Measure) => m.wallMs / reports[pages]!.pages;
  const ratio = d.wallMs / long[200]!.wallMs;
  const linear = reports[2000]!.pages / reports[200]!.pages;
  rows.push({
    name: `${report.pages}-page time / ${reports[200]!.pages}-page time`,
    note: `${ratio.toFixed(2)} × for ${linear.toFixed(2)} × the pages (${timePerPage(2000, d).toFixed(1)} against ${timePerPage(200, long[200]!).toFixed(1)} ms a page)`,
    target: `≤ ${linear.toFixed(2)} ×`,
    met: ratio <= linear,
  });
  process.stderr.write(`  growth 200 -> 2000: ${ratio.toFixed(2)} × for ${linear.toFixed(2)} × the pages\n`);
}

// --- Tagging: what the PDF's structure tree costs ----------------------------------------------
{
  const report = reports[200]!;
  const tagged = { argv: build(report.dir, '--format', 'pdf') };
  const untagged = { argv: build(report.dir, '--format', 'pdf', '--no-tags') };
  const [t, u] = measure(tagged, untagged);
  const size = (flags: string[]) => {
    once({ argv: build(report.dir, '--format', 'pdf', ...flags) });
    return readFileSync(join(out, 'submission.pdf')).length;
  };
  const [taggedBytes, untaggedBytes] = [size([]), size(['--no-tags'])];
  row(`${report.pages}-page report, PDF, tagged (PDF/UA)`, t, { name: 'the same, --no-tags', ...u! }, undefined, `file ${Math.round(taggedBytes / 1024)} KB tagged, ${Math.round(untaggedBytes / 1024)} KB untagged`);
}

// --- Each language of the multilingual example ------------------------------------------------
{
  const multilingual = join(root, 'examples', 'cwan-water-2024');
  const languages = ['en', 'fr', 'es', 'ru', 'ar', 'zh-CN', 'zh-Hant'];
  const measured = measure(...languages.map((lang) => ({ argv: build(multilingual, '--lang', lang) })));
  languages.forEach((lang, i) => row(`multilingual example, ${lang} alone, PDF + DOCX, subsets cached`, measured[i]));
  const [all] = measure({ argv: build(multilingual) });
  row('multilingual example, all 7 languages, PDF + DOCX, subsets cached', all);
}

// --- Watch: warm rebuilds ------------------------------------------------------------------------
async function warmRebuilds(): Promise<{ sameChars: number[]; newChars: number[]; latency: number[] }> {
  const dir = join(work, 'watched');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['profile.yaml', 'submission.yaml']) writeFileSync(join(dir, f), readFileSync(join(example, f)));
  const submission = join(dir, 'submission.yaml');
  const original = readFileSync(submission, 'utf8');
  const child = spawn('node', [cli, 'watch', dir, '--out', join(work, 'watch-out')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DOSSIER_CACHE_DIR: cache },
  });
  const lines: string[] = [];
  let wake = () => {};
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    wake();
  });
  const nextLine = async (re: RegExp): Promise<string> => {
    for (;;) {
      const i = lines.findIndex((l) => re.test(l));
      if (i >= 0) return lines.splice(0, i + 1).pop()!;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 5000);
      });
    }
  };
  await nextLine(/^watching/);
  const sameChars: number[] = [];
  const newChars: number[] = [];
  const latency: number[] = [];
  // Rare characters the example does not use: each such edit needs new font subsets.
  const rare = '鑫龘巍峨皑瀚翱翔璀璨斑斓缥缈氤氲旖旎';
  for (let i = 0; i < runs * 2 + 2; i++) {
    const sameCharsEdit = i % 2 === 0;
    // One paragraph edited: a year changed (digits are always in the subsets), or a phrase added.
    const edited = sameCharsEdit
      ? original.replace('2008年至2009年', `2008年至20${10 + i}年`)
      : original.replace('提交书面声明。', `提交书面声明${rare[i % rare.length]}${rare[(i + 3) % rare.length]}。`);
    const started = performance.now();
    writeFileSync(submission, edited);
    const line = await nextLine(/changed: /);
    const ms = Number(/rebuilt in (\d+) ms/.exec(line)?.[1]);
    if (!ms) throw new Error(`watch did not rebuild: ${line}`);
    if (i < 2) continue; // the first rebuilds still warm up the JIT
    (sameCharsEdit ? sameChars : newChars).push(ms);
    latency.push(performance.now() - started);
  }
  child.kill('SIGINT');
  return { sameChars, newChars, latency };
}
const warm = await warmRebuilds();
const rebuild = (samples: number[]): Measure => ({ wallMs: median(samples), samples });
row('watch: rebuild after a one-paragraph edit, no new characters', rebuild(warm.sameChars));
row('watch: rebuild after a one-paragraph edit, 2 new characters', rebuild(warm.newChars));
row('watch: edit to files written, as the user waits (10 ms settle included)', rebuild(warm.latency.map(Math.round)), undefined, { ms: 50 });

// --- LibreOffice: what opening our DOCX costs ---------------------------------------------------
if (!has('soffice')) {
  row('LibreOffice, our example DOCX to PDF', undefined, undefined, undefined, 'skipped: soffice is not installed (apt-get install libreoffice-writer-nogui)');
} else {
  once({ argv: build(example) });
  const profile = `-env:UserInstallation=file://${join(work, 'lo-profile')}`;
  const convert = ['soffice', profile, '--headless', '--convert-to', 'pdf', '--outdir', join(work, 'lo'), join(out, 'submission.docx')];
  spawnSync(convert[0]!, convert.slice(1)); // first start creates the profile: not measured
  const [m] = measure({ argv: convert });
  row('LibreOffice, our example DOCX to PDF', m);
}

// --- Report -----------------------------------------------------------------------------
const figure = (m: Partial<Measure> | undefined) =>
  m?.wallMs !== undefined ? `${Math.round(m.wallMs)} ms${m.rssMB !== undefined ? ` / ${Math.round(m.rssMB)} MB` : ''}` : '';
const spread = (m: Measure | undefined) => (m && m.samples.length > 1 ? `${Math.min(...m.samples)}–${Math.max(...m.samples)}` : '');
const table = [
  `| measure | Dossier (median wall / peak RSS) | spread (ms) | peer | peer (median) | Dossier ÷ peer | target | met |`,
  '| --- | ---: | ---: | --- | ---: | ---: | --- | --- |',
  ...rows.map((r) =>
    [
      r.name,
      figure(r.dossier) || (r.note ?? ''),
      spread(r.dossier),
      r.peer?.name ?? '',
      figure(r.peer) || (r.peer && r.note ? r.note : ''),
      r.ratio !== undefined ? `${r.ratio.toFixed(2)} ×` : '',
      r.target ?? '',
      r.met === undefined ? '' : r.met ? 'yes' : 'no',
    ].join(' | '),
  ).map((line) => `| ${line} |`),
].join('\n');
process.stdout.write(`\n${table}\n\n${runs} runs each, interleaved with the peer; load average ${load} at the start, ${loadavg()[0]!.toFixed(2)} at the end.\n`);
writeFileSync(
  join(root, 'bench', 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: availableParallelism(), runs, load: [load, loadavg()[0]], rows }, null, 2)}\n`,
);
process.stderr.write('\nwritten to bench/results.json\n');

/** Pages of a PDF: its page objects. */
function pdfPages(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}
