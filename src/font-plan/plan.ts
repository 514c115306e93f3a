import { documentRuns, type Role, type StyledRun } from '../document/runs.js';
import { listLabels } from '../document/text.js';
import type { DocumentTree } from '../document/tree.js';
import { isInvisible, writingSystem } from '../text/script.js';
import { pageLabel } from '../theme/page.js';
import type { Theme } from '../theme/theme.js';
import { readCoverage, type Coverage } from '../fonts/coverage.js';
import { perFontFile } from '../fonts/font-file.js';
import type { Face, FontFile, FontSetup } from '../fonts/manifest.js';

export type { Role } from '../document/runs.js';

/**
 * Which face draws each character. Built once per build, before rendering: each run
 * of the document (document/runs.ts) is looked up in the chain its role names for its
 * language's writing system, every code point in turn (first face that has it wins);
 * faces further down a chain are read only when an earlier one lacks a character,
 * and what no face has is reported. Both renderers split their runs with `segment`,
 * so the PDF and the DOCX draw each character with the same face.
 */
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
  /** The first face of a role's chain for a language: what styles name, and what sets the line height. */
  primary(role: Role, lang: string): Face;
  /** Splits text into runs of one face each. */
  segment(text: string, role: Role, bold: boolean, lang: string): Segment[];
  missing: MissingCharacter[];
  /** Characters each face file draws, each once (regular and bold counted apart): what to load and embed. */
  usage: Map<string, { face: Face; bold: boolean; file: FontFile; text: string }>;
  /** All the plan knows, as data another thread can be sent (planOf makes the plan again). */
  data: PlanData;
}

/**
 * A plan as plain data: the theme's chain for each role, the chains, and the face
 * chosen for each character of each (chain, weight). Structured cloning keeps a face
 * that several maps hold one object, as `segment` needs.
 */
export interface PlanData {
  roles: Theme['fonts'];
  chains: FontSetup['chains'];
  /** By `chain:system/bold`: the face each character is drawn with. */
  assigned: Map<string, Map<string, Face>>;
  missing: MissingCharacter[];
  usage: FontPlan['usage'];
}

/** Each face file's character map, read once per process. */
const coverages = perFontFile(readCoverage);
const cmapOf = (file: FontFile): Promise<Coverage> => coverages.get(file);

/** Forgets every character map, when font files change under watch. */
export const forgetCoverage = (): void => coverages.clear();

/** The document's page furniture and labels, drawn in the body face: numbers, page labels, the running header. */
function furnitureRuns(tree: DocumentTree, theme: Theme): StyledRun[] {
  const lang = tree.meta.lang;
  const run = (text: string): StyledRun => ({ text, role: 'body', bold: false, lang });
  return [
    run((theme.numbering.format ?? tree.meta.numbering).replace('%1', '0123456789')),
    run(pageLabel(theme, tree.meta.pageLabel).replace(/\{pages?\}/g, '0123456789')),
    ...(theme.header.show ? [run(tree.meta.header)] : []),
    // List labels are the layout's, not the text's ("(a)" in a text with no "(" would draw none).
    run([...listLabels(tree.blocks, tree.meta.lang).values()].join('')),
  ];
}

export async function planFonts(tree: DocumentTree, theme: Theme, setup: FontSetup): Promise<FontPlan> {
  const chainOf = chains(theme.fonts, setup.chains);

  // The characters of each (chain, weight), then the face each one gets.
  const runs = [...documentRuns(tree), ...furnitureRuns(tree, theme)];
  const wanted = new Map<string, { faces: Face[]; bold: boolean; role: Role; chars: Set<string> }>();
  for (const run of runs) {
    const { key, faces } = chainOf(run.role, run.lang);
    const entry = wanted.get(`${key}/${run.bold}`) ?? { faces, bold: run.bold, role: run.role, chars: new Set<string>() };
    for (const char of run.text) if (!isInvisible(char)) entry.chars.add(char);
    wanted.set(`${key}/${run.bold}`, entry);
  }
  const assigned = new Map<string, Map<string, Face>>();
  const missing = new Map<string, Set<Role>>();
  for (const [key, { faces: chain, bold, role, chars }] of wanted) {
    const faces = new Map<string, Face>();
    let remaining = [...chars];
    for (const face of chain) {
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

  const plan = planOf({
    roles: theme.fonts,
    chains: setup.chains,
    assigned,
    missing: [...missing].map(([char, roles]) => ({ char, roles: [...roles] })),
    usage: new Map(),
  });
  // Each character once: a long document's whole text would be copied and split again by every user.
  const used = new Map<string, { face: Face; bold: boolean; file: FontFile; chars: Set<string> }>();
  for (const run of runs) {
    for (const { text: part, face } of plan.segment(run.text, run.role, run.bold, run.lang)) {
      const key = `${face.id}/${run.bold}`;
      const entry = used.get(key) ?? { face, bold: run.bold, file: run.bold ? face.bold : face.normal, chars: new Set<string>() };
      for (const char of part) entry.chars.add(char);
      used.set(key, entry);
    }
  }
  for (const [key, { chars, ...entry }] of used) plan.usage.set(key, { ...entry, text: [...chars].join('') });
  return plan;
}

/** The faces a role's chain has for a language, and the key they are known by. */
function chains(roles: Theme['fonts'], known: FontSetup['chains']) {
  return (role: Role, lang: string): { key: string; faces: Face[] } => {
    const name = roles[role];
    const chain = known.get(name);
    // The theme loader reports unknown chains with their place; this is for trees built by hand.
    if (!chain) throw new Error(`theme font "${role}: ${name}" names no chain`);
    const system = writingSystem(lang);
    return chain.bySystem.has(system) ? { key: `${name}:${system}`, faces: chain.bySystem.get(system)! } : { key: `${name}:default`, faces: chain.default };
  };
}

/** The plan its data describes: in the thread that planned, or another one sent the data. */
export function planOf(data: PlanData): FontPlan {
  const chainOf = chains(data.roles, data.chains);
  const segment = (text: string, role: Role, bold: boolean, lang: string): Segment[] => {
    const { key, faces: chain } = chainOf(role, lang);
    const faces = data.assigned.get(`${key}/${bold}`);
    const primary = chain[0]!;
    const segments: Segment[] = [];
    for (const char of text) {
      const last = segments[segments.length - 1];
      // Invisible characters and missing ones stay with the run they stand in: neither
      // was given a face.
      const face = faces?.get(char) ?? last?.face ?? primary;
      if (last && last.face === face) last.text += char;
      else segments.push({ text: char, face });
    }
    return segments;
  };
  return { primary: (role, lang) => chainOf(role, lang).faces[0]!, segment, missing: data.missing, usage: data.usage, data };
}
