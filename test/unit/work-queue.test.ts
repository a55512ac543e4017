import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkQueue } from '../../src/store/work-queue.ts';

interface Job {
  key: string;
  name: string;
}

/** A job's run that waits until the test lets it finish, so the test decides what overlaps. */
class Gate {
  readonly started: string[] = [];
  readonly finished: string[] = [];
  private readonly releases = new Map<string, () => void>();
  private startWaiters: Array<() => void> = [];

  readonly run = (job: Job): Promise<void> => {
    this.started.push(job.name);
    for (const wake of this.startWaiters.splice(0)) wake();
    return new Promise<void>((resolve) => this.releases.set(job.name, resolve)).then(() => {
      this.finished.push(job.name);
    });
  };

  /** Resolves once `count` jobs in all have started. */
  async untilStarted(count: number): Promise<void> {
    while (this.started.length < count) await new Promise<void>((wake) => this.startWaiters.push(wake));
  }

  release(name: string): void {
    const release = this.releases.get(name);
    assert.ok(release, `${name} is not running`);
    release();
  }
}

/** Lets the queue's deferred start (one turn of the event loop) happen. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('work queue', () => {
  test('runs one conversation’s jobs one at a time, in the order they were offered', async () => {
    const gate = new Gate();
    const queue = new WorkQueue<Job>({ capacity: 10, concurrency: 4, run: gate.run });
    for (const name of ['a1', 'a2', 'a3']) assert.ok(queue.offer({ key: 'a', name }));
    await gate.untilStarted(1);
    await nextTurn();
    assert.deepEqual(gate.started, ['a1'], 'a2 waits for a1 although workers are free');
    gate.release('a1');
    await gate.untilStarted(2);
    assert.deepEqual(gate.started, ['a1', 'a2']);
    gate.release('a2');
    await gate.untilStarted(3);
    gate.release('a3');
    await queue.onIdle();
    assert.deepEqual(gate.finished, ['a1', 'a2', 'a3']);
  });

  test('runs different conversations side by side, up to its concurrency', async () => {
    const gate = new Gate();
    const queue = new WorkQueue<Job>({ capacity: 10, concurrency: 2, run: gate.run });
    for (const key of ['a', 'b', 'c']) queue.offer({ key, name: key });
    await gate.untilStarted(2);
    await nextTurn();
    assert.deepEqual(gate.started, ['a', 'b']);
    assert.equal(queue.inFlight, 2);
    assert.equal(queue.depth, 1);
    gate.release('b');
    await gate.untilStarted(3);
    assert.deepEqual(gate.started, ['a', 'b', 'c']);
    gate.release('a');
    gate.release('c');
    await queue.onIdle();
    assert.equal(queue.inFlight, 0);
  });

  test('keys take turns: a busy conversation does not starve the one that came after it', async () => {
    const gate = new Gate();
    const queue = new WorkQueue<Job>({ capacity: 10, concurrency: 1, run: gate.run });
    for (const name of ['a1', 'a2', 'a3']) queue.offer({ key: 'a', name });
    queue.offer({ key: 'b', name: 'b1' });
    for (let n = 1; n <= 4; n++) {
      await gate.untilStarted(n);
      gate.release(gate.started[n - 1]!);
    }
    await queue.onIdle();
    assert.deepEqual(gate.started, ['a1', 'b1', 'a2', 'a3']);
  });

  test('refuses a job beyond its capacity of waiting jobs, and takes one again once there is room', async () => {
    const gate = new Gate();
    const queue = new WorkQueue<Job>({ capacity: 2, concurrency: 1, run: gate.run });
    assert.ok(queue.offer({ key: 'a', name: 'a1' }));
    assert.ok(queue.offer({ key: 'b', name: 'b1' }));
    assert.ok(queue.isFull);
    assert.equal(queue.offer({ key: 'c', name: 'c1' }), false);
    await gate.untilStarted(1);
    assert.equal(queue.depth, 1, 'a running job no longer counts as waiting');
    assert.ok(queue.offer({ key: 'c', name: 'c1' }));
    assert.deepEqual(
      queue.takeWaiting().map((job) => job.name),
      ['b1', 'c1'],
    );
    assert.equal(queue.depth, 0);
    gate.release('a1');
    await queue.onIdle();
    assert.deepEqual(gate.started, ['a1'], 'jobs taken back never run');
  });
});
