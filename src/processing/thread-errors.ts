import { DOMAINS, type Domain } from '../config.ts';
import { ModelBehaviorError, ModelUnavailableError } from '../engines/engine.ts';
import { ToolUnavailableError } from '../mcp/tool-client.ts';
import { DeadlineExceededError } from './failure-reason.ts';

/** An error as it crosses a thread boundary: its class by name, its text, and the tool domain if any. */
export interface SerializedError {
  name: string;
  message: string;
  domain?: Domain;
  stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const serialized: SerializedError = { name: error.name, message: error.message, stack: error.stack };
  if (error instanceof ToolUnavailableError) serialized.domain = error.domain;
  return serialized;
}

/**
 * The error of the same class, with the same message, so `describeFailure` gives the same reason on
 * this side of the boundary. Unknown classes come back as plain errors (an internal error).
 */
export function rebuildError(serialized: SerializedError): Error {
  const error = instantiate(serialized);
  error.message = serialized.message;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

function instantiate({ name, message, domain }: SerializedError): Error {
  switch (name) {
    case 'ToolUnavailableError':
      return new ToolUnavailableError(domain && DOMAINS.includes(domain) ? domain : 'faq', message);
    case 'ModelBehaviorError':
      return new ModelBehaviorError(message);
    case 'ModelUnavailableError':
      return new ModelUnavailableError(message);
    case 'DeadlineExceededError':
      return new DeadlineExceededError(0);
    default: {
      const error = new Error(message);
      error.name = name;
      return error;
    }
  }
}
