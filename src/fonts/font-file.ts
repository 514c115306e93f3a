/** A font file, or one face of a collection (.ttc) by its index. */
export interface FontFile {
  path: string;
  index?: number;
}

/** One string per face file, for caches. */
export const fileKey = (file: FontFile) => (file.index === undefined ? file.path : `${file.path}#${file.index}`);
