// The preview page. The server pushes its state (server.ts, state.ts) as Server-Sent
// Events on every build; the page shows the last good PDF (pdf.js) and Word file
// (docx-preview) of the chosen language side by side, each redrawn only when its
// bytes changed, in place, at the same scroll position; and the last build's problems.
import { drawPdf } from './pdf-pane.js';
import { showProblems } from './problems.js';
import { plural } from './words.js';
import { drawDocx } from './word-pane.js';

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
  showProblems($('problem-list'), $('problem-count'), state);
  for (const format of ['pdf', 'docx']) draw(format);
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');

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

