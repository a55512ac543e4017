import { Given, Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { keepReading } from '../support/readings.ts';
import type { SemkerWorld } from '../support/world.ts';

/** One message of a blind batch, as its writer wrote it. */
const BlindEntry = z.object({
  id: z.string(),
  kind: z.string(),
  language: z.string(),
  history: z.array(z.object({ role: z.literal('user'), content: z.string() })).optional(),
  message: z.string(),
  expected_agent: z.string(),
  expected_figures: z.array(z.string()),
  note: z.string().optional(),
});
type BlindEntry = z.infer<typeof BlindEntry>;

interface BlindReading {
  entry: BlindEntry;
  agent: string | null;
  answer: string;
  right: boolean;
}

const readings = new WeakMap<SemkerWorld, { batch: string; results: BlindReading[] }>();

const loadBatch = (name: string): BlindEntry[] =>
  z.array(BlindEntry).parse(JSON.parse(readFileSync(`features/data/blind/${name}.json`, 'utf8')));

Given('the API is running with today being {word}', async function (this: SemkerWorld, iso: string) {
  const today = new Date(iso);
  await this.startApi({}, { now: () => today });
});

When('every message of the blind batch {string} is asked', async function (this: SemkerWorld, name: string) {
  const results: BlindReading[] = [];
  for (const entry of loadBatch(name)) {
    const conversation = `blind-${entry.id}`;
    for (const turn of entry.history ?? []) {
      await this.waitUntilFinished(await this.postMessage(turn.content, conversation));
    }
    const message = await this.waitUntilFinished(await this.postMessage(entry.message, conversation));
    const answer = message.result ?? '';
    const right =
      message.agentName === entry.expected_agent &&
      entry.expected_figures.every((figure) => answer.includes(figure));
    results.push({ entry, agent: message.agentName, answer, right });
  }
  readings.set(this, { batch: name, results });
});

Then(
  'the blind batch score is reported and is at least {int} of {int}',
  function (this: SemkerWorld, minimum: number, size: number) {
    const { batch, results } = readings.get(this) ?? { batch: 'unread', results: [] };
    assert.equal(results.length, size, 'the batch has another size than the scenario says');
    const hits = results.filter((result) => result.right).length;
    const lines = [
      `Blind batch: ${hits}/${results.length} = ${((100 * hits) / results.length).toFixed(1)} %`,
    ];
    for (const kind of [...new Set(results.map((result) => result.entry.kind))]) {
      const ofKind = results.filter((result) => result.entry.kind === kind);
      lines.push(`  ${kind.padEnd(16)} ${ofKind.filter((result) => result.right).length}/${ofKind.length}`);
    }
    for (const { entry, agent, answer } of results.filter((result) => !result.right)) {
      const figures = entry.expected_figures.filter((figure) => !answer.includes(figure));
      lines.push(
        `  missed ${entry.id}: "${entry.message}" expected ${entry.expected_agent}` +
          (agent === entry.expected_agent ? `, missing ${figures.join(', ')}` : `, got ${agent ?? 'none'}`),
      );
    }
    const reading = keepReading(this, `blind-${batch}`, lines);
    assert.ok(hits >= minimum, `${hits} right, fewer than ${minimum}:\n${reading}`);
  },
);
