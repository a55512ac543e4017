import type { ZodType } from 'zod';
import { problem } from './schemas.ts';

/**
 * The response objects the OpenAPI document's paths are declared with, built in one place so that
 * each route file states only what is its own: the status, the schema and the words.
 */

/** A JSON response whose body is `schema`. */
export const jsonResponse = (schema: ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A refusal: an RFC 9457 problem document, as every error of the API is. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problem } },
});

/** The 422 of a path whose only validated input is its query. */
export const invalidQuery = problemResponse('Invalid query.');
