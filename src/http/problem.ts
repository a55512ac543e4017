import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import {
  ApiError,
  BadRequestError,
  ClientRequestError,
  MalformedJsonError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  fromServiceError,
} from './errors.ts';
import { ServiceError } from '../core/errors.ts';

const PROBLEM_BASE = 'https://semker.dev/problems/';

/**
 * Writes an RFC 9457 problem document. The one serializer of every error response. Written with
 * `end`, not `json`: Express would give the problem an ETag, and a problem is no representation a
 * client should revalidate (a poller that sent a 429's ETag back would be told "not modified").
 */
export function sendProblem(req: Request, res: Response, error: ApiError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.removeHeader('ETag');
  res
    .status(error.status)
    .type('application/problem+json')
    .end(
      JSON.stringify({
        type: `${PROBLEM_BASE}${error.code}`,
        title: error.title,
        status: error.status,
        detail: error.detail,
        instance: req.originalUrl,
        request_id: String(req.id ?? ''),
        ...error.extensions,
      }),
    );
}

/** The body parser's errors carry a stable `type`; map those to our vocabulary (never match message text). */
function fromBodyParser(error: { type?: unknown; limit?: unknown }): ApiError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new MalformedJsonError('The request body is not valid JSON.');
    case 'entity.too.large':
      return new PayloadTooLargeError(
        `The request body is larger than the ${String(error.limit)}-byte limit.`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('The request body must be JSON encoded as UTF-8.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new BadRequestError('The request body could not be read.');
    default:
      return undefined;
  }
}

/** Other libraries' client errors (http-errors: `status` 4xx, `expose`), e.g. the router's undecodable path. */
function fromLibrary(error: { status?: unknown; expose?: unknown }): ApiError | undefined {
  const { status } = error;
  if (typeof status !== 'number' || status < 400 || status > 499 || error.expose === false) return undefined;
  return new ClientRequestError(status, STATUS_CODES[status] ?? 'Client Error');
}

/** Unknown routes: 404 problem+json. */
export const notFound: RequestHandler = (req) => {
  throw new NotFoundError(`No route matches ${req.method} ${req.path}.`);
};

/**
 * The one error handler. Known errors become their problem document; anything else is our bug: logged
 * with its stack and answered as a generic 500 that reveals nothing.
 */
export const problemHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof ApiError) {
    sendProblem(req, res, error);
    return;
  }
  const fromService = error instanceof ServiceError ? fromServiceError(error) : undefined;
  if (fromService) {
    sendProblem(req, res, fromService);
    return;
  }
  const fromParser =
    typeof error === 'object' && error !== null ? (fromBodyParser(error) ?? fromLibrary(error)) : undefined;
  if (fromParser) {
    sendProblem(req, res, fromParser);
    return;
  }
  req.log.error({ err: error }, 'unhandled error');
  sendProblem(req, res, new InternalError());
};

class InternalError extends ApiError {
  readonly status = 500;
  readonly code = 'internal-error';
  readonly title = 'Internal Server Error';
  constructor() {
    super('An unexpected error occurred; it has been logged. Quote the request_id when reporting it.');
  }
}
