import { customerText } from '../core/customer-texts.ts';
import { HAND_OVER } from './registry.ts';
import { isFailedReply, type Turn } from '../store/conversation-store.ts';

/**
 * When the assistant could not help, it offers a person: the hand-over domain's offer, which ends
 * with EscalationAgent's consent question, so a yes in the next turn goes to the hand-over.
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
export const HAND_OVER_OFFER: string | undefined = HAND_OVER?.handOver?.offer;

/** True for a reply in which the assistant could not help. */
function couldNotHelp(turn: Turn): boolean {
  if (turn.role !== 'assistant') return false;
  if (isFailedReply(turn)) return true;
  return HAND_OVER_OFFER !== undefined && turn.content.includes(HAND_OVER_OFFER);
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
 * What the customer reads when a message fails: the failure's own text and, when the assistant
 * could not help before in this conversation (this failure is the second time), the offer of a person.
 */
export function failureReply(history: readonly Turn[], failureText: string): string {
  if (HAND_OVER_OFFER === undefined || timesNotHelped(history) === 0) return failureText;
  return `${failureText}\n\n${customerText('hand_over.again', { offer: HAND_OVER_OFFER })}`;
}
