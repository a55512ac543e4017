import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SignJWT, UnsecuredJWT } from 'jose';
import { InMemoryAccountStore, type CustomerAccount } from '../../src/store/accounts.ts';
import { demoAccounts, generateAccount } from '../../src/domains/accounts.ts';
import { formatYearMonth, monthsAgo } from '../../src/domains/slots.ts';
import { CUSTOMER_META_KEY } from '../../src/mcp/customer-context.ts';
import { startMcpHttpHost, type McpHttpHost } from '../../src/composition/mcp-host.ts';
import { openSse } from '../support/sse-client.ts';
import { openBrowser, type BrowserPage } from '../support/browser.ts';
import type { SemkerWorld } from '../support/world.ts';
import { serverOf, startAgainstScriptedModel } from './openai-engine.steps.ts';

type Json = Record<string, unknown>;

/** The identity provider the test API trusts: its HS256 secret, issuer and audience. */
const IDP = {
  secret: 'the-identity-providers-secret-0123456789',
  issuer: 'https://id.operator.example',
  audience: 'semker-tests',
};
const SIGN_IN = {
  CUSTOMER_JWT_SECRET: IDP.secret,
  CUSTOMER_JWT_ISSUER: IDP.issuer,
  CUSTOMER_JWT_AUDIENCE: IDP.audience,
  DEMO_CUSTOMERS: '10',
};

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A token as the identity provider signs it, unless `change` alters it. */
function token(
  customerId: string,
  change: { secret?: string; issuer?: string; audience?: string; expiresAt?: number | null } = {},
): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(customerId)
    .setIssuer(change.issuer ?? IDP.issuer)
    .setAudience(change.audience ?? IDP.audience)
    .setIssuedAt();
  if (change.expiresAt !== null) jwt.setExpirationTime(change.expiresAt ?? '5m');
  return jwt.sign(encode(change.secret ?? IDP.secret));
}

const asCustomer = async (customerId: string): Promise<Record<string, string>> => ({
  'x-customer-token': await token(customerId),
});

/** The customer's account as the generated demo data has it: what their answers must show. */
const accountOf = (customerId: string): CustomerAccount => generateAccount(Number(customerId.slice(5)));

/** Last month's total, as the answers write amounts (two decimals). */
function lastMonthTotal(customerId: string): string {
  const cents = accountOf(customerId).bills[0]!.reduce((sum, item) => sum + Math.round(item.amount * 100), 0);
  return (cents / 100).toFixed(2);
}

/** The final answer of each customer's last message, by customer. */
const lastOf = (world: SemkerWorld, customerId: string): string => {
  const id = world.memory.get(`message:${customerId}`);
  assert.ok(id, `${customerId} has posted nothing`);
  return id;
};

Given('the API is running with customer sign-in', async function (this: SemkerWorld) {
  await this.startApi(SIGN_IN);
});

Given(
  'the API is running with customer sign-in and these keys:',
  async function (this: SemkerWorld, table: DataTable) {
    await this.startApi({ ...SIGN_IN, ...table.rowsHash() });
  },
);

Given(
  'the API is running against the scripted model with customer sign-in',
  async function (this: SemkerWorld) {
    await startAgainstScriptedModel(this, SIGN_IN);
  },
);

When(
  '{string} asks {string} in conversation {string}',
  async function (this: SemkerWorld, customerId: string, text: string, conversation: string) {
    const response = await this.request('POST', '/messages', {
      headers: {
        'content-type': 'application/json',
        'x-ms-conversation-id': conversation,
        ...(await asCustomer(customerId)),
      },
      body: JSON.stringify({ message: text }),
    });
    assert.equal(response.status, 201, response.text);
    const id = (response.body as { message_id: string }).message_id;
    this.memory.set(`message:${customerId}`, id);
    this.lastMessageId = id;
    await this.waitUntilFinished(id);
  },
);

Then(
  'the answer {string} read shows their own total for last month and not the one of {string}',
  async function (this: SemkerWorld, customerId: string, other: string) {
    const own = lastMonthTotal(customerId);
    const theirs = lastMonthTotal(other);
    assert.notEqual(own, theirs, 'the two customers must have different totals for this check');
    const updates = await this.request('GET', `/messages/${lastOf(this, customerId)}/updates`, {
      headers: await asCustomer(customerId),
    });
    assert.equal(updates.status, 200, updates.text);
    const answer = String((updates.body as Json[]).at(-1)?.result);
    assert.ok(answer.includes(own), `${customerId}'s answer lacks their total ${own}:\n${answer}`);
    assert.ok(!answer.includes(theirs), `${customerId}'s answer shows ${other}'s total ${theirs}`);
  },
);

