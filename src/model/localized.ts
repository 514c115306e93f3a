/**
 * Text that may differ by language: a plain string (the same in every language: a
 * name, an acronym, the content of a one-language folder) or a map from BCP 47 tags
 * to text. The model keeps it as a Localized; each language's view resolves it.
 */
export class Localized<T = string> {
  constructor(readonly value: T | Record<string, T>) {}

  /** The languages this text is given in, or undefined when one text serves every language. */
  get languages(): string[] | undefined {
    return isMap(this.value) ? Object.keys(this.value) : undefined;
  }

  /** The text for `lang`, found along its fallback chain (zh-Hant-TW, zh-Hant, zh); undefined when missing. */
  in(lang: string): { text: T; key?: string } | undefined {
    if (!isMap(this.value)) return { text: this.value };
    const keys = new Map(Object.keys(this.value).map((k) => [k.toLowerCase(), k]));
    for (const candidate of fallbackChain(lang)) {
      const key = keys.get(candidate.toLowerCase());
      if (key !== undefined) return { text: (this.value as Record<string, T>)[key]!, key };
    }
    return undefined;
  }
}

const isMap = <T>(value: T | Record<string, T>): value is Record<string, T> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Localized);

/**
 * Where to look for a language's text, most specific first: the tag itself, its full
 * form with script and region (zh-TW -> zh-Hant-TW), then shorter and shorter forms of
 * both (zh-Hant, zh). A Traditional Chinese document never falls back to zh-CN.
 */
export function fallbackChain(lang: string): string[] {
  const chain: string[] = [];
  const add = (tag: string) => {
    for (let parts = tag.split('-'); parts.length; parts = parts.slice(0, -1)) {
      const candidate = parts.join('-');
      if (!chain.includes(candidate)) chain.push(candidate);
    }
  };
  chain.push(lang);
  try {
    const full = new Intl.Locale(lang).maximize();
    add([full.language, full.script, full.region].filter(Boolean).join('-'));
  } catch {
    // Not a tag Intl knows: its own prefixes will do.
  }
  add(lang);
  return chain;
}
