// The preview page. The server pushes its state (server.ts, state.ts) as Server-Sent
// Events on every build; the page shows the last good PDF (pdf.js) and Word file
// (docx-preview) of the chosen language side by side, each redrawn only when its
// bytes changed, in place, at the same scroll position; and the last build's problems.
import * as pdfjs from './vendor/pdf.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = new URL('vendor/pdf.worker.mjs', document.baseURI).href;

const $ = (id) => document.getElementById(id);
const panes = { pdf: $('pdf'), docx: $('docx') };
/** What each pane shows: the file drawn ("lang:hash") and its page count. */
const shown = { pdf: { hash: undefined, pages: 0 }, docx: { hash: undefined, pages: 0 } };
const drawing = { pdf: undefined, docx: undefined };
let state;
let lang;

const events = new EventSource('events');
events.addEventListener('state', (event) => update(JSON.parse(event.data)));
events.addEventListener('error', () => {
  $('status').textContent = 'Lost the connection to dossier preview; trying again…';
});

function update(next) {
  state = next;
  if (!lang || !state.languages.some((l) => l.lang === lang)) lang = state.languages[0]?.lang;
  $('folder').textContent = state.contentDir;
  status();
  banner();
  tabs();
  gauges();
  problems();
  for (const format of ['pdf', 'docx']) draw(format);
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
const plural = (n, one, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function status() {
  const errors = state.problems.filter((p) => p.severity === 'error').length;
  $('status').textContent =
    state.ok === undefined
      ? 'Building…'
      : state.ok
        ? `Built at ${time(state.builtAt)}${state.problems.length ? `, ${plural(state.problems.length, 'warning')}` : ''}`
        : `The build at ${time(state.builtAt)} failed: ${plural(errors, 'error')}`;
}

function banner() {
  const element = $('banner');
  element.classList.toggle('gone', state.gone);
  if (state.gone) {
    element.textContent = `${state.contentDir} is gone: nothing is built until it is back.`;
  } else if (state.ok === false) {
    const errors = state.problems.filter((p) => p.severity === 'error').length;
    element.textContent = state.goodAt
      ? `Not built: ${plural(errors, 'problem')} below. These pages are from the last good build, at ${time(state.goodAt)}: they do not show your latest edits.`
      : `Not built: ${plural(errors, 'problem')} below. Fix ${errors === 1 ? 'it' : 'them'} and save; the pages appear here.`;
  }
  element.hidden = !state.gone && state.ok !== false;
}

function tabs() {
  const list = $('tabs');
  const langs = state.languages.map((l) => l.lang);
  const documents = $('documents');
  if (langs.length < 2) {
    documents.removeAttribute('role');
    documents.removeAttribute('aria-labelledby');
    return list.replaceChildren();
  }
  documents.setAttribute('role', 'tabpanel');
  if (list.dataset.langs !== langs.join(',')) {
    list.dataset.langs = langs.join(',');
    list.replaceChildren(
      ...langs.map((tag) => {
        const tab = document.createElement('button');
        tab.type = 'button';
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-controls', 'documents');
        tab.id = `tab-${tag}`;
        tab.textContent = tag;
        tab.lang = tag;
        tab.addEventListener('click', () => choose(tag));
        return tab;
      }),
    );
  }
  for (const tab of list.children) {
    const selected = tab.textContent === lang;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  documents.setAttribute('aria-labelledby', `tab-${lang}`);
}

// Arrow keys move between the language tabs, as in any tab list.
$('tabs').addEventListener('keydown', (event) => {
  const langs = state?.languages.map((l) => l.lang) ?? [];
  const step = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity }[event.key];
  if (!step || !langs.length) return;
  event.preventDefault();
  choose(langs[Math.min(Math.max(langs.indexOf(lang) + step, 0), langs.length - 1)]);
  $(`tab-${lang}`)?.focus();
});

function choose(tag) {
  lang = tag;
  update(state);
}

function gauges() {
  const language = state.languages.find((l) => l.lang === lang);
  $('gauges').replaceChildren(
    ...(language?.gauges ?? []).map((g) => {
      const element = document.createElement('div');
      element.className = `gauge${g.used > g.max ? ' over' : ''}`;
      const label = document.createElement('label');
      const id = `gauge-${g.what}`;
      label.htmlFor = id;
      label.textContent = `${g.what}: ${g.used.toLocaleString()} of ${g.max.toLocaleString()}${g.who ? ` (${g.who})` : ''}`;
      const meter = document.createElement('meter');
      meter.id = id;
      meter.min = 0;
      meter.max = g.max;
      meter.value = Math.min(g.used, g.max);
      meter.high = g.max * 0.9;
      meter.optimum = 0;
      element.append(label, meter);
      return element;
    }),
  );
}

function problems() {
  const list = $('problem-list');
  const all = [...state.problems, ...state.watchProblems];
  const count = all.length + state.moreProblems;
  $('problem-count').textContent = count ? `(${count.toLocaleString()})` : '';
  if (!all.length) {
    const none = document.createElement('li');
    none.className = 'none';
    none.textContent = state.ok === undefined ? 'Building…' : 'None.';
    return list.replaceChildren(none);
  }
  const more = document.createElement('li');
  more.className = 'none';
  more.textContent = `…and ${plural(state.moreProblems, 'more problem')}: the first ones above often cause the rest.`;
  list.replaceChildren(
    ...all.map((p) => {
      const item = document.createElement('li');
      item.className = p.severity;
      const severity = document.createElement('span');
      severity.className = 'severity';
      severity.textContent = p.severity;
      const where = document.createElement('span');
      where.className = 'where';
      where.textContent = p.where ? `${p.where}: ` : '';
      const message = document.createElement('span');
      message.textContent = p.message + (p.field ? ` (${p.field})` : '');
      const rule = document.createElement('span');
      rule.className = 'rule';
      rule.textContent = ` [${p.rule}]`;
      item.append(severity, where, message, rule);
      if (p.source !== undefined) {
        // The line as written, and a caret under the column (for the eye: a screen reader has the column in the place).
        const source = document.createElement('pre');
        source.textContent = `${String(p.line).padStart(4)} | ${p.source}`;
        if (p.column) {
          const caret = document.createElement('span');
          caret.setAttribute('aria-hidden', 'true');
          caret.textContent = `\n     | ${' '.repeat(Math.max(p.column - 1, 0))}^`;
          source.append(caret);
        }
        item.append(source);
      }
      if (p.suggestion) {
        const hint = document.createElement('div');
        hint.className = 'hint';
        hint.textContent = `hint: ${p.suggestion}`;
        item.append(hint);
      }
      if (p.causedCount) {
        const caused = document.createElement('div');
        caused.className = 'hint';
        caused.textContent = `…and ${plural(p.causedCount, 'more error')} caused by it`;
        item.append(caused);
      }
      return item;
    }),
    ...(state.moreProblems ? [more] : []),
  );
}

/** Redraws a pane when the file it should show is not the one it shows; one drawing at a time. */
function draw(format) {
  const language = state.languages.find((l) => l.lang === lang);
  const file = language?.files[format];
  const pane = panes[format];
  pane.classList.toggle('stale', Boolean(file?.stale));
  $(`${format}-stale`).hidden = !file?.stale;
  if (!file) {
    if (state.ok && language) {
      shown[format] = { hash: undefined, pages: 0 };
      empty(pane, `No ${format === 'pdf' ? 'PDF' : 'Word file'} in this build (--format).`);
    } else if (!shown[format].hash) empty(pane, state.ok === false ? 'No pages yet: fix the problems below, and save.' : 'Building…');
    count(format);
    return;
  }
  if (shown[format].hash === `${lang}:${file.hash}` || drawing[format]) return;
  const wanted = `${lang}:${file.hash}`;
  // The PDF first: the Word pane waits for a PDF being drawn (they share the one thread).
  const before = format === 'docx' && drawing.pdf ? drawing.pdf.catch(() => {}) : Promise.resolve();
  drawing[format] = before
    .then(() => (format === 'pdf' ? drawPdf : drawDocx)(file.url, pane))
    .then((pages) => {
      shown[format] = { hash: wanted, pages };
      pane.dataset.shown = wanted;
      count(format);
    })
    .catch((error) => {
      console.error(error);
      empty(pane, `Could not draw the ${format.toUpperCase()}: ${error.message}`);
    })
    .finally(() => {
      drawing[format] = undefined;
      // The state may have moved on while this one was drawn.
      draw(format);
    });
}

function count(format) {
  const pages = shown[format].hash ? shown[format].pages : 0;
  $(`${format}-count`).textContent = pages ? `· ${plural(pages, 'page')}` : '';
}

function empty(pane, text) {
  const note = document.createElement('p');
  note.className = 'empty';
  note.textContent = text;
  pane.replaceChildren(note);
}

/** Swaps a pane's content for new content, keeping where the reader is. */
function replaceKeepingPlace(pane, children) {
  const { scrollTop, scrollLeft } = pane;
  pane.replaceChildren(...children);
  pane.scrollTop = scrollTop;
  pane.scrollLeft = scrollLeft;
}

/** The width a page may take in a pane: the pane's, less its padding and scroll bar. */
const room = (pane) => pane.clientWidth - 24;

async function drawPdf(url, pane) {
  const data = await (await fetch(url)).arrayBuffer();
  const pdf = await pdfjs.getDocument({
    data,
    cMapUrl: 'vendor/cmaps/',
    cMapPacked: true,
    standardFontDataUrl: 'vendor/standard_fonts/',
    isEvalSupported: false,
  }).promise;
  try {
    // The page in view first, then those nearest it: each replaces its old drawing as soon
    // as it is drawn, so the page being read is current first.
    const old = [...pane.querySelectorAll('.pdf-page')];
    if (!old.length) pane.replaceChildren();
    const inView = old.findIndex((box) => box.offsetTop + box.offsetHeight > pane.scrollTop);
    const from = Math.min(Math.max(inView, 0), pdf.numPages - 1);
    const order = Array.from({ length: pdf.numPages }, (_, i) => i).sort((a, b) => Math.abs(a - from) - Math.abs(b - from) || a - b);
    const boxes = new Array(pdf.numPages);
    for (const i of order) {
      boxes[i] = await drawPdfPage(pdf, i + 1, pane);
      const place = old[i] ?? boxes.slice(0, i).findLast(Boolean);
      if (old[i]) old[i].replaceWith(boxes[i]);
      else if (place) place.after(boxes[i]);
      else pane.prepend(boxes[i]);
    }
    for (const box of old.slice(pdf.numPages)) box.remove();
    return pdf.numPages;
  } finally {
    await pdf.destroy();
  }
}

async function drawPdfPage(pdf, n, pane) {
  const page = await pdf.getPage(n);
  const ratio = window.devicePixelRatio || 1;
  const scale = room(pane) / page.getViewport({ scale: 1 }).width;
  const viewport = page.getViewport({ scale });
  const box = document.createElement('div');
  box.className = 'pdf-page';
  box.dataset.page = String(n);
  box.style.width = `${viewport.width}px`;
  box.style.height = `${viewport.height}px`;
  box.style.setProperty('--total-scale-factor', String(scale));
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', `PDF page ${n} of ${pdf.numPages}`);
  const canvas = document.createElement('canvas');
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${viewport.width}px`;
  canvas.style.height = `${viewport.height}px`;
  await page.render({ canvasContext: canvas.getContext('2d'), viewport, ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}) }).promise;
  // The text over the drawing, as pdf.js lays it out: selectable, searchable, read aloud.
  const text = document.createElement('div');
  text.className = 'textLayer';
  await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
  box.append(canvas, text);
  return box;
}

/** docx-preview's options: pages break where the layout's did (the DOCX marks them, w:lastRenderedPageBreak). */
const docxOptions = {
  breakPages: true,
  ignoreLastRenderedPageBreak: false,
  experimental: true,
  renderHeaders: true,
  renderFooters: true,
  renderFootnotes: true,
  renderEndnotes: true,
};

async function drawDocx(url, pane) {
  const data = await (await fetch(url)).blob();
  const parsed = await window.docx.parseAsync(data, docxOptions);
  continueAcrossPages(parsed.documentPart.body.children);
  pageFields(parsed);
  const nodes = await window.docx.renderDocument(parsed, docxOptions);
  // Drawn out of sight in the pane (fonts load, styles apply), then swapped in.
  const fresh = document.createElement('div');
  fresh.style.cssText = 'position:absolute;visibility:hidden;left:0;top:0';
  fresh.append(...nodes);
  pane.append(fresh);
  labelFaces(fresh);
  numberPages(fresh);
  const sections = fresh.querySelectorAll('section.docx');
  const widest = Math.max(...[...sections].map((s) => s.offsetWidth), 1);
  const wrapper = fresh.querySelector('.docx-wrapper');
  if (wrapper) wrapper.style.zoom = String(Math.min(room(pane) / widest, 1.5));
  fresh.style.cssText = '';
  replaceKeepingPlace(pane, [fresh]);
  return sections.length;
}

/**
 * Word draws a paragraph's number in the fonts of its paragraph mark, East Asian face
 * included; docx-preview gives it the Latin face only, which has no "、" (a box in
 * "1、"). The label takes the face of the paragraph's first run, which has both.
 */
function labelFaces(container) {
  for (const paragraph of container.querySelectorAll('p[class*="docx-num-"]')) {
    const run = paragraph.querySelector('span');
    if (run) paragraph.style.fontFamily = getComputedStyle(run).fontFamily;
  }
}

/** An empty paragraph that takes no room: it carries a page mark between two parts of a table. */
const markParagraph = (mark) => ({ type: 'paragraph', children: [mark], cssStyle: { 'min-height': '0', height: '0', margin: '0', 'line-height': '0' } });

/**
 * A table a page starts in has the mark in the first cell of the row the page starts
 * with (Word writes it there); docx-preview breaks only between the body's paragraphs.
 * The table is cut there: its header rows set again at the top of the next part, as
 * Word and the PDF repeat them, and the mark between the parts.
 */
function tableAcrossPages(table) {
  const rows = table.children;
  const at = rows.findIndex((row, k) => k > 0 && row.children?.[0]?.children?.[0]?.children?.some(hasPageMark));
  if (at < 0) return undefined;
  const paragraph = rows[at].children[0].children[0];
  const run = paragraph.children.find(hasPageMark);
  const mark = run.children.find(isPageMark);
  run.children = run.children.filter((child) => child !== mark);
  const header = [];
  // A bare <w:tblHeader/> is on (ECMA-376), which docx-preview reads as null: only false or no element is off.
  for (const row of rows) {
    if (row.isHeader === undefined || row.isHeader === false) break;
    header.push(row);
  }
  const rest = { ...table, children: [...header, ...rows.slice(at)] };
  return [{ ...table, children: rows.slice(0, at) }, markParagraph({ ...run, children: [mark] }), ...(tableAcrossPages(rest) ?? [rest])];
}

/** Stand-ins for the PAGE and NUMPAGES fields, numbered once the pages are drawn. */
const fieldMarks = { PAGE: '\uE010', NUMPAGES: '\uE011' };

/**
 * docx-preview draws a field's last result, and a page-number field has none until Word
 * lays the document out: each PAGE and NUMPAGES field of the headers and footers is
 * given a stand-in that `numberPages` replaces on each page.
 */
function pageFields(parsed) {
  const walk = (element) => {
    const children = element.children ?? [];
    for (let i = 0; i < children.length; i++) {
      const instruction = children[i].children?.find((child) => child.type === 'instruction');
      const field = instruction && /^\s*(PAGE|NUMPAGES)\b/.exec(instruction.text)?.[1];
      // A run of its own after the field's (which docx-preview does not draw), in its size and face.
      if (field) children.splice(++i, 0, { ...children[i - 1], fieldRun: false, children: [{ type: 'text', text: fieldMarks[field] }] });
      else walk(children[i]);
    }
  };
  for (const part of parsed.parts) if (part.rootElement?.type === 'header' || part.rootElement?.type === 'footer') walk(part.rootElement);
}

function numberPages(container) {
  const sections = [...container.querySelectorAll('section.docx')];
  sections.forEach((section, i) => {
    const texts = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      if (/[\uE010\uE011]/.test(text.data)) text.data = text.data.replaceAll(fieldMarks.PAGE, String(i + 1)).replaceAll(fieldMarks.NUMPAGES, String(sections.length));
    }
  });
}

const isPageMark = (child) => child.type === 'break' && child.break === 'lastRenderedPageBreak';
const hasPageMark = (child) => child.type === 'run' && child.children?.some(isPageMark);

/**
 * docx-preview breaks a page at a paragraph's w:lastRenderedPageBreak by cutting the
 * paragraph in two, but both halves keep its properties: the second would be numbered
 * again ("4" for the rest of paragraph 3) and indented as a first line. Here a paragraph
 * that goes on on the next page is cut before docx-preview sees it: its first half ends
 * with the mark; the rest has no number, no first-line indent and no space before, as
 * the PDF sets it. A mark at a paragraph's very start moves to the end of the one before
 * (docx-preview would leave an empty line at the foot of the page).
 */
function continueAcrossPages(children) {
  for (let i = 0; i < children.length; i++) {
    const paragraph = children[i];
    if (paragraph.type === 'table') {
      const parts = tableAcrossPages(paragraph);
      if (parts) children.splice(i, 1, ...parts);
      continue;
    }
    if (paragraph.type !== 'paragraph') continue;
    const at = paragraph.children.findIndex(hasPageMark);
    if (at < 0) continue;
    const run = paragraph.children[at];
    const mark = run.children.findIndex(isPageMark);
    const before = [...paragraph.children.slice(0, at), { ...run, children: run.children.slice(0, mark) }];
    const after = [{ ...run, children: run.children.slice(mark + 1) }, ...paragraph.children.slice(at + 1)];
    const markRun = { ...run, children: [run.children[mark]] };
    const empty = before.every((child) => child.type === 'run' && !child.children?.some((c) => c.type === 'text' && c.text));
    if (empty && children[i - 1]?.type === 'paragraph') {
      children[i - 1] = { ...children[i - 1], children: [...children[i - 1].children, markRun] };
      paragraph.children = after;
      continue;
    }
    if (empty) continue;
    const rest = {
      ...paragraph,
      children: after,
      numbering: { id: 'continued', level: 0 },
      cssStyle: { ...paragraph.cssStyle, 'text-indent': '0', 'margin-top': '0' },
    };
    paragraph.children = [...before, markRun];
    children.splice(i + 1, 0, rest);
    i++;
  }
}
