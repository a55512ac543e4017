import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../config/config.ts';
import { TooManyRequestsError } from './errors.ts';
import { principalOf } from './auth.ts';
import type { RateLimitStore } from '../store/rate-limit-store.ts';

/**
 * Requests per client per window (express-rate-limit: in memory for one process, or a PostgreSQL
 * store counting across every replica). A client is the owner of a valid API key when it sent one,
 * else its address: `req.ip`, which honours TRUST_PROXY, so behind nginx it is the address nginx saw, not a header the client wrote (IPv6 by /56 subnet, the
 * library's default, so one host cannot rotate through its addresses). Responses carry the IETF
 * draft-8 `RateLimit` and `RateLimit-Policy` headers; a refused request gets `Retry-After` and a 429
 * problem document from the app's one problem handler.
 */
export function createRateLimiter(settings: Config['rateLimit'], store?: RateLimitStore): RequestHandler {
  if (settings.max === 0) return (_req, _res, next) => next();
  return rateLimit({
    ...(store ? { store } : {}),
    windowMs: settings.windowMs,
    limit: settings.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req, res) => {
      const principal = principalOf(res);
      return principal ? `key:${principal.owner}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (_req, _res, next) => {
      next(
        new TooManyRequestsError(
          `Too many requests: at most ${settings.max} per ${settings.windowMs / 1000} s per client; retry after the time in Retry-After.`,
        ),
      );
    },
  });
}
