import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoAccounts } from '../../src/domains/accounts.ts';
import type { DomainServerOptions } from '../../src/domains/domain.ts';
import { DOMAINS, perDomain, type Domain } from '../../src/domains/registry.ts';
import { InMemoryAccountStore } from '../../src/store/accounts.ts';
import { DEMO_CUSTOMER } from '../../src/store/conversation-key.ts';
import { createToolClients } from '../../src/mcp/client-pool.ts';
import { createMcpHttpApp } from '../../src/composition/mcp-host.ts';
import type { ToolClient } from '../../src/mcp/tool-client.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

const WARMUP_CALLS = 300;
const BLOCKS = 10;
const CALLS_PER_BLOCK = 300;

/** The tool calls the agents make, one per domain, in turn. */
function lastMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}
const CALLS: [Domain, string, Record<string, unknown>][] = [
  ['billing', 'get_billing_data', { month: lastMonth() }],
  ['roaming', 'get_roaming_charges', { country: 'Spain', month: lastMonth() }],
  ['tariff', 'get_current_tariff_plan', {}],
  ['faq', 'search_faq', { query: 'how do I activate an eSIM' }],
];

async function timeCalls(
  tools: Record<Domain, ToolClient>,
  n: number,
  into: number[] | undefined,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    const [domain, name, args] = CALLS[i % CALLS.length]!;
    const started = performance.now();
    const result = await tools[domain].callTool(name, args, undefined, DEMO_CUSTOMER);
    const elapsed = performance.now() - started;
    if (result.isError) throw new Error(`${name} answered an error: ${result.text}`);
    into?.push(elapsed);
  }
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * One tool call over Streamable HTTP (session reused) costs ≤ 1 ms more than in-process,
 * at p50. Same process for both (the in-memory transport runs the server in the caller's process
 * too), sequential calls, the two modes alternating in blocks so drift hits both alike.
 */
export const mcp: Scenario = {
  name: 'mcp',
  async run(context) {
    context.log('MCP: tool calls in-process vs Streamable HTTP (createMcpHttpApp on 127.0.0.1:0)');
    // As a deployment runs it: the platform's token on every request, the tools reading the accounts.
    const authToken = 'bench-platform-token';
    const accounts = new InMemoryAccountStore(demoAccounts(1));
    const server: Server = createMcpHttpApp({ host: '127.0.0.1', authToken, accounts }).listen(
      0,
      '127.0.0.1',
    );
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const urls = Object.fromEntries(DOMAINS.map((d) => [d, `${base}/${d}/mcp`])) as Record<Domain, string>;
    const servers = perDomain(
      (domain) => (options?: DomainServerOptions) => domain.createServer({ ...options, accounts }),
    );
    const inProcess = createToolClients({ servers, urls: {}, timeoutMs: 10_000 });
    const overHttp = createToolClients({ servers, urls, authToken, timeoutMs: 10_000 });
    const samples = { inProcess: [] as number[], http: [] as number[] };
    try {
      await timeCalls(inProcess, WARMUP_CALLS, undefined);
      await timeCalls(overHttp, WARMUP_CALLS, undefined);
      for (let block = 0; block < BLOCKS; block++) {
        await timeCalls(inProcess, CALLS_PER_BLOCK, samples.inProcess);
        await timeCalls(overHttp, CALLS_PER_BLOCK, samples.http);
      }
    } finally {
      await Promise.allSettled(DOMAINS.flatMap((d) => [inProcess[d].close(), overHttp[d].close()]));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const sortedIn = [...samples.inProcess].sort((a, b) => a - b);
    const sortedHttp = [...samples.http].sort((a, b) => a - b);
    const p50In = percentile(sortedIn, 50);
    const p50Http = percentile(sortedHttp, 50);
    const delta = p50Http - p50In;
    const stats = (s: number[]) => ({
      p50: percentile(s, 50),
      p90: percentile(s, 90),
      p99: percentile(s, 99),
      n: s.length,
    });
    return {
      rows: [
        {
          scenario: 'MCP: tool call p50, HTTP vs in-process',
          figure: `${fmt.ms(p50Http)} (+${delta.toFixed(2)} ms)`,
          reference: `${fmt.ms(p50In)} in-process`,
          ratio: p50Http / p50In,
          target: '≤ +1 ms',
          pass: delta <= 1,
        },
      ],
      raw: { inProcess: stats(sortedIn), http: stats(sortedHttp), deltaP50Ms: delta },
    };
  },
};
