// A notification receiver for subscription tests: a real HTTP server on 127.0.0.1 that answers
// each request with the status `status(path)` decides (204 by default) and keeps every request.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Notification extends Record<string, unknown> {
  id: string;
  type: string;
  subscriptionId: string;
  data: Array<Record<string, unknown> & { id: string }>;
}

export interface Received {
  path: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Notification;
}

export class NotificationReceiver {
  readonly got: Received[] = [];
  status: (path: string) => number = () => 204;
  url = '';
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const path = req.url ?? '';
        const status = this.status(path);
        this.got.push({ path, status, headers: req.headers, body: JSON.parse(text) as Notification });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The requests to `path` that were answered with success. */
  at(path: string): Received[] {
    return this.got.filter((r) => r.path === path && r.status < 300);
  }

  /** The notifications delivered to `path` (answered with success). */
  bodies(path: string): Notification[] {
    return this.at(path).map((r) => r.body);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => this.server?.close(() => ok()));
  }
}
