import {
  MessageEndedError,
  NotAcceptingError,
  QueueFullError,
  type ServiceError,
  StoreUnavailableError,
} from '../core/errors.ts';

/** A field-level problem, as listed in a 422's `errors`. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error vocabulary of the API. Each class has a stable `code` (the problem `type` slug), an
 * HTTP `status`, a `title`, and a `detail` that is safe to show to a client. The problem handler
 * serialises them; anything else is a bug and is answered as a generic 500.
 */
export abstract class ApiError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;
  /** Extra response headers (e.g. Retry-After, Allow). */
  readonly headers: Record<string, string> = {};
  /** Extra members of the problem document. */
  readonly extensions: Record<string, unknown> = {};

  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

/**
 * A 4xx a library raised (the http-errors convention: a numeric `status` and `expose: true`), such
 * as the router's 400 for a path whose percent-encoding does not decode. Its own message may quote
 * the input, so the detail is a fixed text per status.
 */
export class ClientRequestError extends ApiError {
  readonly code: string;
  readonly title: string;
  constructor(
    readonly status: number,
    title: string,
  ) {
    super(
      status === 400
        ? 'The request is malformed: check the percent-encoding of its path and query and the syntax of its headers.'
        : `The request was refused: ${title}.`,
    );
    this.title = title;
    this.code = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  }
}

export class BadRequestError extends ApiError {
  readonly status = 400;
  readonly code = 'bad-request';
  readonly title = 'Bad Request';
}

export class MalformedJsonError extends ApiError {
  readonly status = 400;
  readonly code = 'malformed-json';
  readonly title = 'Malformed JSON';
}

export class UnauthorizedError extends ApiError {
  readonly status = 401;
  readonly code = 'unauthorized';
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends ApiError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Forbidden';
}

export class NotFoundError extends ApiError {
  readonly status = 404;
  readonly code = 'not-found';
  readonly title = 'Not Found';
}

export class MethodNotAllowedError extends ApiError {
  readonly status = 405;
  readonly code = 'method-not-allowed';
  readonly title = 'Method Not Allowed';
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(`Method ${method} is not allowed on ${path}; use ${allowed.join(' or ')}.`);
    this.headers.Allow = allowed.join(', ');
  }
}

/** An Idempotency-Key whose first request is still being accepted. */
export class IdempotencyConflictError extends ApiError {
  readonly status = 409;
  readonly code = 'idempotency-key-in-use';
  readonly title = 'Conflict';
  constructor(detail: string) {
    super(detail);
    this.headers['Retry-After'] = '1';
  }
}

/** The request conflicts with the resource's state (e.g. cancelling a message that already ended). */
export class ConflictError extends ApiError {
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'Conflict';
}

export class PayloadTooLargeError extends ApiError {
  readonly status = 413;
  readonly code = 'payload-too-large';
  readonly title = 'Payload Too Large';
}

export class UnsupportedMediaTypeError extends ApiError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';
  readonly title = 'Unsupported Media Type';
}

export class ValidationError extends ApiError {
  readonly status = 422;
  readonly code = 'validation-error';
  readonly title = 'Validation Error';
  constructor(
    detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail);
    this.extensions.errors = errors;
  }
}

/** An Idempotency-Key reused with a different request. */
export class IdempotencyMismatchError extends ApiError {
  readonly status = 422;
  readonly code = 'idempotency-key-reused';
  readonly title = 'Unprocessable Content';
}

export class TooManyRequestsError extends ApiError {
  readonly status = 429;
  readonly code = 'too-many-requests';
  readonly title = 'Too Many Requests';
}

export class ServiceUnavailableError extends ApiError {
  readonly status = 503;
  readonly code: string = 'service-unavailable';
  readonly title = 'Service Unavailable';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

/** The database behind the stores is unavailable: a 503 of its own code, so clients can tell it apart. */
export class StoreUnavailableProblem extends ServiceUnavailableError {
  override readonly code = 'store-unavailable';
  constructor() {
    super('The message store is unavailable at the moment; nothing was changed. Retry shortly.', 5);
  }
}

/** The HTTP answer to each refusal processing and the stores raise: the one place that decides it. */
export function fromServiceError(error: ServiceError): ApiError {
  if (error instanceof QueueFullError) {
    return new ServiceUnavailableError(
      `The message queue is full (${error.capacity} waiting); retry shortly.`,
      1,
    );
  }
  if (error instanceof NotAcceptingError) {
    return new ServiceUnavailableError('The service is shutting down and accepts no new messages.', 5);
  }
  if (error instanceof StoreUnavailableError) return new StoreUnavailableProblem();
  if (error instanceof MessageEndedError) {
    return new ConflictError(
      `Message with ID ${error.messageId} has already ended (${error.status}): only a message not yet final can be cancelled.`,
    );
  }
  throw new TypeError(`no HTTP answer for ${error.name}`);
}
