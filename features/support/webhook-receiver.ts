import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { freePort } from './free-port.ts';

/** One request a receiver got, and what verifying it with `standardwebhooks` said. */
export interface ReceivedWebhook {
  at: number;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The verified payload, or why verification failed (no secret yet counts as a failure). */
  verified: { ok: true; payload: unknown } | { ok: false; error: string };
}

/** How the receiver answers one request: a status, and a Retry-After header if given. */
export interface Answer {
  status: number;
  retryAfter?: string;
}

/**
 * A webhook receiver as an integrator writes one: a real HTTP server on 127.0.0.1 that verifies
 * every request with the `standardwebhooks` package and the secret it was given at registration,
 * answering each in turn from a script (then 200). It can be down (its port closed) and come up
 * again on the same port.
 */
export class WebhookReceiver extends EventEmitter<{ request: [ReceivedWebhook] }> {
  readonly received: ReceivedWebhook[] = [];
  secret: string | undefined;
  /** While true, requests are recorded and left unanswered (a receiver that hangs). */
  holding = false;
  private server: Server | undefined;

  private constructor(
    readonly port: number,
    private readonly script: Answer[],
  ) {
    super();
  }

  /** Starts listening on a free port, or only reserves one when `down`. */
  static async start(options: { script?: Answer[]; down?: boolean } = {}): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(await freePort(), [...(options.script ?? [])]);
    if (!options.down) await receiver.up();
    return receiver;
  }

  url(path = '/hook', host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      void this.read(req).then((body) => {
        this.record(req, body);
        if (this.holding) return;
        const answer = this.script.shift() ?? { status: 200 };
        if (answer.retryAfter !== undefined) res.setHeader('retry-after', answer.retryAfter);
        res.statusCode = answer.status;
        res.end('ok');
      });
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    const { port } = server.address() as AddressInfo;
    if (port !== this.port) throw new Error(`the receiver came up on ${port}, not ${this.port}`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` requests (matching `filter`) were received; rejects after `timeoutMs`. */
  async waitFor(
    count: number,
    timeoutMs: number,
    filter: (r: ReceivedWebhook) => boolean = () => true,
  ): Promise<ReceivedWebhook[]> {
    const matching = (): ReceivedWebhook[] => this.received.filter(filter);
    if (matching().length >= count) return matching();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('request', onRequest);
        reject(
          new Error(`the receiver got ${matching().length} of ${count} requests within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const onRequest = (): void => {
        if (matching().length < count) return;
        clearTimeout(timer);
        this.off('request', onRequest);
        resolve(matching());
      };
      this.on('request', onRequest);
    });
  }

  private async read(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private record(req: IncomingMessage, body: string): void {
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
    );
    let verified: ReceivedWebhook['verified'];
    try {
      if (!this.secret) throw new Error('no secret yet');
      verified = { ok: true, payload: new Webhook(this.secret).verify(body, headers) };
    } catch (error) {
      verified = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const entry = { at: Date.now(), path: req.url ?? '', headers, body, verified };
    this.received.push(entry);
    this.emit('request', entry);
  }
}
