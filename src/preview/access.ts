import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may read the preview: the page holds the user's unpublished submission, and any
 * web page the user opens could ask 127.0.0.1 for it. So the address carries a random
 * token as its first path segment (every request needs it, the page's scripts too), and
 * the Host header must name this server: a site whose name is made to point at
 * 127.0.0.1 (DNS rebinding) sends its own name and is refused.
 */
export function makeToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The path after the token, or undefined when the path does not start with it. */
export function pathAfterToken(path: string, token: string): string | undefined {
  const slash = path.indexOf('/', 1);
  const given = Buffer.from(slash < 0 ? path.slice(1) : path.slice(1, slash));
  const wanted = Buffer.from(token);
  // In constant time: how much of a guess was right says nothing.
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return undefined;
  return slash < 0 ? '/' : path.slice(slash);
}

/** Whether a Host header names this server: 127.0.0.1 or localhost, on its port. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
