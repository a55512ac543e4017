/**
 * The guardrails every message passes before any engine sees it: the planner runs them first,
 * whichever engine is configured, so a message that fails them is answered politely with no model
 * call, no tool call and nothing about the instructions revealed. Rules are cheap, deterministic and
 * cannot be talked out of their decision. Keep every rule in this one module.
 *
 * Two kinds: jailbreak and prompt-injection attempts (refused), and requests that turn the service
 * into a general-purpose writer or coder (declined as off-topic: they are not customer service, and
 * each would cost a model call). Subtler off-topic questions are left to the engines, which reply
 * themselves for anything outside the operator's services.
 */
import { INJECTION_PATTERNS } from '../engines/offline/lexicon.ts';
import { normalizeText, tokenize } from '../engines/offline/normalize.ts';

/** Rules read on the raw text, where line breaks and role markers are still visible. */
const RAW_INJECTION_RULES: readonly { name: string; pattern: RegExp }[] = [
  {
    name: 'override previous instructions',
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+)?(of\s+)?(the\s+|your\s+|these\s+|those\s+)?(previous\s+|prior\s+|above\s+|earlier\s+|system\s+|original\s+|safety\s+)?(instructions?|rules|prompts?|guidelines|directives|restrictions)\b/i,
  },
  {
    name: 'reveal the system prompt',
    pattern:
      /\b(reveal|show|print|repeat|display|tell me|what (is|are))\b.{0,30}\b(system|hidden|initial|original)\s+(prompt|instructions)\b/i,
  },
  {
    name: 'jailbreak persona',
    pattern: /\b(jailbreak|jailbroken|DAN mode|do anything now|developer mode)\b/i,
  },
  {
    name: 'unrestricted role-play',
    pattern:
      /\b(pretend|act|behave)\b.{0,30}\b(no|without)\s+(restrictions?|rules|limits|filters?|guidelines)\b/i,
  },
  {
    name: 'fake system message',
    pattern: /(^|\n)\s*(system|assistant|developer)\s*:|<\|?(system|im_start|im_end)\|?>/i,
  },
  { name: 'fake tool output', pattern: /<\/?tool_output\b/i },
];

/** Requests for work that is not customer service (a poem, an essay, a program). */
const OFF_TOPIC_RULES: readonly { name: string; pattern: RegExp }[] = [
  {
    name: 'general-purpose writing or coding',
    pattern:
      /\b(write|compose|generate|create|draft)\s+(me\s+|us\s+)?(an?\s+|the\s+|some\s+|my\s+)?(poem|haiku|essay|story|song|lyrics|novel|limerick|code|program|python|javascript|sql|script|function|homework)\b/,
  },
];

/** Why a message was stopped, and the polite reply the customer gets instead. */
export interface GuardrailVerdict {
  kind: 'refused' | 'off-topic';
  rule: string;
  reply: string;
}

/** The reply to a refused message (by a rule here or by the model itself). Names no instruction. */
export const REFUSAL_REPLY =
  "I'm sorry, but I can't help with that request. I can help you with your bills, roaming charges, " +
  'tariff plans and common questions about our mobile services.';

/** The reply to a request that is not about the customer's mobile service. */
export const OFF_TOPIC_REPLY =
  "I'm sorry, I can only help with questions about your mobile service: your bills, roaming charges, " +
  'tariff plans and common questions such as SIM, eSIM, coverage and contracts.';

/**
 * Checks a customer message; returns the verdict when a rule stops it, else undefined. The raw
 * rules read the text as sent; the offline lexicon's rules read it normalised (lower case, accents
 * and punctuation gone), which is how they were written.
 */
export function checkGuardrails(message: string): GuardrailVerdict | undefined {
  const raw = RAW_INJECTION_RULES.find((r) => r.pattern.test(message));
  if (raw) return { kind: 'refused', rule: raw.name, reply: REFUSAL_REPLY };
  const text = tokenize(normalizeText(message)).join(' ');
  const lexical = INJECTION_PATTERNS.findIndex((pattern) => pattern.test(text));
  if (lexical >= 0)
    return { kind: 'refused', rule: `injection pattern ${lexical + 1}`, reply: REFUSAL_REPLY };
  const offTopic = OFF_TOPIC_RULES.find((r) => r.pattern.test(text));
  if (offTopic) return { kind: 'off-topic', rule: offTopic.name, reply: OFF_TOPIC_REPLY };
  return undefined;
}
