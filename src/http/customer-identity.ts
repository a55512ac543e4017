import { createPublicKey, webcrypto } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import type { CustomersConfig } from '../config/config.ts';
import { BadRequestError, ForbiddenError, ServiceUnavailableError, UnauthorizedError } from './errors.ts';
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

/** Verifies a customer token and answers its subject, or throws a jose error. */
type TokenVerifier = (token: string) => Promise<string>;

/** The algorithm a PEM public key signs with: one per key type, so a token cannot pick another. */
function algorithmOf(pem: string): string {
  const type = createPublicKey(pem).asymmetricKeyType;
  return type === 'rsa' ? 'RS256' : type === 'ec' ? 'ES256' : 'EdDSA';
}

/** Tokens remembered as verified (most recently used kept), and for how long at most. */
const VERIFIED_TOKENS = 10_000;
const VERIFIED_FOR_MS = 60_000;

/**
 * The verifier for the configured identity provider, with `jose`: a shared secret (HS256), a PEM
 * public key, or the provider's JWKS (fetched and cached by jose, refetched for an unknown `kid`).
 * Only the named algorithms are accepted, so an unsecured token (`alg: none`) or one that swaps an
 * asymmetric algorithm for HS256 is refused; `exp` and `sub` must be present.
 */
function createTokenVerifier(jwt: CustomersConfig['jwt']): TokenVerifier | undefined {
  let key: Promise<webcrypto.CryptoKey> | ReturnType<typeof createPublicKey> | JWTVerifyGetKey;
  let algorithms: string[];
  if (jwt.secret !== undefined) {
    // Imported once: jose imports a secret given as bytes again on every verification.
    key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(jwt.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    algorithms = ['HS256'];
  } else if (jwt.publicKey !== undefined) {
    key = createPublicKey(jwt.publicKey);
    algorithms = [algorithmOf(jwt.publicKey)];
  } else if (jwt.jwksUrl !== undefined) {
    key = createRemoteJWKSet(new URL(jwt.jwksUrl));
    algorithms = ['RS256', 'ES256', 'EdDSA'];
  } else {
    return undefined;
  }
  const options = {
    algorithms,
    requiredClaims: ['exp', 'sub'],
    ...(jwt.issuer !== undefined && { issuer: jwt.issuer }),
    ...(jwt.audience !== undefined && { audience: jwt.audience }),
  };
  const verify = async (token: string) =>
    // Two calls rather than one over a union: jwtVerify's overloads take a key or a key function.
    typeof key === 'function'
      ? await jwtVerify(token, key, options)
      : await jwtVerify(token, await key, options);
  /*
   * A customer's app sends the same token with every request until it expires, and verifying it
   * (signature and claims) is a large share of accepting a message, so a verified token is
   * remembered: its subject, until its `exp` and never longer than VERIFIED_FOR_MS, after which it
   * is verified again (a key the provider withdrew from its JWKS stops being honoured then). A token
   * that fails is never remembered. The cache's own expiry runs on a monotonic clock and its
   * documentation promises no strong TTL, so `exp` is checked against the wall clock on every hit,
   * as jose checks it.
   */
  const verified = new LRUCache<string, { subject: string; expiresAtMs: number }>({
    max: VERIFIED_TOKENS,
    ttl: VERIFIED_FOR_MS,
  });
  return async (token) => {
    const known = verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.subject;
    const { payload } = await verify(token);
    const expiresAtMs = payload.exp! * 1000;
    const subject = payload.sub!;
    const ttl = Math.min(VERIFIED_FOR_MS, expiresAtMs - Date.now());
    if (ttl > 0) verified.set(token, { subject, expiresAtMs }, { ttl });
    return subject;
  };
}

const unauthorized = (detail: string): UnauthorizedError => {
  const error = new UnauthorizedError(detail);
  error.headers['WWW-Authenticate'] = 'Bearer realm="semker-customer", error="invalid_token"';
  return error;
};

/**
 * Why a token was refused, in words for the client: jose's own messages are not passed on (they
 * are a library's text, and may quote the token's claims).
 */
function refusal(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return unauthorized('The customer token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return unauthorized(`The customer token's ${error.claim} claim is missing or not accepted.`);
  }
  if (
    error instanceof errors.JWKSTimeout ||
    (error instanceof Error && !(error instanceof errors.JOSEError))
  ) {
    // The identity provider's key set could not be fetched: not the client's fault.
    return new ServiceUnavailableError('Customer tokens cannot be verified right now; try again shortly.', 5);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return unauthorized('The customer token is signed with a key the identity provider does not publish.');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return unauthorized('The customer token’s signature does not verify.');
  }
  return unauthorized('The customer token is not a valid signed token of the identity provider.');
}

/**
 * Decides the customer of each request (docs/customers.md), first that applies: a verified
 * `x-customer-token`, an `x-customer-id` from a trusted channel's API key, else the demo customer
 * (CUSTOMER_IDENTITY=optional) or 401 (required). A bad token is 401, never a fall-back; an
 * `x-customer-id` from any other client is 403. Admin keys act as operators: without a customer of
 * their own they act for the demo customer even when identity is required.
 */
export function identifyCustomer(config: CustomersConfig, options: { anyTrusted: boolean }): RequestHandler {
  const verify = createTokenVerifier(config.jwt);
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
        throw unauthorized('This service accepts no customer tokens: no identity provider is configured.');
      let subject: string;
      try {
        subject = await verify(token.trim());
      } catch (error) {
        throw refusal(error);
      }
      if (!CUSTOMER_ID.test(subject)) {
        throw unauthorized('The customer token’s "sub" is not a customer id (1–64 of A–Z a–z 0–9 . _ : -).');
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
      throw unauthorized('A signed-in customer is required: send the customer’s token in x-customer-token.');
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
