/**
 * `npm run bench`: what Dossier costs, next to its peers, on this machine. Medians
 * of BENCH_RUNS (default 5) runs, each in a fresh process unless it measures a warm
 * one; printed as a table and written to bench/results.json.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { buildTree } from '../src/build.js';
import { loadFontSetup } from '../src/fonts/manifest.js';
import { projectRoot } from '../src/paths.js';
import { pdfPages } from '../src/rules/submission-rules.js';
import { loadTheme } from '../src/theme/theme.js';
import { generateReport } from './generate.js';
import { markdownSource, typstSource } from './peers.js';

const runs = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const root = projectRoot;
const work = join(root, '.cache', 'bench');
const cli = join(root, 'dist', 'dossier.js');
const example = join(root, 'examples', 'cnie-upr-2013');
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Row {
  name: string;
  wallMs?: number;
  rssMB?: number;
  target?: string;
  met?: boolean;
  note?: string;
  samples?: number[];
}
const rows: Row[] = [];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Runs a command `runs` times in fresh processes: median wall time, median peak RSS. */
function measure(command: string[], before?: () => void): { wallMs: number; rssMB?: number; samples: number[] } {
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const args = time ? [time, '-f', 'rss-kb=%M', ...command] : command;
    const started = performance.now();
    const result = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', cwd: root });
    walls.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
    const kb = /rss-kb=(\d+)/.exec(result.stderr ?? '')?.[1];
    if (kb) rss.push(Number(kb) / 1024);
  }
  return { wallMs: median(walls), ...(rss.length ? { rssMB: median(rss) } : {}), samples: walls.map(Math.round) };
}

function row(name: string, m: { wallMs?: number; rssMB?: number; samples?: number[] }, target?: { ms?: number; mb?: number; text?: string }, note?: string) {
  let met: boolean | undefined;
  if (target && (target.ms !== undefined || target.mb !== undefined)) {
    met = (target.ms === undefined || (m.wallMs ?? Infinity) <= target.ms) && (target.mb === undefined || (m.rssMB ?? Infinity) <= target.mb);
  }
  const targetText = target?.text ?? [target?.ms !== undefined ? `≤ ${target.ms} ms` : '', target?.mb !== undefined ? `≤ ${target.mb} MB` : ''].filter(Boolean).join(', ');
  rows.push({ name, ...m, ...(targetText ? { target: targetText } : {}), ...(met !== undefined ? { met } : {}), ...(note ? { note } : {}) });
  process.stderr.write(`  ${name}: ${m.wallMs !== undefined ? `${Math.round(m.wallMs)} ms` : '-'}${m.rssMB ? `, ${Math.round(m.rssMB)} MB` : ''}\n`);
}

const skipped = (name: string, why: string) => {
  rows.push({ name, note: `skipped: ${why}` });
  process.stderr.write(`  ${name}: skipped (${why})\n`);
};

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

// --- Dossier, cold -------------------------------------------------------------
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
process.stderr.write(`bench: ${runs} runs each, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}\n`);
const out = join(work, 'out');
const build = (dir: string, ...flags: string[]) => ['node', cli, 'build', dir, '--out', out, '-q', ...flags];
row('cold build, example, PDF + DOCX', measure(build(example)), { ms: 450, mb: 150 });
row('cold build, example, PDF only', measure(build(example, '--format', 'pdf')));
row('cold build, example, DOCX only', measure(build(example, '--format', 'docx')));
row('dossier check, example', measure(['node', cli, 'check', example]));

