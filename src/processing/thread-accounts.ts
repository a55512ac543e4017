import type { AccountStore, CustomerAccount } from '../store/accounts.ts';

/**
 * The service's in-memory accounts, read from a planner thread over its port. Without a database an
 * executed action changes the accounts of the main thread, where the action desk runs; a thread's
 * tools must read those, not accounts generated afresh in the thread, so that the change shows at
 * once. (With DATABASE_URL threads read PostgreSQL themselves.)
 */

/** Planner thread → main thread: read one account. */
export type AccountRequest = { type: 'accounts'; call: number; customerId: string };

/** Main thread → planner thread: the account, or undefined for an unknown customer. */
export type AccountReply = { type: 'accounts'; call: number; account: CustomerAccount | undefined };

/** Reads the account a thread asked for on the service's store (main thread). */
export async function answerAccountCall(store: AccountStore, request: AccountRequest): Promise<AccountReply> {
  // A failed read answers "unknown customer": the tool then says there is no account, never crashes.
  const account = await store.get(request.customerId).catch(() => undefined);
  return { type: 'accounts', call: request.call, account };
}

/** The thread's side: an AccountStore whose reads run on the main thread's store. */
export class ThreadAccountStore implements AccountStore {
  private nextCall = 0;
  private readonly waiting = new Map<number, (account: CustomerAccount | undefined) => void>();

  constructor(private readonly send: (request: AccountRequest) => void) {}

  /** Settles the read a reply answers (the thread's port hands every `accounts` reply here). */
  settle(reply: AccountReply): void {
    this.waiting.get(reply.call)?.(reply.account);
    this.waiting.delete(reply.call);
  }

  get(customerId: string): Promise<CustomerAccount | undefined> {
    const call = ++this.nextCall;
    return new Promise((resolve) => {
      this.waiting.set(call, resolve);
      this.send({ type: 'accounts', call, customerId });
    });
  }
}
