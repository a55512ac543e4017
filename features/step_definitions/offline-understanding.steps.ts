import { DEFAULT_GUARDRAILS, runGuardrails } from '../../src/agents/guardrails.ts';
import { Given, Then, When, type World } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AGENT_NAMES, type AgentName } from '../../src/domains/agent-names.ts';
import { DOMAINS, type Domain } from '../../src/domains/registry.ts';
import type { ComposeInput } from '../../src/domains/compose.ts';
import type { AgentProfile, Engine, RouteDecision } from '../../src/engines/engine.ts';
import { createOfflineEngine } from '../../src/engines/offline/offline-engine.ts';
import { normalizeText, tokenize } from '../../src/engines/offline/normalize.ts';
import { TRAINING_DATA } from '../../src/engines/offline/training-data.ts';
import {
  createUnderstander,
  type Intent,
  type Understander,
  type Understanding,
} from '../../src/engines/offline/understand.ts';
import { formatYearMonth, monthsAgo, type Slots, type YearMonth } from '../../src/domains/slots.ts';
import type { ToolClient } from '../../src/mcp/tool-client.ts';
import type { Turn } from '../../src/store/conversation-store.ts';
import { keepReading } from '../support/readings.ts';

/** One utterance of features/data/routing-corpus.json. */
interface CorpusEntry {
  text: string;
  history?: Turn[];
  intent: Intent;
  /** Expected slots; months relative ({ monthsAgo: 1 }), by name ("october": its latest occurrence) or absolute ("2026-10"). */
  slots?: { monthsAgo?: number; month?: string; country?: string; planType?: string; currentPlan?: boolean };
}

interface Reading {
  entry: CorpusEntry;
  understanding: Understanding;
}

/** This feature's state per scenario, kept beside the shared world rather than on it. */
interface OfflineState {
  understander: Understander;
  history: Turn[];
  now: Date;
  last?: Understanding;
  readings?: Reading[];
  secondReadings?: Reading[];
  cpuMicrosPerCall?: number;
  engine?: Engine;
  composed?: { domain: Domain; input: ComposeInput }[];
  decision?: RouteDecision;
}

const CORPUS_PATH = new URL('../data/routing-corpus.json', import.meta.url);
const INTENTS: readonly Intent[] = [...DOMAINS, 'smalltalk', 'out_of_scope', 'refusal'];
const states = new WeakMap<World, OfflineState>();

function state(world: World): OfflineState {
  const found = states.get(world);
  if (!found) throw new Error('Start with "Given the offline understander".');
  return found;
}

const loadCorpus = (): CorpusEntry[] => JSON.parse(readFileSync(CORPUS_PATH, 'utf8')) as CorpusEntry[];

/** The form two utterances are compared in for the disjointness check: case, punctuation and spacing ignored. */
const comparable = (text: string): string => tokenize(normalizeText(text)).join(' ');

const MONTH_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].map((name, i) => [name, i + 1]),
);

/** The month a corpus label means at `now`. */
function expectedMonth(expected: NonNullable<CorpusEntry['slots']>, now: Date): YearMonth | undefined {
  if (expected.monthsAgo !== undefined) return monthsAgo(now, expected.monthsAgo);
  if (expected.month === undefined) return undefined;
  const absolute = /^(\d{4})-(\d{2})$/.exec(expected.month);
  if (absolute) return { year: Number(absolute[1]), month: Number(absolute[2]) };
  const month = MONTH_INDEX[expected.month.toLowerCase()];
  assert.ok(month, `unknown month label "${expected.month}"`);
  return { year: month > now.getUTCMonth() + 1 ? now.getUTCFullYear() - 1 : now.getUTCFullYear(), month };
}

/** Each labelled slot of `entry` as [name, expected, actual]. */
function slotChecks(entry: CorpusEntry, slots: Slots, now: Date): [string, unknown, unknown][] {
  const expected = entry.slots;
  if (!expected) return [];
  const checks: [string, unknown, unknown][] = [];
  const month = expectedMonth(expected, now);
  if (month) checks.push(['month', formatYearMonth(month), slots.month && formatYearMonth(slots.month)]);
  if (expected.country !== undefined) checks.push(['country', expected.country, slots.country]);
  if (expected.planType !== undefined) checks.push(['planType', expected.planType, slots.planType]);
  if (expected.currentPlan !== undefined)
    checks.push(['currentPlan', expected.currentPlan, slots.currentPlan === true]);
  return checks;
}

/**
 * Reads the corpus as the planner routes: its guardrails first (a message they stop is a refusal,
 * or out of scope), then the engine's understanding.
 */
function readCorpus(understander: Understander, now: Date): Reading[] {
  return loadCorpus().map((entry) => {
    const trip = runGuardrails(DEFAULT_GUARDRAILS, entry.text);
    const understanding: Understanding = trip
      ? {
          // The corpus's taxonomy: refusal covers attacks and other people's data alike.
          intent: trip.reason === 'off_topic' ? 'out_of_scope' : 'refusal',
          slots: {},
          reason: `stopped by the guardrail ${trip.rule}`,
          reading: entry.text,
          language: 'en',
        }
      : understander.understand(entry.text, entry.history ?? [], now);
    return { entry, understanding };
  });
}

