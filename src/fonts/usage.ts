import type { Block, DocumentTree, Inline } from '../document/tree.js';
import { pageLabel, type Theme } from '../theme/theme.js';
import { readFontFile } from './files.js';
import type { FaceSet } from './manifest.js';
import { subsetFace } from './subset.js';

export type EmbedFonts = 'subset' | 'full' | 'none';

/**
 * Which characters each face role draws, regular and bold, by the theme's rules
 * (title and headings bold in their face, labels and strong bold, emphasis in its
 * face). Both renderers style by the same rules, so they load and embed just these.
 */
export function faceUsage(tree: DocumentTree, theme: Theme): Map<string, { regular: string; bold: string }> {
  const usage = new Map<string, { regular: string; bold: string }>();
  const use = (role: string, bold: boolean, text: string) => {
    const entry = usage.get(role) ?? { regular: '', bold: '' };
    if (bold) entry.bold += text;
    else entry.regular += text;
    usage.set(role, entry);
  };
  const inlines = (list: Inline[], role: string, bold: boolean): void => {
    for (const inline of list) {
      if (inline.kind === 'text') use(role, bold, inline.text);
      else if (inline.kind === 'strong') inlines(inline.children, role, true);
      else if (inline.kind === 'emphasis') inlines(inline.children, theme.fonts.emphasis, bold);
      else if (inline.kind === 'note') inlines(inline.children, theme.fonts.body, false);
      else inlines(inline.children, role, bold);
    }
  };
  const block = (b: Block): void => {
    switch (b.kind) {
      case 'title':
        return inlines(b.children, theme.fonts.title, true);
      case 'heading':
        return inlines(b.children, theme.fonts.heading, true);
      case 'field':
        inlines(b.label, theme.fonts.body, true);
        return inlines(b.value, theme.fonts.body, false);
      case 'pageBreak':
        return;
      default:
        return inlines(b.children, theme.fonts.body, false);
    }
  };
  tree.blocks.forEach(block);
  use(theme.fonts.body, false, theme.numbering.format + pageLabel(theme, tree.meta.pageLabel) + tree.meta.header);
  return usage;
}

/** The font files a document needs: only these are read. */
export function filesUsed(tree: DocumentTree, theme: Theme, faces: FaceSet): string[] {
  const files = new Set<string>();
  for (const [role, used] of faceUsage(tree, theme)) {
    const face = faces.get(role);
    if (face && used.regular) files.add(face.normal);
    if (face && used.bold) files.add(face.bold);
  }
  return [...files];
}

/** The faces to embed in a DOCX: the weights the document draws, subset to its characters (or whole). */
export async function embeddedFonts(tree: DocumentTree, theme: Theme, faces: FaceSet, mode: EmbedFonts): Promise<EmbeddedFont[]> {
  if (mode === 'none') return [];
  const pick = (path: string, text: string) => (mode === 'full' ? readFontFile(path) : subsetFace(path, text));
  const fonts: EmbeddedFont[] = [];
  for (const [role, used] of faceUsage(tree, theme)) {
    const face = faces.get(role);
    if (!face) continue;
    fonts.push({
      name: face.family,
      ...(used.regular ? { regular: await pick(face.normal, used.regular) } : {}),
      ...(used.bold ? { bold: await pick(face.bold, used.bold) } : {}),
    });
  }
  return fonts;
}

/** A face to embed: its family name and the font files of the weights the document draws. */
export interface EmbeddedFont {
  name: string;
  regular?: Uint8Array;
  bold?: Uint8Array;
}
