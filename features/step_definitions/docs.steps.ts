import { Given, Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { openBrowser, screenshot, type BrowserPage } from '../support/browser.ts';
import type { SemkerWorld } from '../support/world.ts';

type Json = Record<string, unknown>;

Then('the health shows the version, the time and the uptime', function (this: SemkerWorld) {
  const body = this.lastResponse!.body as Json;
  assert.equal(body.version, '1.0.0');
  assert.ok(Math.abs(Date.parse(String(body.timestamp)) - Date.now()) < 60_000);
  assert.equal(typeof body.uptime_seconds, 'number');
  assert.ok((body.uptime_seconds as number) >= 0);
});

Then('the response is an HTML page that loads {string}', function (this: SemkerWorld, what: string) {
  assert.match(this.lastResponse!.headers['content-type'] ?? '', /^text\/html/);
  assert.ok(this.lastResponse!.text.toLowerCase().includes(what), `the page does not mention ${what}`);
});

Then(
  'the response header {string} allows scripts from {string}',
  function (this: SemkerWorld, name: string, origin: string) {
    const policy = this.lastResponse!.headers[name] ?? '';
    const scripts = policy.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    assert.ok(scripts.includes(origin), policy);
  },
);

Then(
  'the document describes {string} {string} with responses {string}',
  function (this: SemkerWorld, method: string, path: string, codes: string) {
    const operation = (((this.lastResponse!.body as Json).paths as Json)[path] as Json | undefined)?.[
      method
    ] as Json | undefined;
    assert.ok(operation, `no ${method} ${path}`);
    assert.deepEqual(
      Object.keys(operation.responses as Json).sort(),
      codes
        .split(',')
        .map((c) => c.trim())
        .sort(),
    );
  },
);

When('I post the documented example message', async function (this: SemkerWorld) {
  const document = (await this.request('GET', '/openapi.json')).body as Json;
  const post = ((document.paths as Json)['/messages'] as Json).post as {
    parameters: Array<{ name: string; in: string; schema: { example?: string }; example?: string }>;
    requestBody: { content: { 'application/json': { schema: unknown } } };
  };
  const header = post.parameters.find((p) => p.in === 'header' && p.name === 'x-ms-conversation-id');
  assert.ok(header, 'the conversation header is not documented');
  const conversationId = header.example ?? header.schema.example;
  assert.ok(conversationId, 'the conversation header has no example');
  const schema = post.requestBody.content['application/json'].schema as { $ref?: string };
  const resolved = (
    schema.$ref ? ((document.components as Json).schemas as Json)[schema.$ref.split('/').pop()!] : schema
  ) as { properties: { message: { example: string } } };
  const message = resolved.properties.message.example;
  assert.ok(message, 'the message has no example');
  await this.request('POST', '/messages', {
    headers: { 'content-type': 'application/json', 'x-ms-conversation-id': conversationId },
    body: JSON.stringify({ message }),
  });
  this.lastMessageId = (this.lastResponse!.body as Json).message_id as string;
});

/** The OpenAPI parameter of a header of one operation in the last response's document. */
function headerParameter(world: SemkerWorld, method: string, path: string, name: string): Json {
  const operation = (((world.lastResponse!.body as Json).paths as Json)[path] as Json | undefined)?.[
    method
  ] as Json | undefined;
  const parameter = ((operation?.parameters as Json[] | undefined) ?? []).find(
    (candidate) => candidate.in === 'header' && String(candidate.name).toLowerCase() === name.toLowerCase(),
  );
  assert.ok(parameter, `no header ${name} on ${method} ${path}`);
  return parameter;
}

Then(
  "the document's Idempotency-Key header of {string} {string} says {string}",
  function (this: SemkerWorld, method: string, path: string, text: string) {
    const parameter = headerParameter(this, method, path, 'idempotency-key');
    const description = String(parameter.description ?? (parameter.schema as Json | undefined)?.description);
    assert.ok(description.includes(text), description);
  },
);

Then(
  "the document's Idempotency-Key header of {string} {string} allows at most {int} characters",
  function (this: SemkerWorld, method: string, path: string, max: number) {
    const schema = headerParameter(this, method, path, 'idempotency-key').schema as Json;
    assert.match(String(schema.pattern), new RegExp(`\\{1,${max}\\}`));
  },
);

// --- Swagger UI in Chromium -----------------------------------------------------------------------

/** What Swagger UI sent to POST /messages and what the API answered, one entry per Execute. */
interface TryOut {
  status: number;
  idempotencyKey: string | undefined;
  conversationId: string | undefined;
  messageId: string | undefined;
}

const swaggerPages = new WeakMap<SemkerWorld, { browser: BrowserPage; tries: TryOut[] }>();

function swaggerOf(world: SemkerWorld) {
  const state = swaggerPages.get(world);
  assert.ok(state, 'Swagger UI is not open: "Given Swagger UI is open in Chromium"');
  return state;
}

Given('Swagger UI is open in Chromium', async function (this: SemkerWorld) {
  const browser = await openBrowser({ width: 1280, height: 900 });
  this.onCleanup(() => browser.close());
  swaggerPages.set(this, { browser, tries: [] });
  await browser.page.goto(`${this.baseUrl}/docs/`);
  await browser.page.locator('.opblock').first().waitFor();
});

/** The operation's block in Swagger UI, e.g. "POST /messages". */
function operationBlock(world: SemkerWorld, operation: string) {
  const [method, path] = operation.split(' ') as [string, string];
  const { page } = swaggerOf(world).browser;
  return page
    .locator(`.opblock-${method.toLowerCase()}`)
    .filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
}

When(
  'in Swagger UI I try out {string} with the message {string}',
  async function (this: SemkerWorld, operation: string, message: string) {
    const { browser, tries } = swaggerOf(this);
    const block = operationBlock(this, operation);
    // Unfolded and switched to Try it out the first time; the second time it already is.
    const tryItOut = block.getByRole('button', { name: 'Try it out' });
    if (!(await block.locator('.opblock-body').isVisible())) await block.locator('.opblock-summary').click();
    if (await tryItOut.isVisible()) await tryItOut.click();
    // As a user does: the parameters as Swagger UI filled them in, only the message changed.
    await block.locator('textarea.body-param__text').fill(JSON.stringify({ message }, null, 2));
    const [method, path] = operation.split(' ') as [string, string];
    const answered = browser.page.waitForResponse(
      (response) => response.request().method() === method && new URL(response.url()).pathname === path,
    );
    await block.getByRole('button', { name: 'Execute' }).click();
    const response = await answered;
    const headers = response.request().headers();
    const body = (await response.json()) as Json;
    tries.push({
      status: response.status(),
      idempotencyKey: headers['idempotency-key'],
      conversationId: headers['x-ms-conversation-id'],
      messageId: typeof body.message_id === 'string' ? body.message_id : undefined,
    });
  },
);

Then(
  'Swagger UI shows the response {int} for {string}',
  async function (this: SemkerWorld, status: number, operation: string) {
    const last = swaggerOf(this).tries.at(-1);
    assert.ok(last, 'nothing was executed');
    assert.equal(last.status, status, JSON.stringify(last));
    const shown = operationBlock(this, operation).locator('.live-responses-table');
    // This try's answer, not the one before: its message id is in the body shown.
    await shown.filter({ hasText: last.messageId ?? '' }).waitFor();
    await shown.scrollIntoViewIfNeeded();
    assert.equal(
      (await shown.locator('tr.response .response-col_status').innerText()).trim(),
      String(status),
    );
  },
);

Then(
  'Swagger UI sent no Idempotency-Key, and the two messages were both answered in one conversation',
  async function (this: SemkerWorld) {
    const { tries } = swaggerOf(this);
    assert.equal(tries.length, 2);
    assert.deepEqual(
      tries.map((attempt) => attempt.idempotencyKey),
      [undefined, undefined],
    );
    const [first, second] = tries as [TryOut, TryOut];
    assert.ok(first.messageId && second.messageId);
    assert.notEqual(first.messageId, second.messageId, 'the second try replayed the first');
    for (const id of [first.messageId, second.messageId]) {
      // Bounded: the offline engine answers within a second or two.
      const deadline = Date.now() + 15_000;
      let status: Json;
      do {
        status = (await this.request('GET', `/messages/${id}/status`)).body as Json;
        if (status.status === 'completed') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } while (Date.now() < deadline);
      assert.equal(status.status, 'completed', JSON.stringify(status));
      assert.equal(status.conversation_id, first.conversationId);
    }
  },
);

Then('a screenshot of Swagger UI {string} is saved', async function (this: SemkerWorld, name: string) {
  await screenshot(swaggerOf(this).browser.page, name);
});
