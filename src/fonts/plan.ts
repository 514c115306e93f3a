import type { Block, DocumentTree, Inline } from '../document/tree.js';
import { pageLabel, type Theme } from '../theme/theme.js';
import { readCoverage, type Coverage } from './coverage.js';
import { perFontFile } from './font-file.js';
import type { Face, FontFile, FontSetup } from './manifest.js';

/**
 * Which face draws each character. Built once per build, before rendering: every
 * code point of the document is looked up in its role's chain (first face that has
 * it wins), faces further down a chain are read only when an earlier one lacks a
 * character, and what no face has is reported. Both renderers split their runs with
 * `segment`, so the PDF and the DOCX draw each character with the same face.
 */
export type Role = 'body' | 'heading' | 'title' | 'emphasis';

export interface Segment {
  text: string;
  face: Face;
}

export interface MissingCharacter {
  char: string;
  /** Roles whose chain lacks it, e.g. body. */
  roles: Role[];
}

export interface FontPlan {
  /** The chain's first face: what styles name. */
  primary(role: Role): Face;
  /** Splits text into runs of one face each. */
  segment(text: string, role: Role, bold: boolean): Segment[];
  missing: MissingCharacter[];
  /** Characters each face file draws (regular and bold counted apart): what to load and embed. */
  usage: Map<string, { face: Face; bold: boolean; file: FontFile; text: string }>;
}

/** Each face file's character map, read once per process. */
const coverages = perFontFile(readCoverage);
const cmapOf = (file: FontFile): Promise<Coverage> => coverages.get(file);

/** Forgets every character map, when font files change under watch. */
export const forgetCoverage = (): void => coverages.clear();

/** Characters that draw nothing and need no glyph: spaces, joiners, marks of direction. */
const invisible = /[\s\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

/**
 * Visits every run of text the document draws with the role and weight it is drawn
 * in: the title and headings bold in their faces, field labels and strong text bold,
 * emphasis in its face, footnotes and page furniture in the body face.
 */
export function forEachRun(tree: DocumentTree, theme: Theme, visit: (text: string, role: Role, bold: boolean) => void): void {
  const inlines = (list: Inline[], role: Role, bold: boolean): void => {
    for (const inline of list) {
      if (inline.kind === 'text') visit(inline.text, role, bold);
      else if (inline.kind === 'strong') inlines(inline.children, role, true);
      else if (inline.kind === 'emphasis') inlines(inline.children, 'emphasis', bold);
      else if (inline.kind === 'note') inlines(inline.children, 'body', false);
      else inlines(inline.children, role, bold);
    }
  };
  const block = (b: Block): void => {
    switch (b.kind) {
      case 'title':
        return inlines(b.children, 'title', true);
      case 'heading':
        return inlines(b.children, 'heading', true);
      case 'field':
        inlines(b.label, 'body', true);
        return inlines(b.value, 'body', false);
      case 'pageBreak':
        return;
      default:
        return inlines(b.children, 'body', false);
    }
  };
  tree.blocks.forEach(block);
  visit(theme.numbering.format.replace('%1', '0123456789'), 'body', false);
  visit(pageLabel(theme, tree.meta.pageLabel).replace(/\{pages?\}/g, '0123456789'), 'body', false);
  if (theme.header.show) visit(tree.meta.header, 'body', false);
}

export async function planFonts(tree: DocumentTree, theme: Theme, setup: FontSetup): Promise<FontPlan> {
  const chainOf = (role: Role): Face[] => {
    const name = theme.fonts[role];
    const chain = setup.chains.get(name);
    if (!chain) throw new Error(`theme font "${role}: ${name}" names no chain in fonts/manifest.yaml or the theme`);
    return chain;
  };

  // The characters of each (role, weight), then the face each one gets.
  const wanted = new Map<string, Set<string>>();
  forEachRun(tree, theme, (text, role, bold) => {
    const key = `${role}/${bold}`;
    const set = wanted.get(key) ?? new Set<string>();
    for (const char of text) if (!invisible.test(char)) set.add(char);
    wanted.set(key, set);
  });
  const assigned = new Map<string, Map<string, Face>>();
  const missing = new Map<string, Set<Role>>();
  for (const [key, chars] of wanted) {
    const [role, boldText] = key.split('/') as [Role, string];
    const bold = boldText === 'true';
    const faces = new Map<string, Face>();
    let remaining = [...chars];
    for (const face of chainOf(role)) {
      if (!remaining.length) break;
      const cmap = await cmapOf(bold ? face.bold : face.normal);
      const left: string[] = [];
      for (const char of remaining) {
        if (cmap.hasGlyphForCodePoint(char.codePointAt(0)!)) faces.set(char, face);
        else left.push(char);
      }
      remaining = left;
    }
    for (const char of remaining) missing.set(char, (missing.get(char) ?? new Set()).add(role));
    assigned.set(key, faces);
  }

  const segment = (text: string, role: Role, bold: boolean): Segment[] => {
    const faces = assigned.get(`${role}/${bold}`);
    const primary = chainOf(role)[0]!;
    const segments: Segment[] = [];
    for (const char of text) {
      const last = segments[segments.length - 1];
      // Invisible characters and missing ones stay with the run they stand in.
      const face = invisible.test(char) ? (last?.face ?? primary) : (faces?.get(char) ?? last?.face ?? primary);
      if (last && last.face === face) last.text += char;
      else segments.push({ text: char, face });
    }
    return segments;
  };

  const usage: FontPlan['usage'] = new Map();
  forEachRun(tree, theme, (text, role, bold) => {
    for (const { text: run, face } of segment(text, role, bold)) {
      const file = bold ? face.bold : face.normal;
      const key = `${face.id}/${bold}`;
      const entry = usage.get(key) ?? { face, bold, file, text: '' };
      entry.text += run;
      usage.set(key, entry);
    }
  });

  return {
    primary: (role) => chainOf(role)[0]!,
    segment,
    missing: [...missing].map(([char, roles]) => ({ char, roles: [...roles] })),
    usage,
  };
}
