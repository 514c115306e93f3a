// The PDF pane: each page drawn by pdf.js (npm pdfjs-dist, served from the package) on a
// canvas, with its text laid over it, selectable and read aloud.
import * as pdfjs from './vendor/pdf.mjs';
import { room } from './place.js';

pdfjs.GlobalWorkerOptions.workerSrc = new URL('vendor/pdf.worker.mjs', document.baseURI).href;

/** Draws a PDF into the pane, in place; resolves to its page count. */
export async function drawPdf(url, pane) {
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
