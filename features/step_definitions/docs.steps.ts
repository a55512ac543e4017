import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
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
