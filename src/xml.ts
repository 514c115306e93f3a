import { withoutNonXml } from './text/characters.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text made safe to stand in XML, as character data or inside an attribute in either
 * quotes. A character XML 1.0 forbids is dropped: the checks of the inputs report
 * those, and escaping cannot make them legal.
 */
export const escapeXml = (text: string): string => withoutNonXml(text).replace(/[&<>"']/g, (c) => escapes[c]!);
