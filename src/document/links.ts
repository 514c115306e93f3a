/**
 * What a link may point at: a web page (https:, http:) or an e-mail address (mailto:).
 * Anything else (javascript:, file:, a relative path) would be a trap in a PDF sent to
 * the UN, so it is refused where it is written.
 */
const allowed = /^(https?:\/\/[^\s/?#]+\.[^\s]*|mailto:[^@\s]+@[^@\s]+\.[^@\s]+)$/i;

/** Why `href` cannot be a link, or undefined when it can. */
export function linkProblem(href: string): string | undefined {
  if (!href) return 'a link needs an address';
  if (allowed.test(href)) return undefined;
  return `"${href.length > 60 ? `${href.slice(0, 57)}…` : href}" is not a link Dossier writes: it must start with https://, http:// or mailto:`;
}
