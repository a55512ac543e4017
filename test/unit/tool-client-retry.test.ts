import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ToolUnavailableError } from '../../src/core/failures.ts';
import { DOMAIN_SERVERS } from '../../src/domains/registry.ts';
import { demoAccounts } from '../../src/domains/accounts.ts';
import { InMemoryAccountStore } from '../../src/store/accounts.ts';

/** The demo customer's account, which the calls name. */
const accounts = new InMemoryAccountStore(demoAccounts(0));
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createToolClients, type McpServerFactory } from '../../src/mcp/client-pool.ts';

const today = (): Date => new Date('2026-11-20T12:00:00Z');

/** The real billing MCP server, in-process, whose first `failures` sessions cannot be opened. */
function flakyBilling(failures: number): { factory: McpServerFactory; opened: () => number } {
  let attempts = 0;
  return {
    factory: (options) => {
      attempts++;
      if (attempts <= failures) throw new Error('connection reset');
      return DOMAIN_SERVERS.billing({ ...options, accounts });
    },
    opened: () => attempts,
  };
}

function billingClient(factory: McpServerFactory, breaker?: { threshold: number; halfOpenMs: number }) {
  return createToolClients({ servers: { billing: factory }, urls: {}, timeoutMs: 5_000, now: today, breaker })
    .billing;
}

describe('MCP tool client: the retry schedule', () => {
  test('a transport failure is retried once on a fresh session, and the call answers', async () => {
    const billing = flakyBilling(1);
    const client = billingClient(billing.factory);
    const result = await client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo');
    assert.equal(result.isError, false);
    assert.match(result.text, /Total: 90\.00/);
    assert.equal(billing.opened(), 2);
    await client.close();
  });

  test('a second failure in a row is not retried: the tool is unavailable', async () => {
    const billing = flakyBilling(2);
    const client = billingClient(billing.factory);
    await assert.rejects(
      client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo'),
      ToolUnavailableError,
    );
    assert.equal(billing.opened(), 2, 'two attempts, no third');
    await client.close();
  });

  test('the next call after a failed one opens a new session and answers', async () => {
    const billing = flakyBilling(2);
    const client = billingClient(billing.factory);
    await assert.rejects(client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo'));
    const result = await client.callTool('get_billing_data', { month: '2026-09' }, undefined, 'demo');
    assert.match(result.text, /Total: 70\.00/);
    await client.close();
  });

  test('with a breaker, calls fail fast after its threshold of unavailable calls, without trying', async () => {
    const billing = flakyBilling(Number.POSITIVE_INFINITY);
    const client = billingClient(billing.factory, { threshold: 2, halfOpenMs: 60_000 });
    await assert.rejects(
      client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo'),
      ToolUnavailableError,
    );
    await assert.rejects(
      client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo'),
      ToolUnavailableError,
    );
    const tried = billing.opened();
    await assert.rejects(
      client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo'),
      (error: unknown) => error instanceof ToolUnavailableError && /fail fast/.test(error.message),
    );
    assert.equal(billing.opened(), tried, 'an open circuit does not try the server');
    await client.close();
  });

  /** Real billing servers, each kept as the client opens it. */
  const billingServers = (): { servers: McpServer[]; factory: McpServerFactory } => {
    const servers: McpServer[] = [];
    return {
      servers,
      factory: (options) => {
        const server = DOMAIN_SERVERS.billing({ ...options, accounts });
        servers.push(server);
        return server;
      },
    };
  };

  test('a session that breaks after opening is replaced: the call on it is retried on a fresh one', async () => {
    const { servers, factory } = billingServers();
    const client = billingClient(factory);
    const first = await client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo');
    assert.match(first.text, /Total: 90\.00/);
    await servers[0]!.close();
    const second = await client.callTool('get_billing_data', { month: '2026-09' }, undefined, 'demo');
    assert.match(second.text, /Total: 70\.00/);
    assert.equal(servers.length, 2, 'one new session');
    await client.close();
  });

  test("a caller's abort on an open session rejects the call with the caller's reason", async () => {
    const client = billingClient(flakyBilling(0).factory);
    await client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo');
    const controller = new AbortController();
    const reason = new Error('the message was cancelled');
    controller.abort(reason);
    await assert.rejects(
      client.callTool('get_billing_data', { month: '2026-10' }, controller.signal, 'demo'),
      reason,
    );
    await client.close();
  });

  test("a caller's signal aborted after its call has answered cancels nothing on the server", async () => {
    const { servers, factory } = billingServers();
    const client = billingClient(factory);
    await client.callTool('get_billing_data', { month: '2026-10' }, undefined, 'demo');
    // What the server receives from now on, by JSON-RPC method.
    const transport = servers[0]!.server.transport!;
    const deliver = transport.onmessage!;
    const received: string[] = [];
    transport.onmessage = (message, extra) => {
      received.push('method' in message ? message.method : 'response');
      deliver(message, extra);
    };
    const message = new AbortController();
    const answered = await client.callTool('get_billing_data', { month: '2026-10' }, message.signal, 'demo');
    assert.equal(answered.isError, false);
    message.abort(new Error('the message failed later'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(received, ['tools/call'], 'no notifications/cancelled for an answered call');
    await client.close();
  });
});
