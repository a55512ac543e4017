import { customerText } from '../core/customer-texts.ts';
import { HAND_OVER } from './registry.ts';
import { isFailedReply, type Turn, type TurnQuestion } from '../store/conversation-store.ts';

/**
 * When the assistant could not help, it offers a person: the hand-over domain's offer, which ends
 * with EscalationAgent's consent question, so a yes in the next turn goes to the hand-over. A reply
 * that carries the offer records it as data (`couldNotHelp`, `asked`): the offer is written in the
 * customer's language, and nothing reads it back from the text.
 *
 * "Could not help" is a reply of the conversation that either
 * - ended `failed` (a model, tool, deadline or internal failure: its reply has no agent), or
 * - answered with no data: every tool the agent asked had none (that answer carries the offer).
 *
 * An answer with no data offers a person at once. A failure offers one when it is the second time
 * the assistant could not help, counted since EscalationAgent last answered (its question, a no or
 * a ticket), so a "no" returns to normal service until the assistant fails twice again. The first
 * failure only says what happened and to try again: a service away for a minute is no reason yet.
 * Engine-independent: the planner applies it to answers, the processor to failures (which the
 * planner does not see end: a deadline or a shutdown stops it from outside).
 */

/** A reply and what it records about itself on its turn. */
export interface ReplyWithState {
  text: string;
  asked?: TurnQuestion;
  couldNotHelp?: boolean;
}

/** The offer of a person in `language`, or undefined when no domain hands a conversation over. */
export const handOverOffer = (language: string): string | undefined => HAND_OVER?.handOver?.offer(language);

/** True for a reply in which the assistant could not help. */
function couldNotHelp(turn: Turn): boolean {
  return turn.role === 'assistant' && (isFailedReply(turn) || turn.couldNotHelp === true);
}

/** How many replies of the conversation could not help since EscalationAgent last answered. */
export function timesNotHelped(history: readonly Turn[]): number {
  let count = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i]!;
    if (turn.role === 'assistant' && HAND_OVER && turn.agent === HAND_OVER.agent.name) break;
    if (couldNotHelp(turn)) count++;
  }
  return count;
}

/**
 * An answer whose tools had no data for the question, with the offer of a person after it: it
 * could not help, and it asks the consent question.
 */
export function withOffer(answer: string, language: string): ReplyWithState {
  const offer = handOverOffer(language);
  if (offer === undefined) return { text: answer, couldNotHelp: true };
  return { text: `${answer}\n\n${offer}`, asked: 'hand_over_consent', couldNotHelp: true };
}

/**
 * What the customer reads when a message fails, in `language`: the failure's own text and, when the
 * assistant could not help before in this conversation (this failure is the second time), the offer
 * of a person, whose consent question the reply then asks.
 */
export function failureReply(
  history: readonly Turn[],
  failureText: string,
  language: string,
): ReplyWithState {
  const offer = handOverOffer(language);
  if (offer === undefined || timesNotHelped(history) === 0) return { text: failureText };
  return {
    text: `${failureText}\n\n${customerText('hand_over.again', { offer }, language)}`,
    asked: 'hand_over_consent',
  };
}

/** True when the hand-over agent's answer to this message asks the customer's consent. */
export const handOverAsks = (message: string, history: readonly Turn[]): boolean =>
  HAND_OVER?.handOver?.asks(message, history) ?? false;
