import { resolve } from 'node:path';

/** Node's on-disk compile cache for the test run and the processes it starts (npm run bdd sets the same). */
const COMPILE_CACHE = 'node_modules/.cache/node-compile-cache';

/**
 * What every service process a scenario starts inherits from the test run: the PATH, and Node's
 * on-disk compile cache, so that the dozens of replicas and services the suite starts compile the
 * service's modules once rather than each time.
 */
export const CHILD_ENV: Readonly<Record<string, string>> = {
  PATH: process.env.PATH ?? '',
  NODE_COMPILE_CACHE: resolve(process.env.NODE_COMPILE_CACHE ?? COMPILE_CACHE),
};
