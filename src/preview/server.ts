import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BuildOptions } from '../build.js';
import { DiagnosticError, error } from '../diagnostics/diagnostic.js';
import { watchContent, type Rebuild, type WatchNote } from '../watch/watch.js';
import { isOwnHost, makeToken, pathAfterToken } from './access.js';
import { asset } from './assets.js';
import { EventStream } from './events.js';
import { PreviewModel } from './state.js';

export interface PreviewOptions {
  /** The port to listen on; 0 (the default) for one the system picks. */
  port?: number;
  /** Told of each rebuild and note, as `watch` tells the terminal. */
  onRebuild?: (rebuild: Rebuild) => void;
  onNote?: (note: WatchNote) => void;
}

export interface Previewing {
  /** The page's address, token included. */
  url: string;
  port: number;
  /** The watched files and folders. */
  paths: string[];
  close(): Promise<void>;
}

/** Only this address: the preview is for the user at this machine, never the network. */
const host = '127.0.0.1';

/**
 * `dossier preview`: the watch engine, warm, building on every save, and a web page on
 * 127.0.0.1 that shows the last good PDF and Word file side by side, and the problems
 * of the last build, pushed to the page as Server-Sent Events.
 */
export async function startPreview(build: BuildOptions, options: PreviewOptions = {}): Promise<Previewing> {
  const token = makeToken();
  const model = new PreviewModel(build.contentDir);
  const events = new EventStream();
  // Reports are handled one after another: a rebuild's files are read before the next's.
  let handled = Promise.resolve();
  const push = (change: () => void | Promise<void>) => {
    handled = handled.then(change).then(
      () => {
        events.send('state', model.state);
      },
      (e: unknown) => {
        process.stderr.write(`preview: ${e instanceof Error ? e.message : String(e)}\n`);
      },
    );
  };

  const server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.end();
    });
  });
  let port = 0;

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://preview');
    const path = isOwnHost(request.headers.host, port) ? pathAfterToken(url.pathname, token) : undefined;
    if (path === undefined) return refuse(response);
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (path === '/events') return events.open(response, model.state);
    if (path === '/state') return send(response, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(model.state)), false);
    if (path.startsWith('/files/')) {
      const bytes = model.file(path.slice('/files/'.length));
      if (!bytes) return void response.writeHead(404).end();
      const type = path.endsWith('.pdf') ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      return send(response, type, Buffer.from(bytes), false);
    }
    // The page's address without its final slash would resolve its files beside the token.
    if (path === '/' && !url.pathname.endsWith('/')) return void response.writeHead(301, { location: `/${token}/` }).end();
    const found = await asset(path);
    if (!found) return void response.writeHead(404).end();
    send(response, found.type, found.bytes, true);
  }

  await new Promise<void>((listening, failed) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const reason = e.code === 'EADDRINUSE' ? 'another program uses it' : e.code === 'EACCES' ? 'permission denied' : e.message;
      failed(new DiagnosticError([error('preview/port', `cannot serve the preview on ${host}:${options.port}: ${reason}`, { suggestion: 'choose another port with --port, or leave it out for a free one' })]));
    });
    server.listen(options.port ?? 0, host, listening);
  });
  port = (server.address() as AddressInfo).port;

  const watching = await watchContent(
    build,
    (rebuild) => {
      options.onRebuild?.(rebuild);
      push(() => model.rebuilt(rebuild));
    },
    (note) => {
      options.onNote?.(note);
      push(() => model.noted(note));
    },
  );
  return {
    url: `http://${host}:${port}/${token}/`,
    port,
    paths: watching.paths,
    async close() {
      await watching.close();
      await handled;
      events.close();
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    },
  };
}

/** Every response of the page's own: nothing from another origin may load or be asked for. */
const policy = [
  "default-src 'self'",
  "script-src 'self'",
  // docx-preview writes the document's styles into <style> elements, pdf.js positions text by style attributes.
  "style-src 'self' 'unsafe-inline'",
  // Embedded fonts (the DOCX's, pdf.js's) are loaded from blob: and data: URLs made in the page.
  "font-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

function send(response: ServerResponse, type: string, bytes: Buffer, cache: boolean): void {
  response.writeHead(200, {
    'content-type': type,
    'content-length': bytes.length,
    'cache-control': cache ? 'private, max-age=3600' : 'no-store',
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(bytes);
}

function refuse(response: ServerResponse): void {
  response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('Forbidden: open the address `dossier preview` printed, with its token.\n');
}