Then(
  'GET {string} as {string} names {string} with their plan',
  async function (this: SemkerWorld, path: string, customerId: string, named: string) {
    const response = await this.request('GET', path, { headers: await asCustomer(customerId) });
    assert.equal(response.status, 200, response.text);
    const account = accountOf(named);
    assert.deepEqual(response.body, {
      customer_id: named,
      name: account.name,
      line: account.line,
      plan: account.plan,
      addons: account.addons,
      roaming_packs: [],
    });
    assert.match(account.line, /•/, 'the line is masked');
  },
);

Then(
  'the stream of conversation {string} as {string} carries their own answer and nothing of {string}',
  async function (this: SemkerWorld, conversation: string, customerId: string, other: string) {
    const own = lastOf(this, customerId);
    const theirs = lastOf(this, other);
    const client = await openSse(
      `${this.baseUrl}/conversations/${conversation}/events`,
      await asCustomer(customerId),
    );
    try {
      assert.equal(client.status, 200);
      await client.waitFor(
        (c) => c.events.some((e) => e.event === 'completed' && e.data.includes(own)),
        `the completed update of ${customerId}'s message`,
      );
      assert.ok(!client.events.some((e) => e.data.includes(theirs)), `the stream carried ${other}'s message`);
      assert.ok(
        !client.events.some((e) => e.data.includes(lastMonthTotal(other))),
        `the stream carried ${other}'s figures`,
      );
    } finally {
      client.close();
    }
  },
);

Then(
  '{string} gets 404 for the message and the conversation {string} on every route',
  async function (this: SemkerWorld, customerId: string, conversation: string) {
    const id = this.memory.get(`message:cust-00001`) ?? this.lastMessageId!;
    const headers = await asCustomer(customerId);
    const routes: Array<[string, string]> = [
      ['GET', `/messages/${id}/status`],
      ['GET', `/messages/${id}/updates`],
      ['GET', `/messages/${id}/updates?after=0&wait=1`],
      ['GET', `/messages/${id}/events`],
      ['POST', `/messages/${id}/cancel`],
      ['GET', `/conversations/${conversation}`],
      ['GET', `/conversations/${conversation}/events`],
    ];
    for (const [method, path] of routes) {
      const response = await this.request(method, path, { headers });
      assert.equal(response.status, 404, `${method} ${path} answered ${response.status}: ${response.text}`);
      assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.ok(!response.text.includes(id) || path.includes(id), `${method} ${path} disclosed the message`);
    }
  },
);

Then(
  '{string} lists no message of the conversation {string}',
  async function (this: SemkerWorld, customerId: string, conversation: string) {
    const headers = await asCustomer(customerId);
    for (const path of [`/messages?conversation_id=${conversation}`, '/messages']) {
      const response = await this.request('GET', path, { headers });
      assert.equal(response.status, 200, response.text);
      assert.equal((response.body as Json).total_messages, 0, `${path}: ${response.text}`);
    }
  },
);

Then(
  '{string} reads the conversation {string} with its answer',
  async function (this: SemkerWorld, customerId: string, conversation: string) {
    const response = await this.request('GET', `/conversations/${conversation}`, {
      headers: await asCustomer(customerId),
    });
    assert.equal(response.status, 200, response.text);
    const messages = (response.body as { messages: Json[] }).messages;
    assert.equal(messages.length, 1);
    assert.ok(String(messages[0]?.result).includes(lastMonthTotal(customerId)));
  },
);

When(
  '{string} erases the conversation {string}',
  async function (this: SemkerWorld, customerId: string, conversation: string) {
    await this.request('DELETE', `/conversations/${conversation}`, { headers: await asCustomer(customerId) });
  },
);

/** The bad tokens of the outline, each made as an attacker or a broken client would. */
const BAD_TOKENS: Record<string, () => Promise<string>> = {
  'a token signed with another secret': () =>
    token('cust-00001', { secret: 'an-attackers-own-secret-0123456789abcdef' }),
  'an expired token': () => token('cust-00001', { expiresAt: Math.floor(Date.now() / 1000) - 60 }),
  'an unsigned token (alg none)': () =>
    Promise.resolve(
      new UnsecuredJWT({})
        .setSubject('cust-00001')
        .setIssuer(IDP.issuer)
        .setAudience(IDP.audience)
        .setExpirationTime('5m')
        .encode(),
    ),
  'a token for another audience': () => token('cust-00001', { audience: 'another-service' }),
  'a token from another issuer': () => token('cust-00001', { issuer: 'https://evil.example' }),
  'a token without an expiry': () => token('cust-00001', { expiresAt: null }),
  'a token signed with the right secret as RS256': async () => {
    // An algorithm the verifier does not accept, whatever its signature: only HS256 is configured.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('cust-00001')
      .setIssuer(IDP.issuer)
      .setAudience(IDP.audience)
      .setExpirationTime('5m')
      .sign(privateKey);
  },
};

