import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (Standard Webhooks). */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The Standard Webhooks headers of one attempt. */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs one attempt per Standard Webhooks with the reference package: `v1,` and the base64
 * HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the secret's decoded bytes. The timestamp is
 * the attempt's (Unix seconds), so a receiver's replay window holds for retries too; the id is the
 * event's, the same on every attempt.
 */
export function signedHeaders(secret: string, eventId: string, body: string, at: Date): SignedHeaders {
  const signature = new Webhook(secret).sign(eventId, at, body);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
