import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { readFileSync, watch } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Request } from 'express';
import { checkProjectConf, startTestNginx, type RunningNginx } from '../../scripts/nginx-test-conf.ts';
import type { SemkerWorld } from '../support/world.ts';
import { freePort } from '../support/free-port.ts';

/** A response as the client received it from nginx: status, headers (raw too, to count repeats), bytes. */
interface EdgeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** What the API's HTTP server received from nginx, read from the real request once it was answered. */
interface SeenByApi {
  url: string;
  headers: IncomingHttpHeaders;
  /** Express's req.ip: the client address after applying `trust proxy` (TRUST_PROXY). */
  ip: string | undefined;
}

interface NginxState {
  nginx: RunningNginx;
  seen: SeenByApi[];
  last?: EdgeResponse;
  batch?: EdgeResponse[];
}

/** The nginx steps keep their own state beside the shared world, so they need nothing from it. */
const states = new WeakMap<SemkerWorld, NginxState>();

function stateOf(world: SemkerWorld): NginxState {
  const state = states.get(world);
  if (!state) throw new Error('nginx is not running: start it with "Given nginx is proxying to the API".');
  return state;
}

/** The address of the scenario's nginx, e.g. http://127.0.0.1:41234 (for steps of other files). */
export function nginxBaseUrl(world: SemkerWorld): string {
  return stateOf(world).nginx.baseUrl;
}

function lastOf(world: SemkerWorld): EdgeResponse {
  const last = stateOf(world).last;
  assert.ok(last, 'no request was sent through nginx');
  return last;
}

/**
 * One request to nginx with node:http, which neither decompresses nor hides repeated headers and can
 * choose the client's own address (any 127.0.0.0/8 address is this machine's loopback).
 */
