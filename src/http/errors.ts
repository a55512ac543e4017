import {
  MessageEndedError,
  NotAcceptingError,
  QueueFullError,
  QueueShareFullError,
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

/** The base of an ApiError with a fixed status, code and title (most of them). */
function withStatus(status: number, code: string, title: string) {
  return class extends ApiError {
    readonly status = status;
    readonly code: string = code;
    readonly title = title;
  };
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

export class BadRequestError extends withStatus(400, 'bad-request', 'Bad Request') {}

export class MalformedJsonError extends withStatus(400, 'malformed-json', 'Malformed JSON') {}

export class UnauthorizedError extends withStatus(401, 'unauthorized', 'Unauthorized') {}

/** A customer token refused (missing, invalid or expired), with the Bearer challenge that says so. */
export function customerTokenRefused(detail: string): UnauthorizedError {
  const error = new UnauthorizedError(detail);
  error.headers['WWW-Authenticate'] = 'Bearer realm="semker-customer", error="invalid_token"';
  return error;
}

export class ForbiddenError extends withStatus(403, 'forbidden', 'Forbidden') {}

export class NotFoundError extends withStatus(404, 'not-found', 'Not Found') {}

export class MethodNotAllowedError extends withStatus(405, 'method-not-allowed', 'Method Not Allowed') {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(`Method ${method} is not allowed on ${path}; use ${allowed.join(' or ')}.`);
    this.headers.Allow = allowed.join(', ');
  }
}

/** An Idempotency-Key whose first request is still being accepted. */
export class IdempotencyConflictError extends withStatus(409, 'idempotency-key-in-use', 'Conflict') {
  constructor(detail: string) {
    super(detail);
    this.headers['Retry-After'] = '1';
  }
}

/** The request conflicts with the resource's state (e.g. cancelling a message that already ended). */
export class ConflictError extends withStatus(409, 'conflict', 'Conflict') {}

export class PayloadTooLargeError extends withStatus(413, 'payload-too-large', 'Payload Too Large') {}

export class UnsupportedMediaTypeError extends withStatus(
  415,
  'unsupported-media-type',
  'Unsupported Media Type',
) {}

export class ValidationError extends withStatus(422, 'validation-error', 'Validation Error') {
  constructor(
    detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail);
    this.extensions.errors = errors;
  }
}

/** An Idempotency-Key reused with a different request. */
export class IdempotencyMismatchError extends withStatus(
  422,
  'idempotency-key-reused',
  'Unprocessable Content',
) {}

export class TooManyRequestsError extends withStatus(429, 'too-many-requests', 'Too Many Requests') {}

export class ServiceUnavailableError extends withStatus(503, 'service-unavailable', 'Service Unavailable') {
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

/**
 * The HTTP answer to each refusal processing and the stores raise: the one place that decides it.
 * Undefined for one it does not know, which the problem handler logs and answers as a 500.
 */
export function fromServiceError(error: ServiceError): ApiError | undefined {
  if (error instanceof QueueFullError) {
    return new ServiceUnavailableError(
      `The message queue is full (${error.capacity} waiting); retry shortly.`,
      1,
    );
  }
  if (error instanceof QueueShareFullError) {
    const problem = new TooManyRequestsError(
      `You have ${error.share} messages waiting, your share of the message queue; retry once some are answered.`,
    );
    problem.headers['Retry-After'] = '1';
    return problem;
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
  return undefined;
}
