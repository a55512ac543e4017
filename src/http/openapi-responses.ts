import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { problem } from './schemas.ts';

/**
 * The pieces the OpenAPI document's paths are declared with, built in one place so that each route
 * file states only what is its own: the method and the path, the status, the schema and the words.
 */

/**
 * Declares the paths of one tag: `path(method, url, operation)` registers the operation under `tag`,
 * so that each declaration starts with what it is, its method and its URL.
 */
export function taggedPaths(registry: OpenAPIRegistry, tag: string) {
  return (
    method: RouteConfig['method'],
    path: string,
    operation: Omit<RouteConfig, 'method' | 'path' | 'tags'>,
  ): void => {
    registry.registerPath({ method, path, tags: [tag], ...operation });
  };
}

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
