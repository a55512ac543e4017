import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { createUpstreamBreaker } from '../../src/core/circuit-breaker.ts';

class UpstreamDown extends Error {}
class BadRequest extends Error {}
class FailingFast extends Error {
  constructor(readonly retryInMs: number) {
    super(`failing fast, next check in ${retryInMs} ms`);
  }
}

const settings = { threshold: 3, halfOpenMs: 10_000 };

function breaker() {
  return createUpstreamBreaker({
    name: 'mcp:billing',
    settings,
    isFailure: (error) => error instanceof UpstreamDown,
    whenOpen: (retryInMs) => new FailingFast(retryInMs),
  });
}

const fails = (): Promise<never> => Promise.reject(new UpstreamDown('connection refused'));
const answers = (): Promise<string> => Promise.resolve('90.00 EUR');

describe('circuit breaker', () => {
  // The breaker reads the clock to know when to probe: the test moves a mocked Date instead of waiting.
  beforeEach(() => mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 10, 20) }));
  afterEach(() => mock.timers.reset());

  test('passes answers and failures through while closed', async () => {
    const circuit = breaker();
    assert.equal(await circuit.run(answers), '90.00 EUR');
    await assert.rejects(circuit.run(fails), UpstreamDown);
    assert.equal(circuit.state, 'closed');
  });

  test('opens after the threshold of consecutive failures, then fails fast without calling', async () => {
    const circuit = breaker();
    for (let n = 0; n < settings.threshold; n++) await assert.rejects(circuit.run(fails), UpstreamDown);
    assert.equal(circuit.state, 'open');
    let called = false;
    mock.timers.tick(4_000);
    await assert.rejects(
      circuit.run(() => {
        called = true;
        return answers();
      }),
      (error: unknown) => error instanceof FailingFast && error.retryInMs === 6_000,
    );
    assert.equal(called, false, 'an open circuit does not call the upstream');
  });

  test('a success in between resets the count of consecutive failures', async () => {
    const circuit = breaker();
    await assert.rejects(circuit.run(fails));
    await assert.rejects(circuit.run(fails));
    await circuit.run(answers);
    await assert.rejects(circuit.run(fails));
    await assert.rejects(circuit.run(fails));
    assert.equal(circuit.state, 'closed');
  });

  test('errors that are not the upstream’s failure do not count', async () => {
    const circuit = breaker();
    for (let n = 0; n < settings.threshold + 2; n++) {
      await assert.rejects(
        circuit.run(() => Promise.reject(new BadRequest('month must be 1 to 12'))),
        BadRequest,
      );
    }
    assert.equal(circuit.state, 'closed');
  });

  test('after the half-open time one probe goes through: its success closes the circuit', async () => {
    const circuit = breaker();
    for (let n = 0; n < settings.threshold; n++) await assert.rejects(circuit.run(fails));
    mock.timers.tick(settings.halfOpenMs);
    assert.equal(await circuit.run(answers), '90.00 EUR');
    assert.equal(circuit.state, 'closed');
  });

  test('a failed probe opens the circuit again for another half-open time', async () => {
    const circuit = breaker();
    for (let n = 0; n < settings.threshold; n++) await assert.rejects(circuit.run(fails));
    mock.timers.tick(settings.halfOpenMs);
    await assert.rejects(circuit.run(fails), UpstreamDown);
    assert.equal(circuit.state, 'open');
    await assert.rejects(circuit.run(answers), FailingFast);
  });
});
