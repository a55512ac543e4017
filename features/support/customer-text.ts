import assert from 'node:assert/strict';
import type { SemkerWorld } from './world.ts';

/**
 * What a customer must never read in a failure text: where our services run, how they are built, or
 * what a library said. Each pattern names what it catches, for the assertion message.
 */
const INTERNALS: Array<[string, RegExp]> = [
  ['an IP address', /\b\d{1,3}(?:\.\d{1,3}){3}\b/],
  ['a host name', /\blocalhost\b/i],
  ['a port', /:\d{2,5}\b/],
  ['a URL', /\b[a-z][a-z0-9+.-]*:\/\//i],
  ['a stack frame', /\n\s+at\s|\bat .+\.(?:ts|js):\d+/],
  ['an error class', /\b[A-Z][A-Za-z]*Error\b|\bError:/],
  ['a network error code', /\bE[A-Z]{3,}\b/],
  ['an environment variable', /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/],
  ['an HTTP status line', /\b[1-5]\d\d (?:[A-Z][a-z]+ ?)+\b/],
  ['a library name', /\b(?:MCP|Streamable HTTP|OpenAI|undici|fetch failed|zod|pg-boss)\b/i],
  ['a duration limit', /\b\d+ ?ms\b/],
];

/** Asserts a text is fit for the customer's chat window: no internals of any kind. */
export function assertSafeForCustomer(text: string): void {
  for (const [what, pattern] of INTERNALS) {
    assert.doesNotMatch(text, pattern, `the customer's text shows ${what}: "${text}"`);
  }
}

/** The `message failed` log line of one message: where its technical reason is recorded. */
export function failureLogOf(world: SemkerWorld, messageId: string): Record<string, unknown> {
  const line = world.logLines.find(
    (entry) => entry.message_id === messageId && entry.msg === 'message failed',
  );
  assert.ok(
    line,
    `no "message failed" log line for ${messageId} among:\n${world.logLines.map((entry) => JSON.stringify(entry)).join('\n')}`,
  );
  return line;
}