const percent = (hits: number, total: number): string =>
  `${hits}/${total} = ${((100 * hits) / total).toFixed(1)} %`;

Given('the offline understander', function (this: World) {
  states.set(this, { understander: createUnderstander(), history: [], now: new Date() });
});

Given(
  'an offline conversation where {string} was answered by {string}',
  function (this: World, question: string, agent: string) {
    const known = Object.values(AGENT_NAMES) as string[];
    assert.ok(known.includes(agent), `unknown agent ${agent}`);
    state(this).history.push(
      { role: 'user', content: question },
      { role: 'assistant', content: '(the answer)', agent: agent as AgentName },
    );
  },
);

When(
  'the offline understander reads {string} at {string}',
  function (this: World, message: string, at: string) {
    const current = state(this);
    current.now = new Date(at);
    current.last = current.understander.understand(message, current.history, current.now);
    this.log(`${message} → ${JSON.stringify(current.last)}`);
  },
);

When(
  'the offline understander reads every utterance of the routing corpus at {string}',
  function (this: World, at: string) {
    const current = state(this);
    current.now = new Date(at);
    current.readings = readCorpus(current.understander, current.now);
  },
);

When(
  'the offline understander reads every utterance of the routing corpus twice at {string}',
  function (this: World, at: string) {
    const current = state(this);
    current.now = new Date(at);
    current.readings = readCorpus(current.understander, current.now);
    // This thread's CPU only: Cucumber's parallel workers are threads of one process.
    const started = process.threadCpuUsage();
    current.secondReadings = readCorpus(current.understander, current.now);
    const used = process.threadCpuUsage(started);
    current.cpuMicrosPerCall = (used.user + used.system) / current.secondReadings.length;
  },
);

Then(
  'the offline routing accuracy is reported and is at least {int} percent',
  function (this: World, minimum: number) {
    const readings = state(this).readings ?? [];
    const misses = readings.filter(({ entry, understanding }) => understanding.intent !== entry.intent);
    const hits = readings.length - misses.length;
    const lines = [`Routing accuracy: ${percent(hits, readings.length)}`];
    for (const intent of INTENTS) {
      const ofIntent = readings.filter(({ entry }) => entry.intent === intent);
      const right = ofIntent.filter(({ understanding }) => understanding.intent === intent).length;
      lines.push(`  ${intent.padEnd(12)} ${percent(right, ofIntent.length)}`);
    }
    for (const { entry, understanding } of misses) {
      lines.push(
        `  missed: "${entry.text}" expected ${entry.intent}, got ${understanding.intent} (${understanding.reason})`,
      );
    }
    const reading = keepReading(this, 'offline-routing-accuracy', lines);
    assert.ok(hits / readings.length >= minimum / 100, `routing accuracy below ${minimum} %:\n${reading}`);
  },
);

Then(
  'the offline slot accuracy over the labelled slots is reported and is at least {int} percent',
  function (this: World, minimum: number) {
    const current = state(this);
    const checks = (current.readings ?? []).flatMap(({ entry, understanding }) =>
      slotChecks(entry, understanding.slots, current.now).map(([name, expected, actual]) => ({
        entry,
        name,
        expected,
        actual,
      })),
    );
    const wrong = checks.filter(({ expected, actual }) => expected !== actual);
    const lines = [`Slot accuracy: ${percent(checks.length - wrong.length, checks.length)}`];
    for (const { entry, name, expected, actual } of wrong) {
      lines.push(`  wrong slot: "${entry.text}" ${name} expected ${String(expected)}, got ${String(actual)}`);
    }
    const reading = keepReading(this, 'offline-slot-accuracy', lines);
    assert.ok(checks.length > 0, 'no labelled slots in the corpus');
    assert.ok(
      (checks.length - wrong.length) / checks.length >= minimum / 100,
      `slot accuracy below ${minimum} %:\n${reading}`,
    );
  },
);

Then(
  'the routing corpus has at least {int} utterances and covers every offline intent',
  function (minimum: number) {
    const corpus = loadCorpus();
    assert.ok(corpus.length >= minimum, `only ${corpus.length} utterances`);
    for (const intent of INTENTS)
      assert.ok(
        corpus.some((entry) => entry.intent === intent),
        `no ${intent} utterance`,
      );
    assert.ok(
      corpus.some((entry) => (entry.history ?? []).length > 0),
      'no follow-up with history',
    );
  },
);

Then('no routing corpus utterance appears in the offline training set', function () {
  const training = new Set(TRAINING_DATA.map((example) => comparable(example.text)));
  const shared = loadCorpus().filter((entry) => training.has(comparable(entry.text)));
  assert.deepEqual(
    shared.map((entry) => entry.text),
    [],
    'these corpus utterances are also training utterances',
  );
});

Then('the offline understanding has the month {string}', function (this: World, month: string) {
  const { last } = state(this);
  assert.equal(last?.slots.month && formatYearMonth(last.slots.month), month, JSON.stringify(last));
});

