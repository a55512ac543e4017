import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { BadRequestError, ValidationError, type FieldError } from './errors.ts';
import './locals.ts';

type Source = 'body' | 'query' | 'params' | 'headers';

const LOCATION: Record<Source, string> = { body: 'body', query: 'query', params: 'path', headers: 'header' };

/** Maps zod issues to the `errors` of a 422, with paths such as `body.message` or `query.page_size`. */
export function fieldErrors(source: Source, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: [LOCATION[source], ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/**
 * Validates one part of the request once and keeps the parsed value in `res.locals[source]` (Express 5's
 * `req.query` is read-only, and handlers should only ever see parsed input).
 */
export function validate<S extends z.ZodType>(source: Source, schema: S): RequestHandler {
  return (req, res, next) => {
    const parsed = schema.safeParse(req[source] ?? {});
    // A bad header is a malformed request (400, docs/api.md), its schema's message the detail.
    if (!parsed.success && source === 'headers')
      throw new BadRequestError(parsed.error.issues[0]?.message ?? 'Invalid headers');
    if (!parsed.success) {
      const errors = fieldErrors(source, parsed.error.issues);
      const summary = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      throw new ValidationError(`The request ${LOCATION[source]} is invalid: ${summary}.`, errors);
    }
    res.locals[source] = parsed.data;
    next();
  };
}

/** The parsed value `validate(source, schema)` stored for this request. */
export function parsed<S extends z.ZodType>(
  locals: Partial<Record<Source, unknown>>,
  source: Source,
  _schema: S,
): z.infer<S> {
  return locals[source] as z.infer<S>;
}
