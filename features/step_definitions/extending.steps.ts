import { Given, Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { spawnService } from '../support/service-process.ts';
import { waitForOutput, watchService } from './process.steps.ts';
import type { SemkerWorld } from '../support/world.ts';
import { keepReading } from '../support/readings.ts';
import { runGuardrails as projectGuardrails, DEFAULT_GUARDRAILS } from '../../src/agents/guardrails.ts';
import { createUnderstander as projectUnderstander } from '../../src/engines/offline/understand.ts';
import type * as GuardrailsModule from '../../src/agents/guardrails.ts';
import type * as UnderstandModule from '../../src/engines/offline/understand.ts';
import type { Turn } from '../../src/store/conversation-store.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Folders laid out as under src/, typechecked as if they were there (tsconfig.json's rootDirs). */
const EXTENSION = join(ROOT, 'features/data/extension');
const REGISTRY_LAST_IMPORT = "import { ticket } from './ticket/index.ts';";

/** Per scenario: the copy, its service, the copy's last answer, its corpus readings. */
interface State {
  dir?: string;
  /** The copy's service, where it listens. */
  baseUrl?: string;
  answer?: { agent: string | null; text: string };
  corpus?: { entry: CorpusEntry; before: string; after: string }[];
}
const states = new WeakMap<SemkerWorld, State>();
function stateOf(world: SemkerWorld): State {
  let state = states.get(world);
  if (!state) {
    state = {};
    states.set(world, state);
  }
  return state;
}

/**
 * A copy of src/ in a directory of its own, with the test domain's folder added under src/domains/
 * and its import and entry added to src/domains/registry.ts: what a developer adding the domain
 * changes, and nothing else. The copy resolves packages from the project's node_modules.
 */
async function copyWithDomain(world: SemkerWorld, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `semker-with-${name}-`));
  world.onCleanup(() => rm(dir, { recursive: true, force: true }));
  await cp(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) await cp(join(ROOT, file), join(dir, file));
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  await symlink(join(ROOT, 'console'), join(dir, 'console'));
  await cp(join(EXTENSION, 'domains', name), join(dir, 'src/domains', name), { recursive: true });
  const registryPath = join(dir, 'src/domains/registry.ts');
  const registry = await readFile(registryPath, 'utf8');
  const list = /export const DOMAIN_MODULES = \[([^\]]*)\]/;
  assert.ok(registry.includes(REGISTRY_LAST_IMPORT) && list.test(registry), 'the registry changed its shape');
  await writeFile(
    registryPath,
    registry
      .replace(REGISTRY_LAST_IMPORT, `${REGISTRY_LAST_IMPORT}\nimport { ${name} } from './${name}/index.ts';`)
      .replace(list, (_whole, domains: string) => `export const DOMAIN_MODULES = [${domains}, ${name}]`),
  );
  return dir;
}

function copyOf(world: SemkerWorld): string {
  const dir = stateOf(world).dir;
  assert.ok(dir, 'Start with "Given a copy of the project with … added".');
  return dir;
}

Given(
  'a copy of the project with the {string} domain added as its folder and its entry in the registry',
  async function (this: SemkerWorld, name: string) {
    stateOf(this).dir = await copyWithDomain(this, name);
  },
);

When("the copy's service is started", async function (this: SemkerWorld) {
  const dir = copyOf(this);
  // From its sources, as `npm run start:dev` runs it (the copy has no build).
  const child = spawnService(
    ['--import', 'tsx', 'src/composition/main.ts'],
    {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    },
    dir,
  );
  const service = watchService(this, child);
  const line = await waitForOutput(service, /Semker listening/, 60_000);
  const { port } = JSON.parse(line) as { port: number };
  stateOf(this).baseUrl = `http://127.0.0.1:${port}`;
});

