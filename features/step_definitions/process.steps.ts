import { Then, When, type DataTable } from '@cucumber/cucumber';
import type { ChildProcess, ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { networkInterfaces } from 'node:os';
import type { Readable } from 'node:stream';
import assert from 'node:assert/strict';
import type { SemkerWorld } from '../support/world.ts';
import { serviceArgs, spawnService, stopService } from '../support/service-process.ts';

/**
 * The service as an operating-system process, the way `npm start` runs it: dist/, built from the
 * sources on first use (features/support/service-process.ts).
 */
export interface ServiceProcess {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

const processes = new WeakMap<SemkerWorld, ServiceProcess>();

/** The service process the scenario started. */
export function current(world: SemkerWorld): ServiceProcess {
  const service = processes.get(world);
  assert.ok(service, 'no service process was started');
  return service;
}

/** Waits (bounded) until the output contains a line matching `pattern`, without sleeping. */
export function waitForOutput(service: ServiceProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const line = service.stdout.split('\n').find((l) => pattern.test(l));
      if (!line) return false;
      clearTimeout(timer);
      service.child.stdout!.off('data', check);
      resolve(line);
      return true;
    };
    const timer = setTimeout(() => {
      service.child.stdout!.off('data', check);
      reject(
        new Error(
          `no output matching ${pattern} within ${timeoutMs} ms:\n${service.stdout}\n${service.stderr}`,
        ),
      );
    }, timeoutMs);
    if (!check()) service.child.stdout!.on('data', check);
  });
}

/** A started service process whose output is kept as it comes, stopped with the scenario. */
export function watchService(
  world: SemkerWorld,
  child: ChildProcessByStdio<null, Readable, Readable>,
): ServiceProcess {
  world.onCleanup(() => stopService(child));
  const service: ServiceProcess = {
    child,
    stdout: '',
    stderr: '',
    exit: once(child, 'exit').then(([code]) => code as number | null),
  };
  child.stdout.on('data', (chunk: Buffer) => (service.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (service.stderr += chunk.toString()));
  return service;
}

async function startService(world: SemkerWorld, env: Record<string, string>): Promise<void> {
  const child = spawnService(await serviceArgs('composition/main'), {
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    ...env,
  });
  processes.set(world, watchService(world, child));
}

When('the service is started with the settings:', async function (this: SemkerWorld, table: DataTable) {
  await startService(this, { HOST: '127.0.0.1', ...table.rowsHash() });
});

When(
  'the service is started without HOST, with the settings:',
  async function (this: SemkerWorld, table: DataTable) {
    await startService(this, table.rowsHash());
  },
);

Then(
  'its start-up line names the bind address {string}, the console and the docs',
  async function (this: SemkerWorld, host: string) {
    const line = await waitForOutput(current(this), /Semker listening/);
    const { msg, port } = JSON.parse(line) as { msg: string; port: number };
    assert.match(msg, new RegExp(`listening on ${host.replaceAll('.', '\\.')}:${port}\\b`));
    const urls = msg.match(/http:\/\/\S+\/(console|docs)\b/g) ?? [];
    assert.deepEqual(
      urls.map((url) => new URL(url).pathname),
      ['/console', '/docs'],
      msg,
    );
    for (const url of urls) {
      const response = await fetch(url);
      assert.equal(response.status, 200, `${url} answered ${response.status}`);
      await response.body?.cancel();
    }
  },
);

Then("it cannot be reached at this machine's network addresses", async function (this: SemkerWorld) {
  const line = await waitForOutput(current(this), /Semker listening/);
  const { port } = JSON.parse(line) as { port: number };
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && !address.internal && address.family === 'IPv4')
    .map((address) => address!.address);
  for (const address of addresses) {
    const reached = await fetch(`http://${address}:${port}/health`, {
      signal: AbortSignal.timeout(2000),
    }).then(
      () => true,
      () => false,
    );
    assert.equal(reached, false, `the service answered on ${address}:${port}`);
  }
});

Then('it exits with code {int}', async function (this: SemkerWorld, code: number) {
  const service = current(this);
  assert.equal(await service.exit, code, service.stderr);
});

Then(
  'its error output names {string} and says {string}',
  function (this: SemkerWorld, name: string, text: string) {
    const line = current(this)
      .stderr.split('\n')
      .find((l) => l.includes(`${name}:`));
    assert.ok(line, `no line names ${name}:\n${current(this).stderr}`);
    assert.ok(line.includes(text), line);
  },
);

Then('its error output does not contain {string}', function (this: SemkerWorld, text: string) {
  const { stderr, stdout } = current(this);
  assert.ok(!stderr.includes(text) && !stdout.includes(text), `the output shows "${text}":\n${stderr}`);
});

Then("it logs that it listens, and answers a customer's message", async function (this: SemkerWorld) {
  const service = current(this);
  const line = await waitForOutput(service, /Semker listening/);
  const { port } = JSON.parse(line) as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ms-conversation-id': 'process-test' },
    body: JSON.stringify({ message: 'How much is roaming in Spain?' }),
  });
  assert.equal(response.status, 201);
  const { message_id } = (await response.json()) as { message_id: string };
  // Bounded poll of the real process over HTTP: there is no in-process event to wait on here.
  for (let attempt = 0; attempt < 200; attempt++) {
    const status = (await (await fetch(`http://127.0.0.1:${port}/messages/${message_id}/status`)).json()) as {
      status: string;
      agent_name: string;
    };
    if (status.status === 'completed') {
      assert.equal(status.agent_name, 'RoamingAgent');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail('the message did not complete');
});

When('it receives {word}', function (this: SemkerWorld, signal: NodeJS.Signals) {
  current(this).child.kill(signal);
});

Then('it logged that it stopped', async function (this: SemkerWorld) {
  await waitForOutput(current(this), /"msg":"stopped"/);
});