When(
  /^GET "([^"]+)" is sent with (a[n]? .+)$/,
  async function (this: SemkerWorld, path: string, kind: string) {
    const make = BAD_TOKENS[kind];
    if (!make) return 'pending';
    await this.request('GET', path, { headers: { 'x-customer-token': await make() } });
    return undefined;
  },
);

When(
  'GET {string} is sent with the token of {string} that expires in {int} seconds',
  async function (this: SemkerWorld, path: string, customerId: string, seconds: number) {
    const expiresAt = Math.ceil(Date.now() / 1000) + seconds;
    const signed = await token(customerId, { expiresAt });
    this.memory.set('short-lived token', signed);
    await this.request('GET', path, { headers: { 'x-customer-token': signed } });
  },
);

When(
  'GET {string} is sent with that token again once it has expired',
  async function (this: SemkerWorld, path: string) {
    const signed = this.memory.get('short-lived token')!;
    const { exp } = JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString()) as { exp: number };
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 100));
    await this.request('GET', path, { headers: { 'x-customer-token': signed } });
  },
);

const edKeys = new WeakMap<SemkerWorld, ReturnType<typeof generateKeyPairSync>>();

Given(
  'the API is running with customer tokens verified by an EdDSA public key',
  async function (this: SemkerWorld) {
    const keys = generateKeyPairSync('ed25519');
    edKeys.set(this, keys);
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // One line, as an environment variable holds it.
    await this.startApi({ CUSTOMER_JWT_PUBLIC_KEY: pem.replaceAll('\n', '\\n'), DEMO_CUSTOMERS: '10' });
  },
);

When(
  'GET {string} is sent with the EdDSA-signed token of {string}',
  async function (this: SemkerWorld, path: string, customerId: string) {
    const keys = edKeys.get(this)!;
    const signed = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(customerId)
      .setExpirationTime('5m')
      .sign(keys.privateKey);
    await this.request('GET', path, { headers: { 'x-customer-token': signed } });
  },
);

When(
  'GET {string} is sent with the key {string} and x-customer-id {string}',
  async function (this: SemkerWorld, path: string, key: string, customerId: string) {
    await this.request('GET', path, { headers: { 'x-api-key': key, 'x-customer-id': customerId } });
  },
);

Then('the response names the customer {string}', function (this: SemkerWorld, customerId: string) {
  assert.equal((this.lastResponse?.body as Json).customer_id, customerId, this.lastResponse?.text);
});

Then(
  'the tool results the scripted model received show the bill of {string} and nothing of {string}',
  async function (this: SemkerWorld, customerId: string, other: string) {
    await this.waitUntilFinished(this.lastMessageId!);
    const results = serverOf(this).chatRequests.flatMap((request) =>
      request.body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content)),
    );
    assert.ok(results.length > 0, 'the model received no tool result');
    const text = results.join('\n');
    assert.ok(text.includes(`Total: ${lastMonthTotal(customerId)}`), `not ${customerId}'s bill:\n${text}`);
    assert.ok(!text.includes(lastMonthTotal(other)), `${other}'s total reached the model:\n${text}`);
    for (const item of accountOf(other).bills[0]!) {
      if (item.note) assert.ok(!text.includes(item.note), `${other}'s "${item.note}" reached the model`);
    }
  },
);

// --- the standalone MCP host ------------------------------------------------------------------

const PLATFORM_TOKEN = 'the-platforms-mcp-token-0123456789';
const hosts = new WeakMap<SemkerWorld, McpHttpHost>();

Given('the MCP host runs with a platform token', async function (this: SemkerWorld) {
  const host = await startMcpHttpHost({
    host: '127.0.0.1',
    port: 0,
    authToken: PLATFORM_TOKEN,
    accounts: new InMemoryAccountStore(demoAccounts(10)),
  });
  hosts.set(this, host);
  this.onCleanup(() => host.close());
});

async function billingClient(world: SemkerWorld, withToken: boolean): Promise<Client> {
  const host = hosts.get(world)!;
  const client = new Client({ name: 'customers-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${host.url}/billing/mcp`), {
    ...(withToken && { requestInit: { headers: { Authorization: `Bearer ${PLATFORM_TOKEN}` } } }),
  });
  await client.connect(transport);
  world.onCleanup(() => client.close());
  return client;
}

