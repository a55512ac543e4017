import { ModelBehaviorError, ModelUnavailableError } from '../engines/engine.ts';
import { ToolUnavailableError } from '../mcp/tool-client.ts';

/**
 * Turns whatever stopped a message into the reason recorded on its `failed` update: one a
 * customer-service operator can act on. Known failures (a tool server down, the model misbehaving or
 * unreachable, the deadline) keep their own message; anything else is our bug and gets a generic text
 * (its stack goes to the log, never to the client).
 */
export function describeFailure(error: unknown): { text: string; unexpected: boolean } {
  if (
    error instanceof DeadlineExceededError ||
    error instanceof ToolUnavailableError ||
    error instanceof ModelBehaviorError ||
    error instanceof ModelUnavailableError
  ) {
    return { text: error.message, unexpected: false };
  }
  return {
    text: 'An internal error stopped the processing of this message; it has been logged for the operator.',
    unexpected: true,
  };
}

/** The message ran past MESSAGE_TIMEOUT_MS. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
  constructor(readonly timeoutMs: number) {
    super(`Processing took longer than the ${timeoutMs} ms limit (MESSAGE_TIMEOUT_MS) and was stopped.`);
  }
}
