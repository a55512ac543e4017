import type { RequestHandler, Response } from 'express';
import type { CustomersConfig } from '../config/config.ts';
import { BadRequestError, customerTokenRefused, ForbiddenError } from './errors.ts';
import { DEMO_CUSTOMER } from '../store/conversation-key.ts';
import { principalOf } from './auth.ts';
import { isDemoCustomer } from '../store/accounts.ts';

/** Customer ids: 1–64 of `A–Z a–z 0–9 . _ : -` (docs/customers.md). */
export const CUSTOMER_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export { DEMO_CUSTOMER };

/** Who a request acts for, and how that was established. */
export interface Customer {
  id: string;
  via: 'token' | 'channel' | 'demo';
}

/** Verifies a customer token: its subject, or a refusal (401, or 503 when keys cannot be fetched). */
type TokenVerifier = (token: string) => Promise<string>;

/**
 * The configured identity provider's verifier, or undefined without one. jose (a tenth of a second
 * of CPU to load) is loaded with the first token: a service without an identity provider never
 * loads it.
 */
function tokenVerifier(jwt: CustomersConfig['jwt']): TokenVerifier | undefined {
  if (jwt.secret === undefined && jwt.publicKey === undefined && jwt.jwksUrl === undefined) return undefined;
  let verifier: Promise<TokenVerifier> | undefined;
  return async (token) => {
    verifier ??= import('./customer-token.ts').then(({ createTokenVerifier }) => createTokenVerifier(jwt));
    return (await verifier)(token);
  };
}

/**
 * Decides the customer of each request (docs/customers.md), first that applies: a verified
 * `x-customer-token`, an `x-customer-id` from a trusted channel's API key, else the demo customer
 * (CUSTOMER_IDENTITY=optional) or 401 (required). A bad token is 401, never a fall-back; an
 * `x-customer-id` from any other client is 403. Admin keys act as operators: without a customer of
 * their own they act for the demo customer even when identity is required.
 */
export function identifyCustomer(config: CustomersConfig, options: { anyTrusted: boolean }): RequestHandler {
  const verify = tokenVerifier(config.jwt);
  // A pure demonstration (identity optional, no identity provider, no trusted channel): a visitor
  // may act as one of the demo customers, naming it in x-demo-customer (the console's picker).
  const demonstration = config.identity === 'optional' && !verify && !options.anyTrusted;
  return async (req, res, next) => {
    const token = req.get('x-customer-token');
    const named = req.get('x-customer-id');
    const demo = req.get('x-demo-customer');
    const principal = principalOf(res);
    if (demo !== undefined && (!demonstration || !isDemoCustomer(demo, config.demoCustomers))) {
      throw new ForbiddenError(
        'The x-demo-customer header names a demo customer, and only where customers do not sign in (CUSTOMER_IDENTITY=optional without an identity provider or trusted channel).',
      );
    }
    if (named !== undefined && !principal?.trusted) {
      throw new ForbiddenError(
        'The x-customer-id header is accepted only from a trusted channel (an API key in TRUSTED_API_KEYS).',
      );
    }
    let customer: Customer;
    if (token !== undefined) {
      if (!verify)
        throw customerTokenRefused(
          'This service accepts no customer tokens: no identity provider is configured.',
        );
      const subject = await verify(token.trim());
      if (!CUSTOMER_ID.test(subject)) {
        throw customerTokenRefused(
          'The customer token’s "sub" is not a customer id (1–64 of A–Z a–z 0–9 . _ : -).',
        );
      }
      customer = { id: subject, via: 'token' };
    } else if (named !== undefined) {
      if (!CUSTOMER_ID.test(named)) {
        throw new BadRequestError('The x-customer-id header must be 1–64 characters of A–Z a–z 0–9 . _ : -');
      }
      customer = { id: named, via: 'channel' };
    } else if (demo !== undefined) {
      customer = { id: demo, via: 'demo' };
    } else if (config.identity === 'required' && !principal?.admin) {
      throw customerTokenRefused(
        'A signed-in customer is required: send the customer’s token in x-customer-token.',
      );
    } else {
      customer = { id: DEMO_CUSTOMER, via: 'demo' };
    }
    res.locals.customer = customer;
    next();
  };
}

/** The customer the request acts for (set by identifyCustomer, which runs before every route that reads it). */
export function customerOf(res: Response): string {
  return res.locals.customer?.id ?? DEMO_CUSTOMER;
}