function send(
  nginx: RunningNginx,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer; localAddress?: string } = {},
): Promise<EdgeResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: nginx.port,
        method,
        path,
        headers: {
          ...options.headers,
          ...(options.body ? { 'content-length': String(options.body.length) } : {}),
        },
        localAddress: options.localAddress,
        agent: false,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    // nginx may answer 413 and close before it has read the whole body: that is not the client's error.
    req.on('error', (error) => {
      if (!settled) reject(error);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path} through nginx timed out`)));
    req.end(options.body);
  });
}

async function sendAndKeep(
  world: SemkerWorld,
  method: string,
  path: string,
  options: Parameters<typeof send>[3] = {},
) {
  const state = stateOf(world);
  state.last = await send(state.nginx, method, path, options);
  return state.last;
}

function jsonOf(response: EdgeResponse): Record<string, unknown> {
  return JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
}

function accessLog(world: SemkerWorld): Array<Record<string, unknown>> {
  return readFileSync(stateOf(world).nginx.accessLog, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * nginx writes the access-log line after it has sent the response, so the client can read the response
 * first: wait (bounded, on the file's own changes) until an entry satisfies `ready`.
 */
async function accessLogWhen(
  world: SemkerWorld,
  ready: (entries: Array<Record<string, unknown>>) => boolean,
  timeoutMs = 5_000,
): Promise<Array<Record<string, unknown>>> {
  const path = stateOf(world).nginx.accessLog;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entries = accessLog(world);
    if (ready(entries) || Date.now() > deadline) return entries;
    await new Promise<void>((resolve) => {
      const watcher = watch(path, () => {
        watcher.close();
        resolve();
      });
      setTimeout(() => {
        watcher.close();
        resolve();
      }, 50);
    });
  }
}

function onlySeen(world: SemkerWorld): SeenByApi {
  const seen = stateOf(world).seen;
  assert.equal(
    seen.length,
    1,
    `the API received ${seen.length} requests: ${seen.map((s) => s.url).join(', ')}`,
  );
  return seen[0]!;
}

/** The sources a CSP allows for one directive (falling back to default-src, as browsers do). */
function cspSources(csp: string, directive: string): string[] {
  const directives = new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map((words) => [words[0]!.toLowerCase(), words.slice(1)] as const),
  );
  return directives.get(directive) ?? directives.get('default-src') ?? [];
}

function singleHeader(response: EdgeResponse, name: string): string {
  const values = response.rawHeaders.filter(
    (_, i) => i % 2 === 0 && response.rawHeaders[i]!.toLowerCase() === name.toLowerCase(),
  );
  assert.equal(values.length, 1, `expected one ${name} header, got ${values.length}`);
  return String(response.headers[name.toLowerCase()]);
}

// --- Given ----------------------------------------------------------------------------------------

Given('nginx is proxying to the API', async function (this: SemkerWorld) {
  const api = this.api;
  assert.ok(api, 'start the API before nginx');
  const state: NginxState = {
    nginx: await startTestNginx({
      upstream: `127.0.0.1:${new URL(api.baseUrl).port}`,
      listenPort: await freePort(),
    }),
    seen: [],
  };
  states.set(this, state);
  this.onCleanup(() => state.nginx.stop());
  // Observe the real app from outside: once Express has answered, read what it received and the
  // req.ip it computed (Express gives the request its own prototype while handling it).
  api.server.on('request', (req: IncomingMessage, res) => {
    res.on('finish', () =>
      state.seen.push({ url: req.url ?? '', headers: { ...req.headers }, ip: (req as Request).ip }),
    );
  });
});

// --- When -----------------------------------------------------------------------------------------

When('a client sends GET {string} through nginx', async function (this: SemkerWorld, path: string) {
  await sendAndKeep(this, 'GET', path);
});

When(
  'a client sends GET {string} through nginx with the request id {string}',
  async function (this: SemkerWorld, path: string, id: string) {
    await sendAndKeep(this, 'GET', path, { headers: { 'x-request-id': id } });
  },
);

When(
  'a client sends GET {string} through nginx accepting gzip',
  async function (this: SemkerWorld, path: string) {
    await sendAndKeep(this, 'GET', path, { headers: { 'accept-encoding': 'gzip' } });
  },
);

When(
  'a client at {word} sends GET {string} through nginx claiming {string}',
  async function (this: SemkerWorld, address: string, path: string, header: string) {
    const [name, ...value] = header.split(':');
    await sendAndKeep(this, 'GET', path, {
      headers: { [name!.trim()]: value.join(':').trim() },
      localAddress: address,
    });
  },
);

When(
  'a client posts a body of {int} bytes to {string} through nginx',
  async function (this: SemkerWorld, bytes: number, path: string) {
    const envelope = '{"message":""}';
    const body = Buffer.from(`{"message":"${'x'.repeat(bytes - envelope.length)}"}`);
    assert.equal(body.length, bytes);
    await sendAndKeep(this, 'POST', path, {
      headers: { 'content-type': 'application/json', 'x-ms-conversation-id': this.conversationId },
      body,
    });
  },
);

When(
  'a client posts {int} messages to {string} through nginx at once',
  async function (this: SemkerWorld, count: number, path: string) {
    const state = stateOf(this);
    // All in flight together, so the outcome does not depend on how fast this machine is.
    state.batch = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        send(state.nginx, 'POST', path, {
          headers: {
            'content-type': 'application/json',
            'x-ms-conversation-id': `${this.conversationId}-${i}`,
          },
          body: Buffer.from(JSON.stringify({ message: 'What is my current tariff?' })),
        }),
      ),
    );
  },
);

When(
  'a client sends GET {string} through nginx {int} times',
  async function (this: SemkerWorld, path: string, count: number) {
    const state = stateOf(this);
    state.batch = [];
    for (let i = 0; i < count; i += 1) state.batch.push(await send(state.nginx, 'GET', path));
  },
);

When('the API behind nginx stops', async function (this: SemkerWorld) {
  await this.stopApi();
});

// --- Then -----------------------------------------------------------------------------------------

Then("{string} accepts the project's nginx.conf with its upstream on 127.0.0.1", function (command: string) {
  assert.equal(command, 'nginx -t');
  const { ok, output } = checkProjectConf();
  assert.ok(ok, output);
  assert.match(output, /test is successful/);
});

Then('nginx answers {int}', function (this: SemkerWorld, status: number) {
  const last = lastOf(this);
  assert.equal(last.status, status, last.body.toString('utf8'));
});

Then('nginx answers {int} with a problem document', function (this: SemkerWorld, status: number) {
  const last = lastOf(this);
  assert.equal(last.status, status, last.body.toString('utf8'));
  assert.match(String(last.headers['content-type']), /^application\/problem\+json/);
  const problem = jsonOf(last);
  assert.equal(problem.status, status);
  for (const member of ['type', 'title', 'detail', 'instance', 'request_id'])
    assert.ok(problem[member], `no ${member}`);
  assert.equal(problem.request_id, last.headers['x-request-id']);
});

Then(
  'the nginx response is JSON with {string} equal to {string}',
  function (this: SemkerWorld, key: string, value: string) {
    assert.equal(String(jsonOf(lastOf(this))[key]), value);
  },
);

Then('the API received {int} request(s) through nginx', function (this: SemkerWorld, count: number) {
  const seen = stateOf(this).seen;
  assert.equal(seen.length, count, `the API received: ${seen.map((s) => s.url).join(', ') || 'nothing'}`);
});

Then(
  'the nginx response has these headers, each exactly once:',
  function (this: SemkerWorld, table: DataTable) {
    const last = lastOf(this);
    for (const [name, value] of table.raw()) assert.equal(singleHeader(last, name!), value, name);
  },
);

Then(
  "every script the page loads is allowed by the page's Content-Security-Policy",
  function (this: SemkerWorld) {
    const last = lastOf(this);
    const allowed = cspSources(singleHeader(last, 'Content-Security-Policy'), 'script-src');
    const html = last.body.toString('utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1] ?? '');
    assert.ok(scripts.length > 0, 'the page loads no script');
    const self = stateOf(this).nginx.baseUrl;
    for (const attributes of scripts) {
      const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
      if (src === undefined) {
        assert.ok(
          allowed.includes("'unsafe-inline'"),
          `an inline script is blocked by script-src ${allowed.join(' ')}`,
        );
        continue;
      }
      const origin = new URL(src, `${self}/docs/`).origin;
      const ok = origin === new URL(self).origin ? allowed.includes("'self'") : allowed.includes(origin);
      assert.ok(ok, `the script ${src} is blocked by script-src ${allowed.join(' ')}`);
    }
  },
);

Then(
  'the Content-Security-Policy of the nginx response allows scripts from {string}',
  function (this: SemkerWorld, source: string) {
    assert.ok(
      cspSources(singleHeader(lastOf(this), 'Content-Security-Policy'), 'script-src').includes(source),
    );
  },
);

Then('the API received the request id {string}', function (this: SemkerWorld, id: string) {
  assert.equal(onlySeen(this).headers['x-request-id'], id);
});

Then(
  'the API received a request id of {int} hexadecimal digits',
  function (this: SemkerWorld, digits: number) {
    assert.match(String(onlySeen(this).headers['x-request-id']), new RegExp(`^[0-9a-f]{${digits}}$`));
  },
);

Then(
  'the nginx response header {string} is {string}',
  function (this: SemkerWorld, name: string, value: string) {
    assert.equal(singleHeader(lastOf(this), name), value);
  },
);

Then(
  'the nginx response header {string} is the request id the API received',
  function (this: SemkerWorld, name: string) {
    assert.equal(singleHeader(lastOf(this), name), onlySeen(this).headers['x-request-id']);
  },
);

/** Waits (bounded) for nginx's access-log line of the request with this id. */
async function assertLoggedRequestId(world: SemkerWorld, id: string | string[] | undefined): Promise<void> {
  const logged = (entries: Array<Record<string, unknown>>): boolean =>
    entries.some((e) => e.request_id === id);
  assert.ok(logged(await accessLogWhen(world, logged)), `no access log entry with request_id ${String(id)}`);
}

Then("nginx's access log records the request id {string}", async function (this: SemkerWorld, id: string) {
  await assertLoggedRequestId(this, id);
});

Then("nginx's access log records the request id the API received", async function (this: SemkerWorld) {
  await assertLoggedRequestId(this, onlySeen(this).headers['x-request-id']);
});

Then(
  'the API received the header {string} with {string}',
  function (this: SemkerWorld, name: string, value: string) {
    assert.equal(onlySeen(this).headers[name.toLowerCase()], value);
  },
);

Then('the client address the API computed is {string}', function (this: SemkerWorld, address: string) {
  assert.equal(onlySeen(this).ip, address);
});

Then(
  "nginx's access log records the client address {string}",
  async function (this: SemkerWorld, address: string) {
    const isClient = (entry: Record<string, unknown>): boolean => entry.uri !== '/nginx-health';
    const entries = (await accessLogWhen(this, (all) => all.some(isClient))).filter(isClient);
    assert.equal(entries.length, 1, JSON.stringify(entries));
    assert.equal(entries[0]!.remote_addr, address);
    assert.match(String(entries[0]!.x_forwarded_for), new RegExp(`, ${address.replaceAll('.', '\\.')}$`));
  },
);

Then('at least {int} posts were accepted', function (this: SemkerWorld, count: number) {
  const statuses = (stateOf(this).batch ?? []).map((r) => r.status);
  assert.ok(statuses.filter((s) => s === 201).length >= count, `statuses: ${statuses.join(' ')}`);
});

Then(
  'the other posts were answered {int} with a problem document',
  function (this: SemkerWorld, status: number) {
    const others = (stateOf(this).batch ?? []).filter((r) => r.status !== 201);
    assert.ok(others.length > 0, 'no post was limited');
    for (const response of others) {
      assert.equal(response.status, status, response.body.toString('utf8'));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(jsonOf(response).status, status);
    }
  },
);

Then('none of those reads was limited', function (this: SemkerWorld) {
  const statuses = (stateOf(this).batch ?? []).map((r) => r.status);
  assert.ok(
    statuses.every((s) => s === 200),
    `statuses: ${statuses.join(' ')}`,
  );
});

Then('the nginx response is gzip-compressed JSON', function (this: SemkerWorld) {
  const last = lastOf(this);
  assert.equal(last.headers['content-encoding'], 'gzip');
  assert.match(String(last.headers['content-type']), /^application\/json/);
  assert.doesNotThrow(() => JSON.parse(gunzipSync(last.body).toString('utf8')));
});