When('a customer of the copy asks {string}', async function (this: SemkerWorld, message: string) {
  const baseUrl = stateOf(this).baseUrl;
  assert.ok(baseUrl, "Start the copy's service first.");
  const posted = await fetch(`${baseUrl}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ms-conversation-id': `copy-${randomUUID()}` },
    body: JSON.stringify({ message }),
  });
  const body = await posted.text();
  assert.equal(posted.status, 201, body);
  const { message_id: id } = JSON.parse(body) as { message_id: string };
  let after = 0;
  for (;;) {
    const response = await fetch(`${baseUrl}/messages/${id}/updates?after=${after}&wait=10`);
    const updates = (await response.json()) as { sequence: number; status: string; result: string }[];
    const final = updates.find((update) => ['completed', 'failed', 'cancelled'].includes(update.status));
    if (final) {
      assert.equal(final.status, 'completed', final.result);
      const status = (await (await fetch(`${baseUrl}/messages/${id}/status`)).json()) as {
        agent_name: string | null;
      };
      stateOf(this).answer = { agent: status.agent_name, text: final.result };
      return;
    }
    after = updates.at(-1)?.sequence ?? after;
  }
});

Then(
  'the copy answers by {string}, naming {string}',
  function (this: SemkerWorld, agent: string, text: string) {
    const answer = stateOf(this).answer;
    assert.equal(answer?.agent, agent, answer?.text);
    assert.ok(answer.text.includes(text), answer.text);
  },
);

Then(
  'the copy answers by {string}, naming {string} and {string}',
  function (this: SemkerWorld, agent: string, first: string, second: string) {
    const answer = stateOf(this).answer;
    assert.equal(answer?.agent, agent, answer?.text);
    for (const text of [first, second]) assert.ok(answer.text.includes(text), answer.text);
  },
);

Then("the copy's answer names {string}", function (this: SemkerWorld, text: string) {
  const answer = stateOf(this).answer;
  assert.ok(answer?.text.includes(text), answer?.text);
});

/** An utterance of the routing corpus: its conversation before it and the intent it is labelled with. */
interface CorpusEntry {
  text: string;
  history?: Turn[];
  intent: string;
}

async function corpus(): Promise<CorpusEntry[]> {
  return JSON.parse(await readFile(join(ROOT, 'features/data/routing-corpus.json'), 'utf8')) as CorpusEntry[];
}

When(
  "the copy's offline understander reads every utterance of the routing corpus",
  async function (this: SemkerWorld) {
    const dir = copyOf(this);
    // The copy's own modules, loaded beside the project's: a registry of six domains.
    const copy = (path: string): string => pathToFileURL(join(dir, path)).href;
    const guardrails = (await import(copy('src/agents/guardrails.ts'))) as typeof GuardrailsModule;
    const understand = (await import(copy('src/engines/offline/understand.ts'))) as typeof UnderstandModule;
    const theirs = understand.createUnderstander();
    const ours = projectUnderstander();
    const now = new Date('2027-01-15T10:00:00Z');
    // As the routing corpus scenario reads it: the guardrails first, then the engine.
    const route = (
      run: typeof projectGuardrails,
      rules: typeof DEFAULT_GUARDRAILS,
      understander: ReturnType<typeof projectUnderstander>,
      entry: CorpusEntry,
    ): string => {
      const trip = run(rules, entry.text);
      if (trip) return trip.reason === 'off_topic' ? 'out_of_scope' : 'refusal';
      return understander.understand(entry.text, entry.history ?? [], now).intent;
    };
    stateOf(this).corpus = (await corpus()).map((entry) => ({
      entry,
      before: route(projectGuardrails, DEFAULT_GUARDRAILS, ours, entry),
      after: route(guardrails.runGuardrails, guardrails.DEFAULT_GUARDRAILS, theirs, entry),
    }));
  },
);

Then(
  'the copy routes the routing corpus at least {int} percent right, and the utterances it routes otherwise are reported',
  function (this: SemkerWorld, minimum: number) {
    const readings = stateOf(this).corpus;
    assert.ok(readings, 'Read the routing corpus first.');
    const right = readings.filter(({ entry, after }) => after === entry.intent).length;
    const shifted = readings.filter(({ before, after }) => before !== after);
    const reading = keepReading(this, 'routing-corpus-with-a-new-domain', [
      `Routing accuracy with the new domain: ${right}/${readings.length}`,
      `Routed otherwise than by the project: ${shifted.length}`,
      ...shifted.map(
        ({ entry, before, after }) => `  "${entry.text}" (${entry.intent}): ${before} → ${after}`,
      ),
    ]);
    assert.ok(right / readings.length >= minimum / 100, `below ${minimum} %:\n${reading}`);
  },
);
