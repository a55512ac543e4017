import type { NextFunction, Request, Response } from 'express';
import { SignJWT } from 'jose';
import pino from 'pino';
import { startPostgres, type PostgresServer } from '../../scripts/embedded-postgres.ts';
import { loadConfig } from '../../src/config/config.ts';
import { demoAccounts } from '../../src/domains/accounts.ts';
import { identifyCustomer } from '../../src/http/customer-identity.ts';
import { demoCustomerId } from '../../src/store/accounts.ts';
import { createDatabase } from '../../src/store/postgres/database.ts';
import { migrate } from '../../src/store/postgres/migrate.ts';
import { PgAccountStore } from '../../src/store/postgres/pg-account-store.ts';
import { startSemker, type RunContext } from '../lib/context.ts';
import { conversationLoad, postLoad, type LoadResult } from '../lib/load.ts';
import { completedPerSecond } from '../lib/protocol.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

/** The identity provider of the measured server: an HS256 secret and an audience, as an operator sets them. */
const SECRET = 'bench-identity-provider-secret-0123456789';
const AUDIENCE = 'semker-bench';

const sign = (subject: string): Promise<string> =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setAudience(AUDIENCE)
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

/** CPU per request of the customer check, in microseconds, three ways (see tokenCheckCost). */
export interface TokenCheckCost {
  /** No customer header: the demo customer. */
  noTokenUs: number;
  /** The same token on every request, as one customer's app sends it. */
  repeatedTokenUs: number;
  /** A token never seen before on every request: a full verification each time. */
  newTokenUs: number;
}

/**
 * What the customer check itself costs per request, away from the noise of a shared machine's wall
 * throughput: the real `identifyCustomer` middleware, built from the real configuration, called
 * one request after another in this process. CPU time of the whole process (every thread: WebCrypto
 * runs its work on libuv's pool) per call, the median of five blocks of each kind, alternated.
 */
async function tokenCheckCost(): Promise<TokenCheckCost> {
  const config = loadConfig({ CUSTOMER_JWT_SECRET: SECRET, CUSTOMER_JWT_AUDIENCE: AUDIENCE });
  const check = identifyCustomer(config.customers, { anyTrusted: false });
  const CALLS = 2000;
  const fresh = await Promise.all(Array.from({ length: 6 * CALLS }, (_, n) => sign(`cust-${n}`)));
  const repeated = await sign('cust-00042');
  const call = async (token: string | undefined): Promise<void> => {
    const req = { get: (name: string) => (name === 'x-customer-token' ? token : undefined) } as Request;
    const res = { locals: {} } as Response;
    let passed = false;
    await check(req, res, (() => (passed = true)) as NextFunction);
    if (!passed || !res.locals.customer) throw new Error('the customer check refused a valid request');
  };
  const block = async (next: () => string | undefined): Promise<number> => {
    const before = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) await call(next());
    const used = process.cpuUsage(before);
    return (used.user + used.system) / CALLS;
  };
  let used = 0;
  const kinds = {
    noTokenUs: () => undefined,
    repeatedTokenUs: () => repeated,
    newTokenUs: () => fresh[used++]!,
  };
  const samples: Record<keyof TokenCheckCost, number[]> = {
    noTokenUs: [],
    repeatedTokenUs: [],
    newTokenUs: [],
  };
  // The first round warms the code up and is discarded.
  for (let round = 0; round < 6; round++) {
    for (const [kind, next] of Object.entries(kinds) as [keyof TokenCheckCost, () => string | undefined][]) {
      const us = await block(next);
      if (round > 0) samples[kind].push(us);
    }
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    noTokenUs: median(samples.noTokenUs),
    repeatedTokenUs: median(samples.repeatedTokenUs),
    newTokenUs: median(samples.newTokenUs),
  };
}

/** The trusted channel the population runs post through, naming a customer per message. */
const CHANNEL_KEY = 'bench-trusted-channel-key-0123456789';

/** The two populations the answers are measured with: the default, and a hundred times more. */
const POPULATIONS = [1000, 100_000] as const;

/** The accounts a server with DEMO_CUSTOMERS = `count` seeds at its first start, timed. */
async function seedAccounts(url: string, count: number): Promise<number> {
  const logger = pino({ level: 'warn' });
  const db = createDatabase({ url, poolSize: 2, logger });
  try {
    await migrate(db.pool, logger);
    const started = performance.now();
    await new PgAccountStore(db).seed(demoAccounts(count));
    const seconds = (performance.now() - started) / 1000;
    // Settled, as a running operator's database is: otherwise autovacuum and the checkpoint after
    // writing 100 000 accounts would run during the measured phase of that population alone.
    await db.pool.query('VACUUM (ANALYZE) semker_customers');
    await db.pool.query('CHECKPOINT');
    return seconds;
  } finally {
    await db.pool.end();
  }
}

/** The n-th message's customer: spread over the whole population (a multiplicative hash), 1-based. */
const customerOf = (n: number, count: number): string =>
  demoCustomerId(((Math.imul(n + 1, 0x9e37_79b1) >>> 0) % count) + 1);

interface PopulationRun {
  customers: number;
  /** Seconds the first start spends writing the accounts into an empty database. */
  seedS: number;
  load: LoadResult;
  completedPerSecond: number;
  failed: number;
}

