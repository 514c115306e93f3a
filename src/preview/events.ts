import type { ServerResponse } from 'node:http';

/**
 * Server-Sent Events: each open page holds one response open and is sent the preview's
 * state whenever it changes. The browser reconnects by itself when the stream breaks.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // A comment line now and then keeps proxies and idle timers from closing the stream.
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), 15_000);
    this.heartbeat.unref();
  }

  /** Takes over a request's response as a stream, and sends it `first`. */
  open(response: ServerResponse, first: unknown): void {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`retry: 1000\n${event('state', first)}`);
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  send(name: string, data: unknown): void {
    this.write(event(name, data));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}

/** One event: JSON on one data line (JSON.stringify writes no raw line breaks). */
const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
