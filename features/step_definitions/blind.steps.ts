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
  /** A message asking several things: right only when every agent named here answered its part. */
  expected_agents: z.array(z.string()).optional(),
  /** Dot-decimal ("90.00", "28.6") whatever the language; the answer may write them in its locale's form. */
  expected_figures: z.array(z.string()),
  note: z.string().optional(),
});
type BlindEntry = z.infer<typeof BlindEntry>;

interface BlindReading {
  entry: BlindEntry;
  agent: string | null;
  /** Every agent that took part: the final one and each whose steps the updates show. */
  agents: string[];
  answer: string;
  right: boolean;
}

/**
 * A figure as the answer may write it: as given ("90.00") or formatted for the customer's language
 * with as many decimals as given ("90,00" in Spanish, German and French; "1.234,50" in German).
 */
function figureForms(figure: string, language: string): string[] {
  const number = /^-?\d+(\.(\d+))?$/.exec(figure);
  if (!number) return [figure];
  const decimals = number[2]?.length ?? 0;
  let local: string;
  try {
    local = new Intl.NumberFormat(language, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(Number(figure));
  } catch {
    return [figure];
  }
  // Intl separates thousands with a narrow no-break space in French; a plain space reads the same.
  return [...new Set([figure, local, local.replace(/[\u202f\u00a0]/g, ' ')])];
}

/** Small whole numbers as the knowledge base (in English) writes them: "five days", "ten wrong entries". */
const NUMBER_WORDS = 'zero one two three four five six seven eight nine ten eleven twelve'.split(' ');

function hasFigure(answer: string, figure: string, language: string): boolean {
  if (figureForms(figure, language).some((form) => answer.includes(form))) return true;
  const word = /^\d+$/.test(figure) ? NUMBER_WORDS[Number(figure)] : undefined;
  return word !== undefined && new RegExp(`\\b${word}\\b`, 'i').test(answer);
}

/** The agents a message's updates show at work (each step names its agent), besides the planner. */
async function agentsAtWork(world: SemkerWorld, messageId: string): Promise<string[]> {
  const response = await world.request('GET', `/messages/${messageId}/updates`);
  const updates = z.array(z.object({ agent_name: z.string().nullable() })).parse(response.body);
  return [
    ...new Set(
      updates.map((update) => update.agent_name).filter((name) => name !== null && name !== 'PlannerAgent'),
    ),
  ] as string[];
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
    const id = await this.postMessage(entry.message, conversation);
    const message = await this.waitUntilFinished(id);
    const answer = message.result ?? '';
    const agents = [
      ...new Set([...(message.agentName ? [message.agentName] : []), ...(await agentsAtWork(this, id))]),
    ];
    const agentsRight = entry.expected_agents
      ? entry.expected_agents.every((agent) => agents.includes(agent))
      : message.agentName === entry.expected_agent;
    const right =
      agentsRight && entry.expected_figures.every((figure) => hasFigure(answer, figure, entry.language));
    results.push({ entry, agent: message.agentName, agents, answer, right });
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
    for (const { entry, agent, agents, answer } of results.filter((result) => !result.right)) {
      const figures = entry.expected_figures.filter((figure) => !hasFigure(answer, figure, entry.language));
      const expected = entry.expected_agents ?? [entry.expected_agent];
      const agentsRight = entry.expected_agents
        ? expected.every((name) => agents.includes(name))
        : agent === entry.expected_agent;
      lines.push(
        `  missed ${entry.id}: "${entry.message}" expected ${expected.join(' + ')}` +
          (agentsRight ? `, missing ${figures.join(', ')}` : `, got ${agents.join(' + ') || 'none'}`),
      );
    }
    const reading = keepReading(this, `blind-${batch}`, lines);
    assert.ok(hits >= minimum, `${hits} right, fewer than ${minimum}:\n${reading}`);
  },
);