/**
 * One replica on PostgreSQL with `count` customers, seeded beforehand (timed, with the server's own
 * code) so the replica starts at once; 50 closed-loop clients, each message from a customer drawn
 * across the whole population through a trusted channel (`x-customer-id`, so the figure is about
 * the accounts, not about verifying tokens).
 */
async function population(
  server: PostgresServer,
  count: number,
  context: RunContext,
): Promise<PopulationRun> {
  const url = await server.freshDatabase();
  const seedS = await seedAccounts(url, count);
  const child = await startSemker({
    DATABASE_URL: url,
    DEMO_CUSTOMERS: String(count),
    TRUSTED_API_KEYS: `bench:${CHANNEL_KEY}`,
  });
  const headers = (n: number): Record<string, string> => ({
    'x-api-key': CHANNEL_KEY,
    'x-customer-id': customerOf(n, count),
  });
  try {
    await conversationLoad(child.url, context.options.warmupS, { headers });
    const before = await child.sample();
    const load = await conversationLoad(child.url, context.options.durationS, {
      headers,
      answerLatency: true,
    });
    const after = await child.sample();
    return {
      customers: count,
      seedS,
      load,
      completedPerSecond: completedPerSecond(before, after),
      failed: after.failed - before.failed,
    };
  } finally {
    await child.stop();
  }
}

/**
 * The cost of knowing the customer, three rows:
 * - POST /messages accepted per second with a verified `x-customer-token` on every request (jose,
 *   HS256, `exp` and `aud` checked) against the same server and load naming no customer (the demo
 *   customer). Target ≥ 0.9×.
 * - What the customer check costs per request (tokenCheckCost): informative.
 * - Answers per second with 100 000 customers in PostgreSQL against 1000, closed loop, each message
 *   from another customer (population). Target ≥ 0.9×; answer latency and seeding time in the note.
 */
export const customers: Scenario = {
  name: 'customers',
  async run(context) {
    const token = await sign('cust-00042');
    const measure = async (headers: Record<string, string>): Promise<LoadResult> => {
      const child = await startSemker({
        QUEUE_CAPACITY: '1000000',
        CUSTOMER_JWT_SECRET: SECRET,
        CUSTOMER_JWT_AUDIENCE: AUDIENCE,
      });
      try {
        await postLoad(child.url, context.options.warmupS, headers);
        return await postLoad(child.url, context.options.durationS, headers);
      } finally {
        await child.stop();
      }
    };
    context.log('customers: POST /messages with no customer, then with a verified customer token');
    const without = await measure({});
    const verified = await measure({ 'x-customer-token': token });
    const ratio = verified.okPerSecond / without.okPerSecond;

    context.log('customers: the customer check alone, per request, in this process');
    const check = await tokenCheckCost();

    const server = await startPostgres({ durable: true });
    const runs: PopulationRun[] = [];
    try {
      for (const count of POPULATIONS) {
        context.log(`customers: answers on PostgreSQL with ${count} customers, one per message`);
        runs.push(await population(server, count, context));
      }
    } finally {
      await server.destroy();
    }
    const [few, many] = runs as [PopulationRun, PopulationRun];
    const answerRatio = many.completedPerSecond / few.completedPerSecond;
    const latency = (run: PopulationRun): string =>
      run.load.answerMs ? `p50 ${fmt.ms(run.load.answerMs.p50)}, p99 ${fmt.ms(run.load.answerMs.p99)}` : '—';
    const failed = few.failed + many.failed + few.load.non2xx + many.load.non2xx;
    return {
      rows: [
        {
          scenario: 'customers: POST /messages accepted with a verified token',
          figure: fmt.rate(verified.okPerSecond),
          reference: `${fmt.rate(without.okPerSecond)} naming no customer`,
          ratio,
          target: '≥ 0.90×',
          pass: ratio >= 0.9 && verified.non2xx === 0 && without.non2xx === 0,
          ...(verified.non2xx > 0 ? { note: `${verified.non2xx} non-2xx` } : {}),
        },
        {
          scenario: 'customers: token check per request (CPU)',
          figure: `${check.repeatedTokenUs.toFixed(1)} µs`,
          reference: `${check.newTokenUs.toFixed(0)} µs for a new token`,
          ratio: null,
          target: 'informative',
          pass: null,
          note: `the same token again (remembered) against one never seen (verified); no token ${check.noTokenUs.toFixed(1)} µs`,
        },
        {
          scenario: 'customers: answers with 100 000 customers (PostgreSQL)',
          figure: fmt.rate(many.completedPerSecond),
          reference: `${fmt.rate(few.completedPerSecond)} with 1000`,
          ratio: answerRatio,
          target: '≥ 0.90×',
          pass: answerRatio >= 0.9 && failed === 0,
          note:
            `${failed > 0 ? `${failed} failed; ` : ''}answer ${latency(many)} (1000: ${latency(few)}); ` +
            `seeding ${many.seedS.toFixed(1)} s (1000: ${few.seedS.toFixed(2)} s)`,
        },
      ],
      raw: { without, verified, check, populations: runs },
    };
  },
};