Then('an MCP client without the token is refused with 401', async function (this: SemkerWorld) {
  const host = hosts.get(this)!;
  // The raw request first: the status and the challenge MCP's authorization prescribes.
  const response = await fetch(`${host.url}/billing/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    }),
  });
  assert.equal(response.status, 401);
  assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
  await assert.rejects(billingClient(this, false));
});

const lastMonth = (): string => formatYearMonth(monthsAgo(new Date(), 1));

Then(
  'an MCP client with the token that names no customer gets a tool error',
  async function (this: SemkerWorld) {
    const client = await billingClient(this, true);
    const result = await client.callTool({
      name: 'get_billing_data',
      // A customer among the arguments is not a parameter: it names no one.
      arguments: { month: lastMonth(), customer_id: 'cust-00001' },
    });
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /No customer is named for this call/);
  },
);

Then(
  'an MCP client with the token that names {string} reads their own bill',
  async function (this: SemkerWorld, customerId: string) {
    const client = await billingClient(this, true);
    const result = await client.callTool({
      name: 'get_billing_data',
      arguments: { month: lastMonth() },
      _meta: { [CUSTOMER_META_KEY]: customerId },
    });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    assert.equal(
      (result.structuredContent as { total: number }).total.toFixed(2),
      lastMonthTotal(customerId),
    );
  },
);

When(
  '{string} asks each of these, in one conversation, the answer declines without a figure:',
  async function (this: SemkerWorld, customerId: string, table: DataTable) {
    for (const [message] of table.rows()) {
      const response = await this.request('POST', '/messages', {
        headers: {
          'content-type': 'application/json',
          'x-ms-conversation-id': 'someone-else',
          ...(await asCustomer(customerId)),
        },
        body: JSON.stringify({ message }),
      });
      assert.equal(response.status, 201, response.text);
      const id = (response.body as { message_id: string }).message_id;
      await this.waitUntilFinished(id);
      const updates = await this.request('GET', `/messages/${id}/updates`, {
        headers: await asCustomer(customerId),
      });
      const answer = String((updates.body as Json[]).at(-1)?.result);
      // The decline is in the language of the message: English, Spanish, German or French.
      assert.match(
        answer,
        /only help with the account of the person|solo puedo ayudar con la cuenta de la persona|nur mit dem Konto der Person helfen|que du compte de la personne/,
        `"${message}" was answered:\n${answer}`,
      );
      assert.doesNotMatch(answer, /\d+[.,]\d\d/, `"${message}" was answered with a figure:\n${answer}`);
    }
  },
);

When(
  'GET {string} is sent with x-demo-customer {string}',
  async function (this: SemkerWorld, path: string, customerId: string) {
    await this.request('GET', path, { headers: { 'x-demo-customer': customerId } });
  },
);

// --- the console (Chromium) -------------------------------------------------------------------

const pages = new WeakMap<SemkerWorld, BrowserPage['page']>();

Given('the console is open in Chromium for a visitor', async function (this: SemkerWorld) {
  const browser = await openBrowser({ width: 1280, height: 800 });
  this.onCleanup(() => browser.close());
  pages.set(this, browser.page);
  await browser.page.goto(`${this.baseUrl}/console`);
  await browser.page.getByRole('textbox', { name: 'Message' }).waitFor();
});

When(
  'the visitor picks the demo customer {string} in the console',
  async function (this: SemkerWorld, customerId: string) {
    await pages.get(this)!.getByLabel('Act as').selectOption(customerId);
  },
);

Then(
  'the console says the visitor is {string} with their plan',
  async function (this: SemkerWorld, customerId: string) {
    const account = accountOf(customerId);
    const youAre = pages.get(this)!.locator('#you-are');
    await youAre
      .filter({ hasText: `You are: ${account.name}, ${account.plan}` })
      .waitFor({ timeout: 10_000 });
  },
);

When('the visitor asks {string} in the console', async function (this: SemkerWorld, text: string) {
  const page = pages.get(this)!;
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
});

Then(
  "the console's answer shows the total for last month of {string}",
  async function (this: SemkerWorld, customerId: string) {
    const answer = pages.get(this)!.locator('article .answer').last();
    await answer.filter({ hasText: lastMonthTotal(customerId) }).waitFor({ timeout: 15_000 });
  },
);

Then("the console's conversation is empty", async function (this: SemkerWorld) {
  assert.equal(await pages.get(this)!.locator('#log article').count(), 0);
});
