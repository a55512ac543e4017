import { z } from 'zod';

/**
 * Tool argument schemas that take a value as real clients send it. MCP Inspector's CLI and many
 * hand-written clients parse `--tool-arg limit=3` as the number 3 and `query=5` as the number 5, while
 * models tend to quote numbers ("3"). Each schema is a union both can read in the tool's
 * inputSchema (JSON Schema `anyOf`), and hands the tool one type.
 */

/** An integer in [min, max], sent as a number or as a string of digits ("3"). */
export const integerArgument = ({ min, max }: { min: number; max: number }) =>
  z.union([
    z.number().int().min(min).max(max),
    z
      .string()
      .trim()
      .regex(/^\d{1,6}$/, 'Expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(min).max(max)),
  ]);

/** Free text, sent as a string or as a bare number (a query such as 5 or 112), always handed on as a string. */
export const textArgument = ({ max }: { max: number }) =>
  z.union([z.string().trim().min(1).max(max), z.number().transform(String)]);
