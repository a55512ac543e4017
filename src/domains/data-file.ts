import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * A data file of a domain folder (its language, its catalogue, the seed customer), read once when
 * its module loads and checked against its schema: a malformed file stops the service at start-up
 * with a message naming the file and what is wrong in it, never later in an answer. Read from beside
 * the module (`new URL('./plans.json', import.meta.url)`): the build copies src/'s data files into
 * dist/ next to the compiled modules.
 */
export function readDataFile<S extends z.ZodType>(file: URL, schema: S): z.output<S> {
  const path = fileURLToPath(file);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the data file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`The data file ${path} is malformed:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
