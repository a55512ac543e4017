import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { ApiKey } from '../config/config.ts';
import { UnauthorizedError } from './errors.ts';

/** Who sent a request: the owner named by its API key, and whether that key is an admin key. */
export interface Principal {
  owner: string;
  admin: boolean;
  /** A trusted channel (TRUSTED_API_KEYS): it may name the customer in `x-customer-id`. */
  trusted: boolean;
}

/** What `identify` decided for one request; `requireKey` acts on it (after the rate limiter counted it). */
export type Identity = { principal: Principal } | { problem: string } | { open: true };

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The key a request presents: `x-api-key`, else `Authorization: Bearer <key>`. */
function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const direct = header('x-api-key');
  if (direct !== undefined && direct !== '') return direct;
  const authorization = header('authorization');
  const match = authorization === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

/**
 * Reads the request's API key and finds its owner. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, against every configured key without stopping at the first match, so neither
 * the comparison nor the loop tells an attacker how close a guess was. With no keys configured the
 * API is open and every request passes as anonymous.
 */
export function identify(keys: readonly ApiKey[]): RequestHandler {
  const known = keys.map((k) => ({
    digest: sha256(k.key),
    principal: { owner: k.name, admin: k.admin, trusted: k.trusted },
  }));
  return (req, res, next) => {
    if (known.length === 0) {
      res.locals.identity = { open: true } satisfies Identity;
      next();
      return;
    }
    const key = presentedKey((name) => req.get(name));
    if (key === undefined) {
      res.locals.identity = {
        problem: 'An API key is required: send it in the x-api-key header or as Authorization: Bearer <key>.',
      } satisfies Identity;
      next();
      return;
    }
    const digest = sha256(key);
    let found: Principal | undefined;
    for (const candidate of known) {
      if (timingSafeEqual(candidate.digest, digest) && !found) found = candidate.principal;
    }
    res.locals.identity = (
      found ? { principal: found } : { problem: 'The API key is not valid.' }
    ) satisfies Identity;
    next();
  };
}

/** Ends a request that `identify` could not attribute with 401 (after the rate limiter counted it). */
export const requireKey: RequestHandler = (_req, res, next) => {
  const { identity } = res.locals;
  if (identity && 'problem' in identity) {
    const error = new UnauthorizedError(identity.problem);
    error.headers['WWW-Authenticate'] = 'Bearer realm="semker"';
    throw error;
  }
  next();
};

/** The request's principal; undefined when the API runs without keys (open, anonymous). */
export function principalOf(res: Response): Principal | undefined {
  const { identity } = res.locals;
  return identity && 'principal' in identity ? identity.principal : undefined;
}