// --- Dossier, warm: watch mode ---------------------------------------------------
async function warmRebuilds(): Promise<{ sameChars: number[]; newChars: number[]; latency: number[] }> {
  const dir = join(work, 'watched');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['profile.yaml', 'submission.yaml']) writeFileSync(join(dir, f), readFileSync(join(example, f)));
  const submission = join(dir, 'submission.yaml');
  const original = readFileSync(submission, 'utf8');
  const child = spawn('node', [cli, 'watch', dir, '--out', join(work, 'watch-out')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
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
row('warm rebuild in watch, one paragraph edited (no new characters)', { wallMs: median(warm.sameChars), samples: warm.sameChars }, { ms: 100 });
row('warm rebuild in watch, one paragraph edited (2 new characters)', { wallMs: median(warm.newChars), samples: warm.newChars }, { ms: 100 });
row('edit to files written, as the user waits (includes 40 ms settle)', { wallMs: median(warm.latency), samples: warm.latency.map(Math.round) });

// --- Dossier, long documents ---------------------------------------------------------
/** Paragraphs that make about `pages` pages: measured on a sample, then scaled. */
function reportOf(pages: number, perPage: number): { dir: string; pages: number } {
  const dir = join(work, `report-${pages}`);
  generateReport(example, dir, Math.round(pages * perPage));
  const result = spawnSync('node', [cli, 'build', dir, '--out', join(work, `report-${pages}-out`), '-q', '--format', 'pdf'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return { dir, pages: pdfPages(readFileSync(join(work, `report-${pages}-out`, 'submission.pdf'))) };
}
const sample = reportOf(10, 3);
const perPage = (10 * 3) / sample.pages;
const long: Record<number, { dir: string; pages: number; wallMs: number }> = {};
for (const pages of [20, 200]) {
  let report = reportOf(pages, perPage);
  // Headings and page breaks make pages uneven: one correction brings it within a few pages.
  if (Math.abs(report.pages - pages) > pages * 0.03) report = reportOf(pages, (perPage * pages) / report.pages);
  const m = measure(build(report.dir));
  long[pages] = { ...report, wallMs: m.wallMs };
  row(`cold build, generated report, ${report.pages} pages, PDF + DOCX`, m, pages === 200 ? { ms: 5000, mb: 400 } : undefined);
}
const growth = long[200]!.wallMs / long[20]!.wallMs;
rows.push({ name: `${long[200]!.pages}-page time / ${long[20]!.pages}-page time`, note: `${growth.toFixed(2)} ×`, target: '≤ 11 ×', met: growth <= 11 });
process.stderr.write(`  growth: ${growth.toFixed(2)} ×\n`);

// --- Peers on the same text ------------------------------------------------------------
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
const documents = { example: await peerInputs('example', example), [`${long[200]!.pages} pages`]: await peerInputs('report-200', long[200]!.dir) };
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
for (const [name, input] of Object.entries(documents)) {
  if (!typstAvailable) {
    skipped(`Typst (npm), ${name}, PDF`, `${typstPackage} is not installed`);
  } else {
    const script = join(root, 'bench', 'typst-compile.cjs');
    row(`Typst (npm), ${name}, PDF`, measure(['node', script, input.typ, join(work, `${name}-typst.pdf`), ...fontDirs]));
  }
  if (!has('pandoc')) skipped(`pandoc, ${name}, DOCX (no fonts embedded)`, 'pandoc is not installed (apt-get install pandoc)');
  else row(`pandoc, ${name}, DOCX (no fonts embedded)`, measure(['pandoc', input.md, '-o', join(work, `${name}-pandoc.docx`)]));
}
if (!has('soffice')) {
  skipped('LibreOffice, our example DOCX to PDF', 'soffice is not installed (apt-get install libreoffice-writer-nogui)');
} else {
  spawnSync('node', [cli, 'build', example, '--out', out, '-q']);
  const profile = `-env:UserInstallation=file://${join(work, 'lo-profile')}`;
  const convert = ['soffice', profile, '--headless', '--convert-to', 'pdf', '--outdir', join(work, 'lo'), join(out, 'submission.docx')];
  spawnSync(convert[0]!, convert.slice(1)); // first start creates the profile: not measured
  row('LibreOffice, our example DOCX to PDF', measure(convert));
}

// --- Report -----------------------------------------------------------------------------
const table = [
  '| measure | median wall | median peak RSS | target | met |',
  '| --- | ---: | ---: | --- | --- |',
  ...rows.map((r) =>
    [
      r.name,
      r.wallMs !== undefined ? `${Math.round(r.wallMs)} ms` : (r.note ?? ''),
      r.rssMB !== undefined ? `${Math.round(r.rssMB)} MB` : '',
      r.target ?? '',
      r.met === undefined ? '' : r.met ? 'yes' : 'no',
    ].join(' | '),
  ).map((line) => `| ${line} |`),
].join('\n');
process.stdout.write(`\n${table}\n`);
writeFileSync(
  join(root, 'bench', 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: availableParallelism(), runs, rows }, null, 2)}\n`,
);
process.stderr.write('\nwritten to bench/results.json\n');
