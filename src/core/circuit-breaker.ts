import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';

/** A circuit breaker around one upstream (the model, or one MCP server), built on cockatiel. */
export interface UpstreamBreaker {
  /**
   * Runs `call` unless the circuit is open; then rejects at once with `whenOpen(retryInMs)`
   * instead of letting the caller wait out a timeout. Failures that `isFailure` accepts count
   * towards opening it; a success closes it again.
   */
  run<T>(call: () => Promise<T>): Promise<T>;
  readonly state: 'closed' | 'open' | 'half-open';
}

/** When a breaker opens (consecutive failures) and when it lets a probe through (the CIRCUIT_BREAKER_* settings). */
export interface BreakerSettings {
  threshold: number;
  halfOpenMs: number;
}

export interface UpstreamBreakerOptions {
  /** Names the upstream in logs, e.g. "mcp:billing" or "model". */
  name: string;
  settings: BreakerSettings;
  /** Which errors say the upstream is failing (not the caller's own abort, not a bad request). */
  isFailure: (error: unknown) => boolean;
  /** The error to throw, fast, while the circuit is open. */
  whenOpen: (retryInMs: number) => Error;
  logger?: Logger;
}

const STATES: Record<CircuitState, UpstreamBreaker['state']> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * Opens after `threshold` consecutive failures; after `halfOpenMs` lets one call through as a
 * probe (half-open): its success closes the circuit, its failure opens it again. Calls that arrive
 * while it is open, or while the probe runs, fail fast.
 */
export function createUpstreamBreaker(options: UpstreamBreakerOptions): UpstreamBreaker {
  const { settings, logger, name } = options;
  const policy: CircuitBreakerPolicy = circuitBreaker(handleWhen(options.isFailure), {
    halfOpenAfter: settings.halfOpenMs,
    breaker: new ConsecutiveBreaker(settings.threshold),
  });
  let openedAt = 0;
  policy.onBreak(() => {
    openedAt = Date.now();
    logger?.warn({ upstream: name, threshold: settings.threshold }, 'circuit opened: failing fast');
  });
  policy.onHalfOpen(() => logger?.info({ upstream: name }, 'circuit half-open: probing'));
  policy.onReset(() => logger?.info({ upstream: name }, 'circuit closed: upstream answers again'));
  return {
    get state() {
      return STATES[policy.state];
    },
    async run<T>(call: () => Promise<T>): Promise<T> {
      try {
        return await policy.execute(() => call());
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw options.whenOpen(Math.max(0, openedAt + settings.halfOpenMs - Date.now()));
        }
        throw error;
      }
    },
  };
}
