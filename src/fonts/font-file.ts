/** A font file, or one face of a collection (.ttc) by its index. */
export interface FontFile {
  /**
   * The file's real path, found inside the folders a build may read when the theme
   * was loaded (theme/theme.ts); whoever reads it reads exactly that file.
   */
  path: string;
  index?: number;
}

/** One string per face file, for caches. */
export const fileKey = (file: FontFile) => (file.index === undefined ? file.path : `${file.path}#${file.index}`);

/**
 * A cache of one load per face file, for the whole process (watch mode keeps it
 * warm); a load that fails is forgotten, so the next build tries again.
 */
export function perFontFile<T>(load: (file: FontFile) => Promise<T>): { get(file: FontFile): Promise<T>; clear(): void } {
  const cache = new Map<string, Promise<T>>();
  return {
    get(file) {
      const key = fileKey(file);
      let value = cache.get(key);
      if (!value) {
        value = load(file);
        cache.set(key, value);
        value.catch(() => cache.delete(key));
      }
      return value;
    },
    clear: () => cache.clear(),
  };
}
