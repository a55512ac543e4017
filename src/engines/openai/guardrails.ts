/**
 * Rule-based guardrails checked before any model is asked to route a message. Rules are cheap,
 * deterministic and cannot themselves be talked out of their decision, so obvious prompt-injection
 * and jailbreak attempts never reach the model. The guardrails issue will extend these rules
 * (more languages, moderation, output checks); keep every rule in this one list.
 */
const INJECTION_RULES: readonly { name: string; pattern: RegExp }[] = [
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
  { name: 'fake system message', pattern: /(^|\n)\s*(system|assistant)\s*:|<\|?(system|im_start)\|?>/i },
];

/** Why a message was stopped by a guardrail, and the polite reply the customer gets instead. */
export interface GuardrailVerdict {
  rule: string;
  reply: string;
}

/** The reply a customer gets when a message is refused (by a rule here or by the model itself). */
export const REFUSAL_REPLY =
  "I'm sorry, but I can't help with that request. I can help you with your bills, roaming charges, " +
  'tariff plans and common questions about our mobile services.';

/** Returns a refusal when the message matches a prompt-injection or jailbreak rule, else undefined. */
export function checkGuardrails(message: string): GuardrailVerdict | undefined {
  const rule = INJECTION_RULES.find((r) => r.pattern.test(message));
  return rule ? { rule: rule.name, reply: REFUSAL_REPLY } : undefined;
}
