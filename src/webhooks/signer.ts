import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (Standard Webhooks). */
export function newSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The Standard Webhooks headers of one attempt. */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The HMAC key of a secret: its decoded bytes as a key object, so that signing with it neither decodes nor imports a key. */
export function signingKey(secret: string): KeyObject {
  return createSecretKey(
    Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64'),
  );
}

/**
 * Signs one attempt per Standard Webhooks: `v1,` and the base64 HMAC-SHA256 of
 * "{id}.{timestamp}.{body}" keyed with the secret's decoded bytes. The timestamp is the attempt's
 * (Unix seconds), so a receiver's replay window holds for retries too; the id is the event's, the
 * same on every attempt. Signed with Node's crypto rather than the `standardwebhooks` package's
 * `sign`: the package hashes in JavaScript, some fifty times slower, and every event is signed once
 * per endpoint and attempt. The scenarios verify every delivery with the package. `secret` may be
 * its signingKey, made once per endpoint.
 */
export function signedHeaders(
  secret: string | KeyObject,
  eventId: string,
  body: string,
  at: Date,
): SignedHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const key = typeof secret === 'string' ? signingKey(secret) : secret;
  const signature = createHmac('sha256', key).update(`${eventId}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': eventId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
