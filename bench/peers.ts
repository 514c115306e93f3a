import { itemNumbers } from '../src/document/text.js';
import type { DocumentTree, Inline } from '../src/document/tree.js';

/**
 * The same text for the peers: Typst source for the PDF, pandoc Markdown for the DOCX.
 * Close to Dossier's layout (A4, serif body, sans headings, numbered paragraphs,
 * justified, first-line indent); not a reimplementation of the themes.
 */
export function typstSource(tree: DocumentTree, fonts: { body: string; heading: string }): string {
  const text = (s: string) => `#${JSON.stringify(s).replace(/\\u([0-9a-fA-F]{4})/g, '\\u{$1}')}`;
  const inline = (list: Inline[]): string =>
    list
      .map((i) =>
        i.kind === 'text' ? text(i.text) : i.kind === 'strong' ? `#strong[${inline(i.children)}]` : i.kind === 'note' ? `#footnote[${inline(i.children)}]` : inline(i.children),
      )
      .join('');
  const numbers = itemNumbers(tree.blocks);
  const out = [
    '#set page(paper: "a4", margin: (x: 25mm, y: 25mm), footer: context align(center)[#counter(page).display()])',
    `#set text(font: ${JSON.stringify(fonts.body)}, size: 12pt, lang: "zh", region: "cn", cjk-latin-spacing: auto)`,
    '#set par(justify: true, leading: 0.9em, spacing: 0.9em, first-line-indent: (amount: 2em, all: true))',
    `#show heading: set text(font: ${JSON.stringify(fonts.heading)}, size: 14pt)`,
    `#show strong: set text(font: ${JSON.stringify(fonts.heading)})`,
  ];
  for (const block of tree.blocks) {
    switch (block.kind) {
      case 'title':
        out.push(`#align(center, text(font: ${JSON.stringify(fonts.heading)}, size: 16pt, weight: "bold")[${inline(block.children)}])`);
        break;
      case 'heading':
        out.push(`#heading(level: ${block.level})[${inline(block.children)}]`);
        break;
      case 'field':
        out.push(`#par(first-line-indent: 0pt)[#strong[${inline(block.label)}]${inline(block.value)}]`);
        break;
      case 'numbered':
        out.push(`#par[${text(`${numbers.get(block)}、`)}${inline(block.children)}]`);
        break;
      case 'paragraph':
        out.push(`#par[${inline(block.children)}]`);
        break;
      case 'pageBreak':
        out.push('#pagebreak()');
    }
  }
  return `${out.join('\n\n')}\n`;
}

export function markdownSource(tree: DocumentTree): string {
  const escape = (s: string) => s.replace(/([\\`*_{}[\]()#+\-.!<>|~^$])/g, '\\$1');
  const inline = (list: Inline[]): string =>
    list.map((i) => (i.kind === 'text' ? escape(i.text) : i.kind === 'strong' ? `**${inline(i.children)}**` : i.kind === 'note' ? `^[${inline(i.children)}]` : inline(i.children))).join('');
  const numbers = itemNumbers(tree.blocks);
  const out = [`---\ntitle: ${JSON.stringify(tree.meta.title)}\nlang: ${tree.meta.lang}\n---`];
  for (const block of tree.blocks) {
    if (block.kind === 'title') continue; // in the metadata
    if (block.kind === 'heading') out.push(`${'#'.repeat(block.level)} ${inline(block.children)}`);
    else if (block.kind === 'field') out.push(`**${inline(block.label)}**${inline(block.value)}`);
    else if (block.kind === 'numbered') out.push(`${numbers.get(block)}. ${inline(block.children)}`);
    else if (block.kind === 'paragraph') out.push(inline(block.children));
    else out.push('\\newpage');
  }
  return `${out.join('\n\n')}\n`;
}

