import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AccountStore } from '../store/accounts.ts';
import { conversationLanguage, type Turn } from '../store/conversation-store.ts';
import { customerText } from '../core/customer-texts.ts';
import { foldReply } from '../core/reply-text.ts';
import { executedText, type Action, type ActionKind, type Proposal } from './action.ts';
import type { ActionQuery, ActionStore } from './action-store.ts';

/**
 * Hesitation in any of the four languages: such a reply asks again rather than moving on. Hand-written,
 * a closed list like the consent words (domains/ticket/consent.ts).
 */
const HESITATION =
  /\b(maybe|perhaps|not sure|unsure|dunno|don'?t know|hmm+|wait|let me think|quizas|quiza|tal vez|no se|vielleicht|weiss nicht|keine ahnung|peut-etre|je ne sais pas|sais pas)\b/;

/** A reply of so few words that is neither yes nor no is unclear, not another topic. */
const SHORT_REPLY_WORDS = 4;

/** What the desk answers instead of the planner, in the name of the agent `A` that speaks for the action. */
export interface DeskAnswer<A extends string = string> {
  answer: string;
  agentName: A;
  /** The language it is written in (the conversation's): the customer's turn records it. */
  language: string;
}

/** What the desk needs from the layers above it, given by the composition. */
export interface ActionDeskDeps<A extends string> {
  store: ActionStore;
  accounts: AccountStore;
  /** How long a proposal waits for its yes (ACTION_CONFIRM_TTL_MS). */
  ttlMs: number;
  /** "yes", "no", or undefined for neither, in the languages the service reads. */
  readConsent(reply: string): 'yes' | 'no' | undefined;
  /** True when the guardrails stop the message: it decides nothing. */
  stopped(message: string): boolean;
  /** The agent that speaks for an action: the domain whose tool proposed it. */
  agentFor(kind: ActionKind): A;
  now?: () => number;
}

export interface ActionDeskEvents {
  /**
   * An action this process executed, with the account after it: the one place an executed action is
   * announced (webhooks, metrics). Emitted once per action, by the call that changed the account.
   */
  executed: [action: Action];
}

/**
 * The platform's side of actions (docs/actions.md): records what a proposal tool proposed, and reads the
 * customer's next message in that conversation as the answer to it — a yes executes it (through the
 * store, once), a no or another topic declines it, a late answer finds it expired, an unclear one is
 * asked again. No engine and no model takes part in deciding or executing: they can only propose.
 */
export class ActionDesk<A extends string = string> extends EventEmitter<ActionDeskEvents> {
  constructor(private readonly deps: ActionDeskDeps<A>) {
    super();
  }

  /** Records the proposal an answer made, as an action `proposed`. */
  propose(
    message: { id: string; conversationId: string; customerId: string },
    proposal: Proposal,
  ): Promise<Action> {
    const { summary, ...change } = proposal;
    return this.deps.store.propose({
      ...change,
      actionId: randomUUID(),
      customerId: message.customerId,
      conversationId: message.conversationId,
      messageId: message.id,
      summary,
      createdAt: this.now(),
    });
  }

  /**
   * The answer to a message that decides the conversation's pending action, or undefined when the
   * planner answers it (nothing pending, another topic, a guardrail's refusal). `report` records steps.
   */
  async settle(
    message: { id: string; conversationId: string; content: string },
    history: readonly Turn[],
    report: (text: string, agentName: A) => void,
  ): Promise<DeskAnswer<A> | undefined> {
    const { store } = this.deps;
    // A yes or no is too short to tell its language: the desk answers in the conversation's, the
    // language its proposal was asked in.
    const language = conversationLanguage(history) ?? 'en';
    // This message decided an action already (its run was cut short after that): the same answer again.
    const decided = await store.decidedBy(message.id);
    if (decided) return this.answerFor(decided, language);
    const consent = this.deps.readConsent(message.content);
    const pending = await store.pending(message.conversationId);
    if (!pending) return consent ? this.afterDecision(message.conversationId, history, language) : undefined;
    const at = this.now();
    // A message the guardrails stop decides nothing: the proposal is declined, the planner refuses.
    if (this.deps.stopped(message.content)) {
      await store.close(pending.actionId, 'declined', at, message.id);
      return undefined;
    }
    const agentName = this.deps.agentFor(pending.kind);
    if (at - pending.createdAt > this.deps.ttlMs) {
      const expired = await store.close(
        pending.actionId,
        'expired',
        pending.createdAt + this.deps.ttlMs,
        message.id,
      );
      if (!consent) return undefined;
      report(`The proposal ${pending.actionId} expired before the answer: nothing changes`, agentName);
      return this.answerFor(expired ?? pending, language);
    }
    if (consent === 'yes') {
      report(
        `The customer said yes: the platform executes ${pending.kind} (action ${pending.actionId})`,
        agentName,
      );
      const execution = await store.execute(pending.actionId, at, message.id);
      if (execution.outcome === 'executed') this.emit('executed', execution.action);
      return execution.action ? this.answerFor(execution.action, language) : undefined;
    }
    if (consent === 'no') {
      const closed = await store.close(pending.actionId, 'declined', at, message.id);
      report(`The customer said no: action ${pending.actionId} is declined, nothing changes`, agentName);
      return this.answerFor(closed ?? pending, language);
    }
    const text = foldReply(message.content);
    if (HESITATION.test(text) || text.split(' ').length <= SHORT_REPLY_WORDS) {
      report('The answer is neither yes nor no: asking again', agentName);
      const answer = customerText('action.ask_again', { question: pending.summary }, language);
      return { answer, agentName, language };
    }
    // Another topic: the proposal is declined and the planner answers the new question.
    await store.close(pending.actionId, 'declined', at, message.id);
    return undefined;
  }

  /**
   * A yes or no with nothing pending, right after an action was decided in this conversation (a
   * second yes, a retried message): says what became of it, and changes nothing.
   */
  private async afterDecision(
    conversationId: string,
    history: readonly Turn[],
    language: string,
  ): Promise<DeskAnswer<A> | undefined> {
    const latest = await this.deps.store.latest(conversationId);
    if (!latest || latest.decidedAt === null || this.now() - latest.decidedAt > this.deps.ttlMs)
      return undefined;
    const lastReply = history.findLast((turn) => turn.role === 'assistant');
    if (lastReply?.agent !== this.deps.agentFor(latest.kind)) return undefined;
    const answer = await this.answerFor(latest, language);
    return { ...answer, answer: customerText('action.nothing_waiting', { answer: answer.answer }, language) };
  }

  /** What the customer reads about an action decided as it is, in `language`. */
  private async answerFor(action: Action, language: string): Promise<DeskAnswer<A>> {
    const reply = (answer: string): DeskAnswer<A> => ({
      answer,
      agentName: this.deps.agentFor(action.kind),
      language,
    });
    switch (action.status) {
      case 'executed': {
        const account = await this.deps.accounts.get(action.customerId);
        return reply(
          account
            ? executedText(action, account, language)
            : customerText('action.executed.unknown', {}, language),
        );
      }
      case 'failed': {
        const reason = action.reason ?? customerText('action.failed_unknown', {}, language);
        return reply(customerText('action.failed', { reason }, language));
      }
      case 'expired': {
        // "15 minutes", "2 seconds": how long a proposal waits, as a person reads it.
        const { ttlMs } = this.deps;
        return reply(
          ttlMs >= 60_000
            ? customerText('action.expired_minutes', { count: Math.round(ttlMs / 60_000) }, language)
            : customerText('action.expired_seconds', { count: Math.round(ttlMs / 1000) }, language),
        );
      }
      case 'declined':
      case 'proposed':
        return reply(customerText('action.declined', {}, language));
    }
  }

  /** Actions of a conversation or a customer, newest first; proposals past their time read `expired`. */
  async list(query: ActionQuery): Promise<Action[]> {
    await this.deps.store.expireBefore(query, this.now() - this.deps.ttlMs, this.deps.ttlMs);
    return this.deps.store.list(query);
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }
}
