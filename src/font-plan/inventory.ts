import { fontkit } from '../fonts/parsed.js';
import { stat } from 'node:fs/promises';
import { displayPath } from '../paths.js';
import type { Theme } from '../theme/theme.js';
import { readFontFile } from '../fonts/files.js';
import type { Face, FontFile, FontSetup } from '../fonts/manifest.js';

/** What `dossier fonts` tells about one font file. */
export interface FileReport {
  path: string;
  index?: number;
  bytes: number;
  glyphs: number;
  postscriptName: string;
  /** Characters per script, largest first. */
  scripts: [string, number][];
}

const scripts = ['Han', 'Latin', 'Greek', 'Cyrillic', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo', 'Arabic', 'Hebrew', 'Thai', 'Devanagari'].map(
  (name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const,
);
const symbols = /[\p{S}\p{P}\p{No}]/u;

export async function describeFile(file: FontFile): Promise<FileReport> {
  const font = fontkit().create(await readFontFile(file)) as { numGlyphs: number; postscriptName: string; characterSet: number[] };
  const counts = new Map<string, number>();
  for (const cp of font.characterSet) {
    const char = String.fromCodePoint(cp);
    const script = scripts.find(([, re]) => re.test(char))?.[0] ?? (symbols.test(char) ? 'Symbols' : undefined);
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return {
    path: file.path,
    ...(file.index !== undefined ? { index: file.index } : {}),
    bytes: (await stat(file.path)).size,
    glyphs: font.numGlyphs,
    postscriptName: font.postscriptName,
    scripts: [...counts].sort((a, b) => b[1] - a[1]),
  };
}

export interface ChainReport {
  role: string;
  chain: string;
  /** The faces tried for each writing system (Hans, Hant, Arab… or "default"), in order. */
  systems: { system: string; faces: { face: Face; normal: FileReport; bold?: FileReport }[] }[];
}

/** The theme's roles, their chains, and each face's files, in the order they are tried. */
export async function fontInventory(theme: Theme, setup: FontSetup): Promise<ChainReport[]> {
  const reports: ChainReport[] = [];
  const described = new Map<Face, { face: Face; normal: FileReport; bold?: FileReport }>();
  const describe = async (face: Face) => {
    if (!described.has(face)) {
      const normal = await describeFile(face.normal);
      const bold = face.bold === face.normal ? undefined : await describeFile(face.bold);
      described.set(face, { face, normal, ...(bold ? { bold } : {}) });
    }
    return described.get(face)!;
  };
  for (const [role, name] of Object.entries(theme.fonts)) {
    const chain = setup.chains.get(name);
    const lists: [string, Face[]][] = chain ? [...chain.bySystem, ['default', chain.default]] : [];
    const systems = [];
    for (const [system, faces] of lists) systems.push({ system, faces: await Promise.all(faces.map(describe)) });
    reports.push({ role, chain: name, systems });
  }
  return reports;
}

export function formatInventory(reports: ChainReport[]): string {
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  const file = (label: string, r: FileReport) =>
    `        ${label.padEnd(6)} ${displayPath(r.path)}${r.index !== undefined ? ` #${r.index}` : ''}\n` +
    `               ${r.postscriptName}, ${mb(r.bytes)}, ${r.glyphs} glyphs; ${r.scripts.slice(0, 6).map(([s, n]) => `${s} ${n}`).join(', ')}`;
  return reports
    .map(({ role, chain, systems }) =>
      [
        `${role} -> chain "${chain}"`,
        ...systems.flatMap(({ system, faces }) => [
          `  ${system === 'default' ? 'other writing systems' : system}:`,
          ...faces.map(({ face, normal, bold }, i) =>
            [`    ${i + 1}. ${face.id}: ${face.family} (${face.licence})`, file('normal', normal), ...(bold ? [file('bold', bold)] : [])].join('\n'),
          ),
        ]),
      ].join('\n'),
    )
    .join('\n\n');
}
