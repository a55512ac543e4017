import type { RunContext } from '../lib/context.ts';
import type { ScenarioOutcome } from '../lib/report.ts';

/** One benchmark: a name for --only, and how to measure it. */
export interface Scenario {
  name: string;
  run(context: RunContext): Promise<ScenarioOutcome>;
}
