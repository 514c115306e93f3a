import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../build.js';
import { loadContent, type Content } from '../content/load.js';
import { treeOf } from '../template/document-tree.js';
import { DiagnosticError, error, pathOf } from '../diagnostics/diagnostic.js';
import { commitOutputs, type Output } from '../files/transaction.js';
import { displayPath } from '../paths.js';
import { similar, textHunks, unifiedDiff } from './diff.js';
import { blockIds, type IdRecord } from './ids.js';
import { paragraphText, pendingChanges, readDocx, resolveChanges, type DocxParagraph, type EditedDocx } from './read-docx.js';
import { align, markTags, type Alignment } from './template-map.js';
import { YamlEdits, type Path } from './yaml-edit.js';

/**
 * `dossier import`: a Dossier DOCX someone edited in Word or LibreOffice, read back
 * into the content folder it was built from. Each paragraph is matched by its id
 * (ids.ts) with the paragraph the content prints now; the words that differ go back
 * into the YAML text they were typed in, spliced where they stand (yaml-edit.ts).
 * Text an expression printed (a fact) is reported with its field, and changed only
 * with `facts`; whatever cannot be mapped is listed, never dropped.
 */

export interface ImportOptions {
  docx: string;
  contentDir: string;
  /** Write the edits into the YAML (else only print them). */
  write?: boolean;
  /** What to do with pending tracked changes: without either, they are listed and nothing is written. */
  accept?: boolean;
  reject?: boolean;
  /** Change the facts an edit of their printed value asks for. */
  facts?: boolean;
  /** Write the edits that map although some do not. */
  partial?: boolean;
  templatesDir?: string;
  theme?: string;
}

export interface ImportReport {
  /** The language of the edited file. */
  lang: string;
  /** The YAML files' unified diff: what is (or, with `write`, was) written. */
  diff: string;
  /** Word comments, as review notes located in the YAML: `file:line: author: text`. */
  notes: string[];
  /** Edits of text a template expression printed: which field holds it, and whether it was changed. */
  facts: string[];
  /** Edits that could not be mapped to the content. */
  unmapped: string[];
  /** Tracked changes left pending (without accept or reject nothing is written). */
  pending: string[];
  written: string[];
}

const files = ['profile.yaml', 'submission.yaml'] as const;

