import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import type { Domain } from '../../domains/registry.ts';
import type { RouteDecision } from '../engine.ts';

/**
 * The routing decision as the model must send it. Strict structured output requires every field
 * to be present, so the optional ones are nullable rather than optional.
 */
function wireSchema(domains: readonly [Domain, ...Domain[]]) {
  return z.object({
    action: z.enum(['delegate', 'reply']),
    agent: z.enum(domains).nullable(),
    reason: z.string(),
    reply: z.string().nullable(),
    /** The message's further parts when it asks several agents at once, each with its own question. */
    also: z.array(z.object({ agent: z.enum(domains), question: z.string(), reason: z.string() })).nullable(),
  });
}

const formats = new Map<string, ReturnType<typeof zodResponseFormat>>();

/**
 * The `response_format` for a routing call: a strict JSON schema whose `agent` enum lists the given
 * domains. Converted from zod once per set of domains (the conversion was a visible share of each
 * routing call's CPU); the same object is sent every time.
 */
export function routeResponseFormat(domains: readonly [Domain, ...Domain[]]) {
  const key = domains.join(',');
  let format = formats.get(key);
  if (!format) {
    format = zodResponseFormat(wireSchema(domains), 'route_decision');
    formats.set(key, format);
  }
  return format;
}

export type ParsedDecision = { ok: true; decision: RouteDecision } | { ok: false; problem: string };

/** Servers without structured output often wrap JSON in a Markdown fence; accept that. */
const stripFence = (text: string): string =>
  text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');

/**
 * Parses the model's routing output. Lenient where servers differ (missing nullable fields, code
 * fences) and strict where it matters: a known agent to delegate to, a non-empty reply to send.
 */
export function parseRouteDecision(
  content: string | null,
  domains: readonly [Domain, ...Domain[]],
): ParsedDecision {
  if (!content?.trim()) return { ok: false, problem: 'the answer was empty' };
  let json: unknown;
  try {
    json = JSON.parse(stripFence(content));
  } catch (error) {
    return { ok: false, problem: `the answer is not valid JSON (${(error as Error).message})` };
  }
  const parsed = wireSchema(domains).partial({ agent: true, reply: true, also: true }).safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, problem: `the JSON does not match the schema (${issues})` };
  }
  const { action, agent, reason, reply, also } = parsed.data;
  if (action === 'delegate') {
    if (!agent) return { ok: false, problem: `"agent" must be one of ${domains.join(', ')} when delegating` };
    // Each further part goes to another agent, once; a part for the first agent is part of its own.
    const parts = (also ?? []).filter(
      (part, i, all) => part.agent !== agent && all.findIndex((other) => other.agent === part.agent) === i,
    );
    if (parts.length === 0) return { ok: true, decision: { kind: 'delegate', domain: agent, reason } };
    return {
      ok: true,
      decision: {
        kind: 'delegate',
        domain: agent,
        reason,
        also: parts.map((part) => ({ domain: part.agent, reason: part.reason, text: part.question })),
      },
    };
  }
  if (!reply?.trim()) return { ok: false, problem: '"reply" must be a non-empty answer when replying' };
  return { ok: true, decision: { kind: 'reply', reason, reply: reply.trim() } };
}
