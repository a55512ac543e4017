/**
 * Customer tokens verified with jose, loaded by customer-identity.ts with the first token (a service
 * without an identity provider never loads jose).
 */
import { createPublicKey, webcrypto } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import type { CustomersConfig } from '../config/config.ts';
import { customerTokenRefused, ServiceUnavailableError } from './errors.ts';

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
export function createTokenVerifier(jwt: CustomersConfig['jwt']): (token: string) => Promise<string> {
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
    throw new Error('No identity provider is configured.');
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
    const { payload } = await verify(token).catch((error: unknown) => {
      throw refusal(error);
    });
    const expiresAtMs = payload.exp! * 1000;
    const subject = payload.sub!;
    const ttl = Math.min(VERIFIED_FOR_MS, expiresAtMs - Date.now());
    if (ttl > 0) verified.set(token, { subject, expiresAtMs }, { ttl });
    return subject;
  };
}

/**
 * Why a token was refused, in words for the client: jose's own messages are not passed on (they
 * are a library's text, and may quote the token's claims).
 */
function refusal(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return customerTokenRefused('The customer token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return customerTokenRefused(`The customer token's ${error.claim} claim is missing or not accepted.`);
  }
  if (
    error instanceof errors.JWKSTimeout ||
    (error instanceof Error && !(error instanceof errors.JOSEError))
  ) {
    // The identity provider's key set could not be fetched: not the client's fault.
    return new ServiceUnavailableError('Customer tokens cannot be verified right now; try again shortly.', 5);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return customerTokenRefused(
      'The customer token is signed with a key the identity provider does not publish.',
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return customerTokenRefused('The customer token’s signature does not verify.');
  }
  return customerTokenRefused('The customer token is not a valid signed token of the identity provider.');
}
