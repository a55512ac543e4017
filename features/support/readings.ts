import { mkdirSync, writeFileSync } from 'node:fs';
import type { World } from '@cucumber/cucumber';

/** Where measured readings go: accuracy scores with every miss, CPU per message. */
export const READINGS_FOLDER = 'reports/readings';

/**
 * Keeps a reading in `reports/readings/<name>.txt` and in the Cucumber report, not on the console:
 * a passing run's output stays a summary. Returns the text, for the failure message when the
 * reading falls below its bound, so a failing run shows it whole.
 */
export function keepReading(world: World, name: string, lines: readonly string[]): string {
  const text = lines.join('\n');
  mkdirSync(READINGS_FOLDER, { recursive: true });
  writeFileSync(`${READINGS_FOLDER}/${name}.txt`, `${text}\n`);
  world.log(text);
  return text;
}
