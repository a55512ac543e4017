import type { Identity } from './auth.ts';
import type { Claim } from '../store/idempotency-store.ts';
import type { Customer } from './customer-identity.ts';

/**
 * What the middleware of a request leaves for the ones after it, typed once (declaration merging
 * into Express's `res.locals`), so no handler casts. The parsed parts of the request (`body`,
 * `query`, `params`, `headers`) are kept by `validate` and read back typed with `parsed(…)`.
 */
declare module 'express-serve-static-core' {
  interface Locals {
    /** Who is calling (auth.ts `identify`): a key's principal, a problem to answer, or open. */
    identity?: Identity;
    /** Whose account the request is about (customer-identity.ts `identifyCustomer`). */
    customer?: Customer;
    /** The claim on an Idempotency-Key of a first request (idempotency.ts), to record its response. */
    idempotency?: Extract<Claim, { kind: 'first' }>;
    body?: unknown;
    query?: unknown;
    params?: unknown;
    headers?: unknown;
  }
}
