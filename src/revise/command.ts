import type { Command } from 'commander';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { importDocx, type ImportReport } from './import.js';

/** `dossier import`, registered on the CLI's program (src/cli/main.ts). */
export function importCommand(program: Command): void {
  program
    .command('import')
    .description("read a Dossier DOCX that colleagues edited in Word or LibreOffice back into its content folder: prints the YAML diff, writes it with --write")
    .argument('<edited.docx>', 'the DOCX dossier build wrote, after editing')
    .requiredOption('--into <content-dir>', 'the content folder the DOCX was built from (profile.yaml, submission.yaml)')
    .option('--write', 'write the edits into the YAML files (default: only print the diff)')
    .option('--accept', 'take pending tracked changes as accepted (without --accept or --reject they are listed and nothing is written)')
    .option('--reject', 'take pending tracked changes as rejected')
    .option('--facts', 'where an edit changes a fact printed in a sentence ("63" from profile.yaml membership.memberUnits), change the fact')
    .option('--partial', 'with --write, write the edits that map even when some cannot be mapped (default: then write nothing)')
    .option('-t, --theme <name|file>', "layout theme the DOCX was built with (default: the content folder's theme.yaml, else un)")
    .option('--templates <dir>', 'document templates folder the DOCX was built with (default: the bundled templates/)')
    .action(async (docx: string, opts: { into: string; write?: boolean; accept?: boolean; reject?: boolean; facts?: boolean; partial?: boolean; theme?: string; templates?: string }) => {
      const report = await importDocx({
        docx,
        contentDir: opts.into,
        write: Boolean(opts.write),
        accept: Boolean(opts.accept),
        reject: Boolean(opts.reject),
        facts: Boolean(opts.facts),
        partial: Boolean(opts.partial),
        ...(opts.theme ? { theme: opts.theme } : {}),
        ...(opts.templates ? { templatesDir: opts.templates } : {}),
      });
      printReport(report);
      if (report.pending.length) {
        throw new DiagnosticError([error('import/pending', `${report.pending.length} tracked change${report.pending.length === 1 ? '' : 's'} pending: nothing written`, { suggestion: 'accept or reject them in Word, or import with --accept or --reject' })]);
      }
      if (opts.write && report.unmapped.length && !opts.partial) {
        throw new DiagnosticError([error('import/unmapped', `${report.unmapped.length} edit${report.unmapped.length === 1 ? '' : 's'} could not be mapped: nothing written`, { suggestion: 'make them in the YAML, or import with --partial to write the rest' })]);
      }
    });
}

function printReport(report: ImportReport): void {
  process.stdout.write(report.diff);
  const section = (title: string, lines: string[]) => lines.length && process.stderr.write(`${title}:\n${lines.map((l) => `  ${l}\n`).join('')}`);
  section('pending tracked changes', report.pending);
  section('facts', report.facts);
  section('review notes', report.notes);
  section('not mapped', report.unmapped);
  for (const path of report.written) process.stderr.write(`wrote ${path}\n`);
  if (!report.diff && !report.pending.length && !report.unmapped.length) process.stderr.write(`no edits in ${report.lang}\n`);
}
