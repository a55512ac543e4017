/**
 * The consent question EscalationAgent asks before any ticket, and the customer's answer to it in any
 * of the languages the engine reads. Whether a turn asked the question is recorded on the turn
 * (`asked`), never looked for in its text, so the question can be asked in the customer's language.
 * The answer is checked on the whole (short) reply, so "yes" inside a longer question does not count
 * as consent. Hand-written: a closed list of words, which no package would hold for this question.
 */
import { customerText } from '../../core/customer-texts.ts';
import { foldReply } from '../../core/reply-text.ts';
import type { Turn } from '../../store/conversation-store.ts';

/** What EscalationAgent asks before it raises a ticket (docs/api.md: only with the customer's consent). */
export const consentQuestion = (language: string): string =>
  customerText('hand_over.consent_question', {}, language);

const YES =
  /^(yes|yeah|yep|yup|ya|sure|ok|okay|please|please do|yes please|go ahead|do it|of course|absolutely|definitely|right|correct|si|claro|por favor|vale|de acuerdo|ja|jawohl|gerne|bitte|klar|naturlich|oui|d'accord|daccord|volontiers|bien sur|s'il vous plait|sil vous plait)\b/;
const NO =
  /^(no|nope|nah|no thanks|no thank you|not now|not yet|dont|don't|never mind|nevermind|cancel|nein|nee|lieber nicht|non|non merci|pas maintenant)\b/;

/** "yes", "no", or undefined when the reply is neither (then the question stands). */
export function readConsent(reply: string): 'yes' | 'no' | undefined {
  const text = foldReply(reply);
  if (text.split(' ').length > 8) return undefined;
  if (NO.test(text)) return 'no';
  if (YES.test(text)) return 'yes';
  return undefined;
}

/** True when an assistant turn asked the consent question: EscalationAgent's, or an offer of a person. */
export const asksConsent = (turn: Turn | undefined): boolean =>
  turn?.role === 'assistant' && turn.asked === 'hand_over_consent';

/**
 * The customer's yes or no when the reply before this message asked the consent question; undefined
 * when it did not, or the message is neither (then the question is asked).
 */
export const consentGiven = (message: string, history: readonly Turn[]): 'yes' | 'no' | undefined =>
  asksConsent(history.at(-1)) ? readConsent(message) : undefined;
