// The Word pane: the DOCX drawn by docx-preview (npm, served from the package), which
// does not lay out pages itself: it breaks them where the file says Word last broke
// them (w:lastRenderedPageBreak), which Dossier writes where its layout breaks pages.
// What docx-preview does otherwise than Word is mended here, before and after it draws.
import { replaceKeepingPlace, room } from './place.js';

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

/** Draws a DOCX into the pane, in place; resolves to its page count. */
export async function drawDocx(url, pane) {
  const data = await (await fetch(url)).blob();
  const parsed = await window.docx.parseAsync(data, docxOptions);
  continueAcrossPages(parsed.documentPart.body.children);
  pageFields(parsed);
  const nodes = await window.docx.renderDocument(parsed, docxOptions);
  // Drawn out of sight in the pane (fonts load, styles apply), then swapped in.
  const fresh = document.createElement('div');
  fresh.style.cssText = 'position:absolute;visibility:hidden;left:0;top:0';
  fresh.append(...nodes);
  // The fonts of the drawing it replaces are blob: URLs that live as long as the page: let them go after.
  const previous = [...pane.querySelectorAll('style')].flatMap((style) => style.textContent.match(/blob:[^)"'\s]+/g) ?? []);
  pane.append(fresh);
  labelFaces(fresh);
  numberPages(fresh);
  const sections = fresh.querySelectorAll('section.docx');
  const widest = Math.max(...[...sections].map((s) => s.offsetWidth), 1);
  const wrapper = fresh.querySelector('.docx-wrapper');
  if (wrapper) wrapper.style.zoom = String(Math.min(room(pane) / widest, 1.5));
  fresh.style.cssText = '';
  replaceKeepingPlace(pane, [fresh]);
  for (const url of previous) URL.revokeObjectURL(url);
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
