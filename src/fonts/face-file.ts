import type { FileHandle } from 'node:fs/promises';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { maxFontBytes, notFound, openConfined, type Confinement } from '../files/confined.js';
import { displayPath } from '../paths.js';
import type { FontFile } from './font-file.js';

/** How every font file is opened: see files/confined.ts. */
export const fontRules = (roots: readonly string[]): Confinement => ({ roots, what: 'font file', scope: 'fonts', maxBytes: maxFontBytes });

export interface OpenFace {
  handle: FileHandle;
  /** The file's path with every link followed. */
  real: string;
  /** Where the face's table directory starts: 0, or its place in a collection. */
  offset: number;
  /** `length` bytes from `at`, or an error if the file is shorter. */
  read(at: number, length: number): Promise<Buffer>;
}

/** TrueType, OpenType (CFF), Apple TrueType, and collections of them. */
const signatures = new Set(['\x00\x01\x00\x00', 'OTTO', 'true', 'ttcf']);

/**
 * Opens a face's file, confined to `roots`, and finds the face in it: a font file
 * itself, or a collection that has face `index`. The caller closes the handle.
 */
export async function openFace(file: FontFile, roots: readonly string[]): Promise<OpenFace> {
  const opened = await openConfined(file.path, fontRules(roots));
  if (!opened) throw notFound(file.path, fontRules(roots));
  const { handle } = opened;
  const read = async (at: number, length: number) => {
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await handle.read(bytes, 0, length, at);
    if (bytesRead < length) throw new Error('the file ends early');
    return bytes;
  };
  try {
    const header = await read(0, 12).catch(() => Buffer.alloc(12));
    const tag = header.toString('latin1', 0, 4);
    if (!signatures.has(tag)) {
      throw new DiagnosticError([
        error('fonts/invalid', `${displayPath(file.path)} is not a font file (TrueType, OpenType, or a collection of them)`, { file: file.path }),
      ]);
    }
    let offset = 0;
    if (tag === 'ttcf') {
      const count = header.readUInt32BE(8);
      const index = file.index ?? 0;
      if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new DiagnosticError([
          error('fonts/collection', `face index ${index} is not in this collection of ${count} faces (0–${count - 1})`, { file: file.path, field: 'index' }),
        ]);
      }
      offset = (await read(12 + 4 * index, 4)).readUInt32BE(0);
    }
    await checkTables(file, offset, opened.size, read);
    return { handle, real: opened.real, offset, read };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * Every table the face's directory lists lies inside the file: a file cut short (a
 * broken download, a copy that stopped) is refused here, by its file, rather than
 * drawn with glyphs that are not there.
 */
async function checkTables(file: FontFile, offset: number, size: number, read: OpenFace['read']): Promise<void> {
  const cutShort = () =>
    new DiagnosticError([error('fonts/invalid', `${displayPath(file.path)} is not a usable font: it is cut short (its tables end past its ${size.toLocaleString('en')} bytes)`, { file: file.path })]);
  const count = (await read(offset + 4, 2).catch(() => Promise.reject(cutShort()))).readUInt16BE(0);
  const directory = await read(offset + 12, 16 * count).catch(() => Promise.reject(cutShort()));
  for (let i = 0; i < count; i++) {
    const start = directory.readUInt32BE(16 * i + 8);
    const length = directory.readUInt32BE(16 * i + 12);
    if (start + length > size) throw cutShort();
  }
}

/** The real path of a face's file once openFace's checks pass (for the theme loader). */
export async function checkFace(file: FontFile, roots: readonly string[]): Promise<string> {
  const face = await openFace(file, roots);
  await face.handle.close();
  return face.real;
}
