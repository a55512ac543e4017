/**
 * Bounds on the text a model makes the service keep: what one message stores and serves, however
 * long a model (or a misbehaving model server) answers. `max_tokens` (LLM_MAX_OUTPUT_TOKENS) asks
 * the model to stop early; these hold whatever it sends. docs/reliability.md lists them.
 */
export const TEXT_BOUNDS = {
  /** A message's answer: its final update's `result` and the history's copy. */
  answerChars: 20_000,
  /** Each in-progress update's `result` (a step: routing, a tool call, the model thinking aloud). */
  stepChars: 2_000,
  /** A tool call's arguments as the model wrote them; longer ones are refused back to the model. */
  toolArgumentsChars: 20_000,
} as const;

/** Ends a text that was cut, saying how much was left out. */
const marker = (omitted: number): string => ` … [truncated: ${omitted} more characters]`;

/**
 * The text as a store can keep it, at most `max` UTF-16 code units: NUL characters and unpaired
 * surrogates (which PostgreSQL's text cannot hold) become U+FFFD, and a longer text is cut with a
 * marker, never between the two halves of a surrogate pair. Hand-written: a dozen lines.
 */
export function storableText(text: string, max: number): string {
  const clean =
    text.includes('\u0000') || !text.isWellFormed()
      ? text.toWellFormed().replaceAll('\u0000', '\uFFFD')
      : text;
  if (clean.length <= max) return clean;
  let cut = Math.max(0, max - marker(clean.length).length);
  const last = clean.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${clean.slice(0, cut)}${marker(clean.length - cut)}`;
}
