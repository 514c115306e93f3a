#!/usr/bin/env node
import { basename, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { build, buildTree, contentTheme, fontPlanFor, formats, type Format } from '../build.js';
import { fontInventory, formatInventory } from '../fonts/inventory.js';
import { loadFontSetup } from '../fonts/manifest.js';
import { loadTheme } from '../theme/theme.js';
import { DiagnosticError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import type { EmbedFonts } from '../render/docx/embedded-fonts.js';

/** Exit codes: 0 success, 1 the content (or templates) has errors, 2 the command line is wrong. */
const exitCodes = { ok: 0, content: 1, usage: 2 } as const;

function report(diagnostics: Diagnostic[], json: boolean): void {
  if (!diagnostics.length) return;
  process.stderr.write(json ? `${JSON.stringify(diagnostics, null, 2)}\n` : `${formatDiagnostics(diagnostics)}\n`);
}

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((f) => f.trim().toLowerCase());
  for (const f of list) {
    if (!(formats as readonly string[]).includes(f)) {
      throw new CommanderError(exitCodes.usage, 'dossier.format', `unknown format "${f}" (use ${formats.join(', ')})`);
    }
  }
  return list as Format[];
}

interface BuildFlags {
  out?: string;
  format: Format[];
  theme?: string;
  embedFonts: EmbedFonts;
  allowMissingGlyphs?: boolean;
  json?: boolean;
  quiet?: boolean;
}

const program = new Command()
  .name('dossier')
  .description('Turn an organisation profile and its submission (YAML) into a PDF and a Word document.')
  .showHelpAfterError()
  .exitOverride();

program
  .command('build')
  .description('build the PDF and DOCX of a content folder (profile.yaml + submission.yaml)')
  .argument('<content-dir>', 'folder with profile.yaml and submission.yaml')
  .option('-o, --out <dir>', 'folder to write submission.pdf / submission.docx into (default: output/<content-dir name>)')
  .option('-f, --format <list>', `formats to write, comma-separated: ${formats.join(',')}`, parseFormats, [...formats])
  .option('-t, --theme <name|file>', "layout theme: un, gbt9704, or a .yaml file that may extend one (default: the content folder's theme.yaml, else un)")
  .addOption(
    new Option('--embed-fonts <mode>', 'fonts inside the DOCX: subset (only the characters used), full, or none')
      .choices(['subset', 'full', 'none'])
      .default('subset'),
  )
  .option('--allow-missing-glyphs', 'report characters no configured font has as warnings, not errors')
  .option('--json', 'print problems as JSON (for tools and editors)')
  .option('-q, --quiet', 'print nothing but problems')
  .action(async (contentDir: string, opts: BuildFlags) => {
    const outDir = opts.out ?? join('output', basename(resolve(contentDir)));
    const started = performance.now();
    let last = started;
    const say = (line: string) => opts.quiet || process.stderr.write(`${line}\n`);
    const result = await build({
      contentDir,
      outDir,
      formats: opts.format,
      theme: opts.theme,
      embedFonts: opts.embedFonts,
      allowMissingGlyphs: Boolean(opts.allowMissingGlyphs),
      onStage: (stage) => {
        const now = performance.now();
        say(`  ${stage.padEnd(8)} ${Math.round(now - last)} ms`);
        last = now;
      },
    });
    report(result.warnings, Boolean(opts.json));
    for (const path of result.written) say(`wrote ${path}`);
    say(`done in ${Math.round(performance.now() - started)} ms`);
  });

program
  .command('check')
  .description('validate a content folder and its templates without writing anything')
  .argument('<content-dir>', 'folder with profile.yaml and submission.yaml')
  .option('--json', 'print problems as JSON')
  .action(async (contentDir: string, opts: { json?: boolean }) => {
    const { tree, warnings } = await buildTree(contentDir);
    report(warnings, Boolean(opts.json));
    process.stderr.write(`ok: ${tree.blocks.length} blocks\n`);
  });

program
  .command('fonts')
  .description('list the font chains a theme uses: each face, its file, size, glyph count and scripts')
  .option('-t, --theme <name|file>', "theme whose chains to list (default: the checked folder's theme.yaml, else un)")
  .option('--check <content-dir>', 'check that every character of this content is in a configured font, and stop')
  .option('--json', 'print as JSON')
  .action(async (opts: { theme?: string; check?: string; json?: boolean }) => {
    const theme = await loadTheme(opts.theme ?? (opts.check ? await contentTheme(opts.check) : 'un'));
    if (opts.check) {
      const built = await buildTree(opts.check);
      const { plan, diagnostics } = await fontPlanFor(built, theme);
      report(diagnostics, Boolean(opts.json));
      if (diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticError(diagnostics);
      const faces = [...new Set([...plan.usage.values()].map((u) => u.face.id))];
      process.stderr.write(`ok: every character has a glyph (faces used: ${faces.join(', ')})\n`);
      return;
    }
    const inventory = await fontInventory(theme, loadFontSetup(theme));
    process.stdout.write(opts.json ? `${JSON.stringify(inventory, null, 2)}\n` : `${formatInventory(inventory)}\n`);
  });

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return exitCodes.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      if (e.exitCode === 0) return exitCodes.ok;
      return exitCodes.usage;
    }
    if (e instanceof DiagnosticError) {
      report(e.diagnostics, argv.includes('--json'));
      return exitCodes.content;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv);
