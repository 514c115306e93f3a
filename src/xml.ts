const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text made safe to stand in XML, as character data or inside an attribute in either quotes. */
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c]!);
