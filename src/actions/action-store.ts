import type { CustomerAccount, MutableAccountStore } from '../store/accounts.ts';
import { applyAction, type Action } from './action.ts';

/** A new action, as the platform records a proposal. */
export type NewAction = Omit<Action, 'status' | 'decidedBy' | 'decidedAt' | 'reason'>;

/** What executing an action did. */
export type Execution =
  /** This call changed the account: the action is `executed` now. */
  | { outcome: 'executed'; action: Action; account: CustomerAccount }
  /** The account cannot take it any more (e.g. the plan changed meanwhile): the action is `failed`. */
  | { outcome: 'failed'; action: Action }
  /** Another call decided it first (a second yes, another replica): nothing changed here. */
  | { outcome: 'already'; action: Action | undefined };

/** Which actions to list: one conversation's (by key) or one customer's. Newest first. */
export type ActionQuery = { conversationId: string } | { customerId: string };

/**
 * Where actions live, with the accounts they change: in memory, or PostgreSQL shared by every
 * replica. Every decision is a conditional change from `proposed`, so an action is decided once,
 * and execution changes the account in the same step: however many yeses, retries or replicas,
 * the account changes once.
 */
export interface ActionStore {
  /** Records a proposal; an earlier proposal of the conversation still waiting is declined by it. */
  propose(action: NewAction): Promise<Action>;
  /** The conversation's action waiting for a yes or no, if any (the newest). */
  pending(conversationId: string): Promise<Action | undefined>;
  /** The action that message decided, if it decided one (a message run again after a crash). */
  decidedBy(messageId: string): Promise<Action | undefined>;
  /** The conversation's newest action, whatever its status. */
  latest(conversationId: string): Promise<Action | undefined>;
  /** proposed → declined or expired; undefined when it was no longer proposed. */
  close(
    actionId: string,
    status: 'declined' | 'expired',
    at: number,
    messageId: string | null,
  ): Promise<Action | undefined>;
  /** proposed → executed with the account change, in one step; or failed when the account cannot take it. */
  execute(actionId: string, at: number, messageId: string): Promise<Execution>;
  /** Proposals older than `before` still waiting become `expired` (at their deadline, `before + ttl`). */
  expireBefore(query: ActionQuery, before: number, ttlMs: number): Promise<void>;
  list(query: ActionQuery): Promise<Action[]>;
}

/**
 * Actions in this process, changing the in-memory accounts in the same synchronous step. Bounded:
 * beyond `capacity` the oldest actions are forgotten (like the messages of an in-memory backend).
 */
export class InMemoryActionStore implements ActionStore {
  private readonly actions = new Map<string, Action>();

  constructor(
    private readonly accounts: MutableAccountStore,
    private readonly capacity = 100_000,
  ) {}

  propose(input: NewAction): Promise<Action> {
    for (const action of this.actions.values()) {
      if (action.conversationId === input.conversationId && action.status === 'proposed') {
        Object.assign(action, { status: 'declined', decidedAt: input.createdAt, decidedBy: input.messageId });
      }
    }
    const action: Action = {
      ...input,
      status: 'proposed',
      decidedBy: null,
      decidedAt: null,
      reason: null,
    } as Action;
    this.actions.set(action.actionId, action);
    for (const oldest of this.actions.keys()) {
      if (this.actions.size <= this.capacity) break;
      this.actions.delete(oldest);
    }
    return Promise.resolve(structuredClone(action));
  }

  pending(conversationId: string): Promise<Action | undefined> {
    return Promise.resolve(
      this.newest((a) => a.conversationId === conversationId && a.status === 'proposed'),
    );
  }

  decidedBy(messageId: string): Promise<Action | undefined> {
    return Promise.resolve(this.newest((a) => a.decidedBy === messageId));
  }

  latest(conversationId: string): Promise<Action | undefined> {
    return Promise.resolve(this.newest((a) => a.conversationId === conversationId));
  }

  close(
    actionId: string,
    status: 'declined' | 'expired',
    at: number,
    messageId: string | null,
  ): Promise<Action | undefined> {
    const action = this.actions.get(actionId);
    if (action?.status !== 'proposed') return Promise.resolve(undefined);
    Object.assign(action, { status, decidedAt: at, decidedBy: messageId });
    return Promise.resolve(structuredClone(action));
  }

  execute(actionId: string, at: number, messageId: string): Promise<Execution> {
    // One synchronous step: no other call can decide the action between the check and the change.
    const action = this.actions.get(actionId);
    if (action?.status !== 'proposed') {
      return Promise.resolve({ outcome: 'already', action: action && structuredClone(action) });
    }
    const account = this.accounts.current(action.customerId);
    const applied = account
      ? applyAction(account, action, at)
      : { error: 'there is no account for this customer' };
    if ('error' in applied) {
      Object.assign(action, { status: 'failed', decidedAt: at, decidedBy: messageId, reason: applied.error });
      return Promise.resolve({ outcome: 'failed', action: structuredClone(action) });
    }
    this.accounts.put(applied.account);
    Object.assign(action, { status: 'executed', decidedAt: at, decidedBy: messageId });
    return Promise.resolve({
      outcome: 'executed',
      action: structuredClone(action),
      account: applied.account,
    });
  }

  expireBefore(query: ActionQuery, before: number, ttlMs: number): Promise<void> {
    for (const action of this.actions.values()) {
      if (action.status === 'proposed' && action.createdAt < before && matches(action, query)) {
        Object.assign(action, { status: 'expired', decidedAt: action.createdAt + ttlMs });
      }
    }
    return Promise.resolve();
  }

  list(query: ActionQuery): Promise<Action[]> {
    return Promise.resolve(
      [...this.actions.values()]
        .filter((action) => matches(action, query))
        .reverse()
        .map((action) => structuredClone(action)),
    );
  }

  private newest(test: (action: Action) => boolean): Action | undefined {
    const found = [...this.actions.values()].reverse().find(test);
    return found && structuredClone(found);
  }
}

const matches = (action: Action, query: ActionQuery): boolean =>
  'conversationId' in query
    ? action.conversationId === query.conversationId
    : action.customerId === query.customerId;