export async function importDocx(options: ImportOptions): Promise<ImportReport> {
  if (options.accept && options.reject) throw new DiagnosticError([error('import/options', '--accept and --reject: choose one')]);
  const edited = await readEdited(options.docx);
  const content = await loadContent(options.contentDir);
  const lang = await languageOf(edited, content, options.templatesDir);
  const current = await currentDocx(options, lang);
  const records = new Map((current.records ?? []).map((r) => [r.name, r]));
  const editedIds = edited.paragraphs.flatMap((p) => p.ids);
  const known = editedIds.filter((id) => records.has(id));
  if (!editedIds.length) {
    throw new DiagnosticError([
      error('import/not-dossier', `${displayPath(options.docx)} has no Dossier ids: it was not made by Dossier, or an editor dropped them`, {
        file: displayPath(options.docx),
        suggestion: 'import a DOCX that dossier build wrote, edited in Word or LibreOffice',
      }),
    ]);
  }
  if (known.length * 2 < editedIds.length) {
    throw new DiagnosticError([
      error('import/other-content', `${displayPath(options.docx)} was made from another content folder: ${editedIds.length - known.length} of its ${editedIds.length} paragraphs are not in ${displayPath(options.contentDir)}`, {
        file: displayPath(options.docx),
        suggestion: 'give --into the folder the file was built from',
      }),
    ]);
  }

  // Two folders of one kind and language have the same fields, so the same ids: the
  // file is from this folder where most paragraphs it shares with it read much alike.
  const now = new Map(current.paragraphs.flatMap((p) => p.ids.map((id) => [id, paragraphText(p)] as const)));
  const shared = edited.paragraphs.filter((p) => p.ids.some((id) => now.has(id)));
  const alike = shared.filter((p) => similar(paragraphText(p), now.get(p.ids.find((id) => now.has(id))!)!)).length;
  if (alike * 2 < shared.length) {
    throw new DiagnosticError([
      error('import/other-content', `${displayPath(options.docx)} was made from another content folder: ${shared.length - alike} of its ${shared.length} paragraphs read differently from ${displayPath(options.contentDir)}'s`, {
        file: displayPath(options.docx),
        suggestion: 'give --into the folder the file was built from',
      }),
    ]);
  }

  const yaml = new Map<string, YamlEdits>();
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = await readFile(join(options.contentDir, file), 'utf8');
    texts.set(file, text);
    yaml.set(file, new YamlEdits(text));
  }
  const at = (record: Pick<IdRecord, 'file' | 'field' | 'line'>) => `${displayPath(join(options.contentDir, record.file))}:${yaml.get(record.file)?.lineOf(pathOf(record.field)) ?? record.line}`;
  const report: ImportReport = { lang, diff: '', notes: [], facts: [], unmapped: [], pending: [], written: [] };

  // Pending tracked changes: listed, each where its paragraph comes from.
  const located = locator(edited, records, at);
  const pending = pendingChanges(edited);
  if (pending.length && !options.accept && !options.reject) {
    report.pending = pending.map((change) => `${located(change.paragraph)}: ${change.what}`);
    return report;
  }
  const resolved = options.accept ? resolveChanges(edited, 'accept') : options.reject ? resolveChanges(edited, 'reject') : edited;

  const before = new Map(current.paragraphs.flatMap((p) => p.ids.map((id) => [id, p] as const)));
  const seen = new Set<string>();
  /** The body entry the paragraphs so far end in: a new paragraph goes after it. */
  let lastEntry = -1;
  let added: string[] = [];
  const flushAdded = () => {
    if (!added.length) return;
    const multilingual = content.model.submission.languages.length > 1;
    const entries = added.map((text) => (multilingual ? `paragraph:\n  ${lang}: ${JSON.stringify(text)}` : `paragraph: ${JSON.stringify(text)}`));
    const submission = yaml.get('submission.yaml')!;
    // One insertion for the paragraphs that follow one entry, in their order.
    submission.insertItem(['body'], lastEntry, entries.join('\n- '));
    if (multilingual) report.unmapped.push(`new paragraph${added.length > 1 ? 's' : ''} after body[${lastEntry}] in ${lang} only: add the other languages' text before building`);
    added = [];
  };

  for (const paragraph of resolved.paragraphs) {
    const ids = paragraph.ids.filter((id) => records.has(id) && !seen.has(id));
    const text = marked(paragraph, true);
    if (!ids.length) {
      if (paragraphText(paragraph).trim()) {
        if (paragraph.cell) report.unmapped.push(`a new table cell or row ("${paragraphText(paragraph)}"): tables are changed in the YAML`);
        else added.push(escapeTemplate(text));
      }
      continue;
    }
    flushAdded();
    ids.forEach((id) => seen.add(id));
    const record = records.get(ids[0]!)!;
    const entry = /^body\[(\d+)\]/.exec(record.field);
    if (entry) lastEntry = Number(entry[1]);
    // Two paragraphs joined into one: the second's text now belongs to the first.
    for (const id of ids.slice(1)) report.unmapped.push(`${at(records.get(id)!)}: ${records.get(id)!.field} was joined to ${record.field}: split them again or move the text by hand`);
    const old = before.get(ids[0]!)!;
    // Bold set by the paragraph's style (a header cell, a caption) is no edit.
    const bold = !old.runs.filter((r) => r.text.trim()).every((r) => r.bold);
    const was = marked(old, bold);
    const now = marked(paragraph, bold);
    if (was === now) continue;
    editParagraph(record, was, now);
  }
  flushAdded();

  // Paragraphs no longer in the file.
  for (const record of current.records ?? []) {
    if (seen.has(record.name)) continue;
    const entry = /^body\[(\d+)\]\.paragraph(?:\.[\w-]+)?$/.exec(record.field);
    if (entry && !record.template) {
      yaml.get('submission.yaml')!.removeItem(['body'], Number(entry[1]));
      if (content.model.submission.languages.length > 1) report.notes.push(`${at(record)}: ${record.field} was deleted in ${lang}: the entry is removed in every language`);
    } else report.unmapped.push(`${at(record)}: ${record.field} was deleted: ${record.template ? 'it is made by a document template' : 'only a paragraph of the body can be removed'}; remove it in the YAML or the template`);
  }

  // Footnotes carry no ids: an edit of one is listed, never dropped.
  const notes = Math.max(current.notes.length, resolved.notes.length);
  for (let i = 0; i < notes; i++) {
    const was = current.notes[i]?.trim();
    const now = resolved.notes[i]?.trim();
    if (was === now) continue;
    const what = was === undefined ? `a new note "${now}"` : now === undefined ? `note ${i + 1} ("${was}") was removed` : `note ${i + 1}: "${was}" → "${now}"`;
    report.unmapped.push(`${displayPath(options.docx)}: ${what}: notes are edited under footnotes: in ${displayPath(join(options.contentDir, 'submission.yaml'))}`);
  }

  // Comments: review notes, located where their paragraph comes from.
  for (const comment of resolved.comments) {
    const index = resolved.paragraphs.findIndex((p) => p.comments.includes(comment.id));
    const where: string = index >= 0 ? locator(resolved, records, at)(index) : displayPath(options.docx);
    report.notes.push(`${where}: ${comment.author || 'someone'}: ${comment.text.trim()}`);
  }

  const outputs: Output[] = [];
  const diffs: string[] = [];
  for (const file of files) {
    let after: string;
    try {
      after = yaml.get(file)!.result();
    } catch (e) {
      report.unmapped.push(`${displayPath(join(options.contentDir, file))}: ${(e as Error).message}`);
      continue;
    }
    const before = texts.get(file)!;
    if (after === before) continue;
    diffs.push(unifiedDiff(file, before, after));
    outputs.push([join(options.contentDir, file), new TextEncoder().encode(after)]);
  }
  report.diff = diffs.join('');
  if (options.write && outputs.length && (!report.unmapped.length || options.partial)) {
    await commitOutputs(outputs);
    report.written = outputs.map(([path]) => displayPath(path));
  }
  return report;

  /** One paragraph's edits, into its field's template, or reported. */
  function editParagraph(record: IdRecord, was: string, now: string): void {
    const where = `${at(record)}: ${record.field}`;
    if (record.template) {
      report.unmapped.push(`${where}: "${plain(now)}": this line is a document template's wording around ${record.field}: change the template or the field`);
      return;
    }
    const file = yaml.get(record.file);
    const path = pathOf(record.field);
    const template = file?.valueAt(path);
    if (typeof template !== 'string') {
      report.unmapped.push(`${where}: "${plain(now)}": no text to change there`);
      return;
    }
    // Line breaks the template did not write are the layout's (a title set on two lines): no text.
    if (!template.includes('{{br}}')) {
      was = was.replace(/\n/g, '');
      now = now.replace(/\n/g, '');
      if (was === now) return;
    }
    const alignment = align(template, was);
    if (!alignment) {
      report.unmapped.push(`${where}: "${plain(now)}": the text no longer matches the YAML (changed since the file was built?)`);
      return;
    }
    const edits: { start: number; end: number; text: string }[] = [];
    for (const hunk of textHunks(was, now)) {
      const origins = alignment.origins.slice(hunk.start, hunk.end);
      const replaced = was.slice(hunk.start, hunk.end);
      if (origins.every((o) => o.kind === 'text')) {
        const start = hunk.start < hunk.end ? (origins[0] as { at: number }).at : gap(alignment, hunk.start);
        const end = hunk.start < hunk.end ? (origins[origins.length - 1] as { at: number }).at + 1 : start;
        if (start === undefined || end === undefined || /\{\{/.test(withoutMarks(template.slice(start, end)))) {
          report.unmapped.push(`${where}: "${replaced}" → "${hunk.text}" crosses a {{…}} of the text: make it in the YAML`);
          continue;
        }
        edits.push({ start, end, text: escapeTemplate(hunk.text) });
        continue;
      }
      const slots = new Set(origins.map((o) => (o.kind === 'slot' ? o.slot : -1)));
      if (slots.size === 1 && !slots.has(-1)) {
        fact(record, alignment, [...slots][0]!, was, hunk);
        continue;
      }
      report.unmapped.push(
        origins.some((o) => o.kind === 'prefix')
          ? `${where}: "${replaced}" → "${hunk.text}": the label is the document template's: change the template`
          : `${where}: "${replaced}" → "${hunk.text}" changes typed text and a fact together: make it in the YAML`,
      );
    }
    if (edits.length) file!.editString(path, edits);
  }

  /** An edit of what an expression printed: named, and made in the fact with `facts`. */
  function fact(record: IdRecord, alignment: Alignment, slot: number, was: string, hunk: { start: number; end: number; text: string }): void {
    const { segment, start, end } = alignment.slots[slot]!;
    const expression = alignment.segments[segment] as { expression: string; path?: string };
    const printed = was.slice(start, end);
    const changed = printed.slice(0, hunk.start - start) + hunk.text + printed.slice(hunk.end - start);
    const where = `${at(record)}: ${record.field}`;
    const factPath = expression.path?.split('.');
    const root = factPath?.[0];
    if (!factPath || (root !== 'profile' && root !== 'submission')) {
      report.unmapped.push(`${where}: "${printed}" → "${changed}" is printed by ${expression.expression}: change what it prints from`);
      return;
    }
    const factFile = `${root}.yaml`;
    const edits = yaml.get(factFile)!;
    let path: Path = factPath.slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const value = edits.valueAt(path);
    if (value && typeof value === 'object' && edits.valueAt([...path, lang]) !== undefined) path = [...path, lang];
    const current = edits.valueAt(path);
    const located = `${displayPath(join(options.contentDir, factFile))}:${edits.lineOf(path)} ${factPath.slice(1).join('.')}`;
    if (String(current) !== printed) {
      report.unmapped.push(`${where}: "${printed}" → "${changed}" comes from ${located}, printed differently: change it there`);
      return;
    }
    if (!options.facts) {
      report.facts.push(`"${printed}" → "${changed}" in ${record.field}: ${printed} comes from ${located}; --facts changes it there`);
      return;
    }
    const next = typeof current === 'number' && /^-?\d+(\.\d+)?$/.test(changed) ? Number(changed) : changed;
    edits.setValue(path, next);
    report.facts.push(`"${printed}" → "${changed}": changed ${located}`);
  }
}

async function readEdited(path: string): Promise<EditedDocx> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new DiagnosticError([error('import/read', `cannot read ${displayPath(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: displayPath(path) })]);
  }
  try {
    return readDocx(bytes);
  } catch (e) {
    throw new DiagnosticError([
      error('import/not-docx', `${displayPath(path)} is not a readable DOCX: ${(e as Error).message}`, { file: displayPath(path), suggestion: 'save it again from Word or LibreOffice as a .docx' }),
    ]);
  }
}

/**
 * The language of the edited file: as most of its ids' records say; where an editor
 * dropped the id part, the language whose document has most of its ids.
 */
async function languageOf(docx: EditedDocx, content: Content, templatesDir: string | undefined): Promise<string> {
  const { languages } = content.model.submission;
  const counts = new Map<string, number>();
  for (const record of docx.records ?? []) if (!record.template) counts.set(record.lang, (counts.get(record.lang) ?? 0) + 1);
  const said = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (said && languages.includes(said)) return said;
  if (languages.length === 1) return languages[0]!;
  const ids = new Set(docx.paragraphs.flatMap((p) => p.ids));
  let best = { lang: languages[0]!, shared: -1 };
  for (const lang of languages) {
    const { tree } = await treeOf(content, lang, templatesDir);
    const shared = blockIds(tree).records.filter((r) => ids.has(r.name)).length;
    if (shared > best.shared) best = { lang, shared };
  }
  return best.lang;
}

/** The DOCX the content makes now, in that language, read back: what the edited file is compared with. */
async function currentDocx(options: ImportOptions, lang: string): Promise<EditedDocx> {
  const out = await mkdtemp(join(tmpdir(), 'dossier-import-'));
  try {
    const result = await build({
      contentDir: options.contentDir,
      outDir: out,
      formats: ['docx'],
      languages: [lang],
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
      ...(options.theme ? { theme: options.theme } : {}),
    });
    return readDocx(await readFile(result.documents[0]!.files.docx!));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Where a paragraph of the file comes from, or the nearest one before it that has an id. */
function locator(docx: EditedDocx, records: Map<string, IdRecord>, at: (record: IdRecord) => string) {
  return (index: number): string => {
    for (let i = index; i >= 0; i--) {
      const record = docx.paragraphs[i]!.ids.map((id) => records.get(id)).find(Boolean);
      if (record) return i === index ? `${at(record)}: ${record.field}` : `${at(record)}: after ${record.field}`;
    }
    return 'at the start of the document';
  };
}

/** Bidi controls, soft hyphens and zero-width spaces the writer or an editor puts in: not text. */
const invisible = /[\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A paragraph's text with bold and italic written as the templates write them. */
function marked(paragraph: DocxParagraph, bold: boolean): string {
  let out = '';
  let inBold = false;
  let inItalic = false;
  for (const run of paragraph.runs) {
    const text = run.text.replace(invisible, '');
    if (!text) continue;
    const b = bold && run.bold;
    if (inItalic && !run.italic) (out += '{{/em}}'), (inItalic = false);
    if (inBold && !b) (out += '{{/strong}}'), (inBold = false);
    if (!inBold && b) (out += '{{#strong}}'), (inBold = true);
    if (!inItalic && run.italic) (out += '{{#em}}'), (inItalic = true);
    out += text;
  }
  if (inItalic) out += '{{/em}}';
  if (inBold) out += '{{/strong}}';
  return out;
}

const plain = (text: string) => text.replace(/\{\{[#/](?:strong|em)\}\}/g, '');
const withoutMarks = (text: string) => [...markTags].reduce((t, tag) => t.split(tag).join(''), text);

/** Text typed in Word, as template text: `{{` is typed braces, the marks stay marks. */
function escapeTemplate(text: string): string {
  return text.replace(/\{\{(?![#/](?:strong|em)\}\})/g, '\\{{');
}

/** Where text inserted before printed character `p` goes in the template. */
function gap(alignment: Alignment, p: number): number | undefined {
  const { origins, segments, slots } = alignment;
  const before = origins[p - 1];
  const after = origins[p];
  if (before?.kind === 'text') return before.at + 1;
  if (after?.kind === 'text') return after.at;
  if (before?.kind === 'slot') return (segments[slots[before.slot]!.segment] as { end: number }).end;
  if (after?.kind === 'slot') return segments[slots[after.slot]!.segment]!.start;
  return undefined;
}