Then('the offline understanding has the country {string}', function (this: World, country: string) {
  assert.equal(state(this).last?.slots.country, country, JSON.stringify(state(this).last));
});

Then('the offline understanding has no country', function (this: World) {
  assert.equal(state(this).last?.slots.country, undefined, JSON.stringify(state(this).last));
});

Then('the offline understanding has the plan type {string}', function (this: World, planType: string) {
  assert.equal(state(this).last?.slots.planType, planType, JSON.stringify(state(this).last));
});

Then('the offline understanding has the intent {string}', function (this: World, intent: string) {
  assert.equal(state(this).last?.intent, intent, JSON.stringify(state(this).last));
});

Then("the offline understanding is about the customer's current plan", function (this: World) {
  assert.equal(state(this).last?.slots.currentPlan, true, JSON.stringify(state(this).last));
});

Then('the offline understanding asks for more context', function (this: World) {
  assert.equal(state(this).last?.needsContext, true, JSON.stringify(state(this).last));
});

Then('both offline readings are identical', function (this: World) {
  const current = state(this);
  assert.deepEqual(
    current.secondReadings?.map((reading) => reading.understanding),
    current.readings?.map((reading) => reading.understanding),
  );
  const fresh = readCorpus(createUnderstander(), current.now).map((reading) => reading.understanding);
  assert.deepEqual(
    fresh,
    current.readings?.map((reading) => reading.understanding),
    'a second understander reads differently',
  );
});

Then(
  'an offline understanding takes under {float} ms of CPU on average',
  function (this: World, limitMs: number) {
    const micros = state(this).cpuMicrosPerCall ?? Number.POSITIVE_INFINITY;
    keepReading(this, 'offline-understanding-cpu', [
      `Offline understanding: ${micros.toFixed(0)} µs of CPU per message on average (corpus, with history)`,
    ]);
    assert.ok(micros < limitMs * 1000, `${micros.toFixed(0)} µs per call`);
  },
);

/** A ToolClient no composer in these scenarios calls: the recording composers never touch tools. */
const unusedTools = (domain: Domain): ToolClient => ({
  domain,
  listTools: () => Promise.reject(new Error('not used')),
  callTool: () => Promise.reject(new Error('not used')),
  ping: () => Promise.resolve(),
  close: () => Promise.resolve(),
});

const agentFor = (domain: Domain): AgentProfile => ({
  name: AGENT_NAMES[domain],
  domain,
  description: domain,
  instructions: '',
});

Given('the offline engine with recording composers', function (this: World) {
  const current = state(this);
  const composed: { domain: Domain; input: ComposeInput }[] = [];
  const recorder = (domain: Domain) => async (input: ComposeInput) => {
    composed.push({ domain, input });
    return `answer from ${domain}`;
  };
  current.composed = composed;
  current.engine = createOfflineEngine({
    composers: Object.fromEntries(DOMAINS.map((domain) => [domain, recorder(domain)])) as Record<
      Domain,
      (input: ComposeInput) => Promise<string>
    >,
  });
  current.now = new Date('2027-01-15T10:00:00Z');
});

When('the offline engine routes {string}', async function (this: World, message: string) {
  const current = state(this);
  assert.ok(current.engine);
  current.decision = await current.engine.route({
    message,
    history: current.history,
    agents: DOMAINS.map(agentFor),
    now: current.now,
    signal: new AbortController().signal,
  });
  this.log(JSON.stringify(current.decision));
});

When(
  'the offline engine answers {string} as the {string} agent',
  async function (this: World, message: string, domain: string) {
    const current = state(this);
    assert.ok(current.engine && (DOMAINS as readonly string[]).includes(domain));
    const agent = agentFor(domain as Domain);
    await current.engine.answer({
      agent,
      message,
      history: current.history,
      tools: unusedTools(agent.domain),
      now: current.now,
      signal: new AbortController().signal,
      onStep: () => undefined,
    });
  },
);

Then('the offline engine declines it as refused without naming its instructions', function (this: World) {
  const { decision } = state(this);
  assert.equal(decision?.kind, 'decline');
  assert.ok(decision.kind === 'decline' && decision.because === 'refused');
  assert.doesNotMatch(decision.reason, /system prompt|my instructions are|You are /i);
});

Then('no offline composer was called', function (this: World) {
  assert.deepEqual(state(this).composed, []);
});

Then(
  'the offline engine delegates to {string} with the reason containing {string}',
  function (this: World, domain: string, text: string) {
    const { decision } = state(this);
    assert.equal(decision?.kind, 'delegate', JSON.stringify(decision));
    assert.ok(decision.kind === 'delegate');
    assert.equal(decision.domain, domain);
    assert.ok(decision.reason.includes(text), decision.reason);
  },
);

Then('the billing composer received the month {string}', function (this: World, month: string) {
  const calls = state(this).composed ?? [];
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.domain, 'billing');
  const received = calls[0]?.input.slots.month;
  assert.equal(received && formatYearMonth(received), month);
});
