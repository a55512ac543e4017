/**
 * The one vocabulary of processing failures: why a message ended `failed`. Each failure has a fault
 * kind, and everything else derives from that kind in one table: the stable `failure_code` programs
 * read on the status, the text the customer reads (its id in src/core/customer-texts.ts), the log
 * level, and the metric label (the code).
 *
 * The customer text never carries what the failure's `detail` does (addresses, ports, URLs, library
 * messages, limits): the detail goes to the message's log line and its trace, the text to the chat.
 * (openai-agents-js classifies by who is at fault in the same way: UserError / SystemError /
 * ModelBehaviorError.)
 */

import { customerText, isCustomerTextId } from './customer-texts.ts';

/** The fault kinds, as the `failure_code` of a failed message. */
export const FAILURE_CODES = [
  'model_error',
  'model_unavailable',
  'tool_unavailable',
  'tool_contract',
  'deadline_exceeded',
  'shutting_down',
  'internal',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

interface FailureKind {
  /** What a customer-service operator reads about the code (README, OpenAPI). */
  meaning: string;
  /** What the customer reads in the chat, in their language (English by default): what happened and what they can do. */
  customerText: (service: string | undefined, language?: string) => string;
  /** `error` for our own bugs (logged with the stack); `warn` for faults outside the code. */
  logLevel: 'warn' | 'error';
}

/** A tool domain as a customer names the service behind it ("the billing service"), capitalised. */
function serviceName(domain: string | undefined, language: string): string {
  const named = `service.named.${domain}`;
  const name =
    domain === undefined
      ? customerText('service.unknown', {}, language)
      : isCustomerTextId(named)
        ? customerText(named, {}, language)
        : customerText('service.domain', { domain }, language);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A kind's customer text (src/core/customer-texts.ts), naming the service at fault where it says. */
const textOf =
  (code: FailureCode) =>
  (domain: string | undefined, language = 'en'): string =>
    customerText(`failure.${code}`, { Service: serviceName(domain, language) }, language);

export const FAILURE_KINDS: Record<FailureCode, FailureKind> = {
  model_error: {
    meaning: 'the language model answered in a form that could not be used, even after a correction',
    customerText: textOf('model_error'),
    logLevel: 'warn',
  },
  model_unavailable: {
    meaning: 'the language model could not be reached or refused the request (after retries)',
    customerText: textOf('model_unavailable'),
    logLevel: 'warn',
  },
  tool_unavailable: {
    meaning: "a domain's MCP tool server could not be reached or did not answer in time",
    customerText: textOf('tool_unavailable'),
    logLevel: 'warn',
  },
  tool_contract: {
    meaning: "a domain's MCP tool server answered outside its published contract",
    customerText: textOf('tool_contract'),
    logLevel: 'error',
  },
  deadline_exceeded: {
    meaning: 'the message was not answered within MESSAGE_TIMEOUT_MS of its acceptance',
    customerText: textOf('deadline_exceeded'),
    logLevel: 'warn',
  },
  shutting_down: {
    meaning: 'the service stopped before the message was answered (its shutdown grace period ran out)',
    customerText: textOf('shutting_down'),
    logLevel: 'warn',
  },
  internal: {
    meaning: 'a bug of ours; the stack is in the log',
    customerText: textOf('internal'),
    logLevel: 'error',
  },
};

/**
 * Why a message's processing stopped, with the technical `detail` for the log and the trace. The
 * subclasses below are named constructors for the places that raise each kind; code that handles a
 * failure reads `code`, never the class.
 */
export class ProcessingFailure extends Error {
  override name = 'ProcessingFailure';
  /** The language of the message it stopped, once the message was read: the customer's text is in it. */
  language?: string;
  constructor(
    readonly code: FailureCode,
    /** Technical, for operators: may name addresses, limits and library messages. Never shown to customers. */
    readonly detail: string,
    /** The tool domain at fault, for `tool_*` codes. */
    readonly domain?: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }

  /** What the customer reads, in English. */
  get customerText(): string {
    return this.customerTextIn('en');
  }

  /** What the customer reads, in their language. */
  customerTextIn(language: string): string {
    return FAILURE_KINDS[this.code].customerText(this.domain, language);
  }

  /** The failure as data, to cross a worker-thread boundary. */
  toJSON(): SerializedFailure {
    return {
      code: this.code,
      detail: this.detail,
      domain: this.domain,
      stack: this.stack,
      language: this.language,
    };
  }

  /** Any error as a failure: a ProcessingFailure as it is, anything else an internal one (our bug). */
  static from(error: unknown): ProcessingFailure {
    if (error instanceof ProcessingFailure) return error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const failure = new ProcessingFailure('internal', detail, undefined, { cause: error });
    if (error instanceof Error && error.stack) failure.stack = error.stack;
    return failure;
  }

  /** The failure again on this side of a thread boundary, with the same code, detail and stack. */
  static fromJSON(data: SerializedFailure): ProcessingFailure {
    const code = (FAILURE_CODES as readonly string[]).includes(data.code) ? data.code : 'internal';
    const failure = new ProcessingFailure(code, data.detail, data.domain);
    if (data.stack) failure.stack = data.stack;
    if (data.language) failure.language = data.language;
    return failure;
  }
}

/** A ProcessingFailure as plain data (structured-clone safe). */
export interface SerializedFailure {
  code: FailureCode;
  detail: string;
  domain?: string;
  stack?: string;
  language?: string;
}

/** The model answered, but not in a form we can use (malformed output, unknown tool) even after one correction. */
export class ModelBehaviorError extends ProcessingFailure {
  override name = 'ModelBehaviorError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super('model_error', detail, undefined, options);
  }
}

/** The model could not be reached or refused the request (timeout, 5xx, auth, rate limit after retries). */
export class ModelUnavailableError extends ProcessingFailure {
  override name = 'ModelUnavailableError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super('model_unavailable', detail, undefined, options);
  }
}

/** The MCP server of a domain could not be reached or did not answer in time. */
export class ToolUnavailableError extends ProcessingFailure {
  override name = 'ToolUnavailableError';
  constructor(domain: string, detail: string, options?: { cause?: unknown }) {
    super('tool_unavailable', `The ${domain} tool server is unavailable: ${detail}`, domain, options);
  }
}

/** The message ran past MESSAGE_TIMEOUT_MS. */
export class DeadlineExceededError extends ProcessingFailure {
  override name = 'DeadlineExceededError';
  constructor(timeoutMs: number) {
    super('deadline_exceeded', `Processing took longer than the ${timeoutMs} ms limit (MESSAGE_TIMEOUT_MS).`);
  }
}

/** The service stopped before the message was answered. */
export class ShutdownError extends ProcessingFailure {
  override name = 'ShutdownError';
  constructor() {
    super('shutting_down', 'The shutdown grace period (SHUTDOWN_GRACE_MS) ran out before the answer.');
  }
}
