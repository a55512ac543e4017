/**
 * The customer's answer to the consent question, in any of the languages the engine reads. Checked
 * on the whole (short) reply, so "yes" inside a longer question does not count as consent.
 * Hand-written: a closed list of words, which no package would hold for this question.
 */
import { customerText } from '../../core/customer-texts.ts';
import { foldReply } from '../../core/reply-text.ts';

/** What EscalationAgent asks before it raises a ticket (docs/api.md: only with the customer's consent). */
export const CONSENT_QUESTION = customerText('hand_over.consent_question');

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

/** True when an assistant turn is EscalationAgent's consent question. */
export const asksConsent = (assistantText: string): boolean => assistantText.includes(CONSENT_QUESTION);
