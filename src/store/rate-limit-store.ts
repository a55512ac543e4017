import type { Store } from 'express-rate-limit';

/** Where the rate limiter counts: express-rate-limit's Store (its memory store when none is given). */
export type RateLimitStore = Store;
