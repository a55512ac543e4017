/** A job with the key its ordering is scoped to (the conversation id). */
export interface Keyed {
  readonly key: string;
}

export interface WorkQueueOptions<T extends Keyed> {
  /** Jobs waiting (not yet running) at most; offer() refuses beyond it. */
  capacity: number;
  /** Jobs running at once at most, across keys. */
  concurrency: number;
  run: (job: T) => Promise<void>;
}

/**
 * A bounded in-process work queue: up to `concurrency` jobs run at once, but jobs that share a key run
 * one at a time and in the order they were offered. Keys take turns, so one busy conversation cannot
 * starve the others. Hand-written because the well-known queues (p-queue, BullMQ) have no per-key
 * serial ordering inside a shared concurrency limit without a broker; this is ~60 lines.
 *
 * Jobs start from a `setImmediate`, never inside `offer()` or in the continuation of a job that just
 * finished. The offline pipeline runs on microtasks from start to answer (in-process MCP included), so
 * a job started in the same tick would run to its end before the event loop reads the next request:
 * every POST would wait for the pipelines started ahead of it. Deferred, each turn of the loop answers
 * the requests that arrived, then starts up to `concurrency` jobs, which interleave (docs/performance.md).
 */
export class WorkQueue<T extends Keyed> {
  private readonly pending = new Map<string, T[]>();
  private readonly running = new Set<string>();
  /** Keys whose next job may start now, in turn order (a head index avoids O(n) shifts). */
  private ready: string[] = [];
  private readyHead = 0;
  private waiting = 0;
  private idleWaiters: Array<() => void> = [];
  private pumpScheduled = false;

  constructor(private readonly options: WorkQueueOptions<T>) {}

  /** Jobs waiting to run. */
  get depth(): number {
    return this.waiting;
  }

  /** True when offer() would refuse. */
  get isFull(): boolean {
    return this.waiting >= this.options.capacity;
  }

  /** Jobs running now. */
  get inFlight(): number {
    return this.running.size;
  }

  /** Queues a job; false when the queue is full. */
  offer(job: T): boolean {
    if (this.isFull) return false;
    const jobs = this.pending.get(job.key);
    if (jobs) jobs.push(job);
    else {
      this.pending.set(job.key, [job]);
      if (!this.running.has(job.key)) this.ready.push(job.key);
    }
    this.waiting++;
    this.schedulePump();
    return true;
  }

  /** Removes and returns every job that has not started. */
  takeWaiting(): T[] {
    const jobs = [...this.pending.values()].flat();
    this.pending.clear();
    this.ready = [];
    this.readyHead = 0;
    this.waiting = 0;
    this.settleIfIdle();
    return jobs;
  }

  /** Resolves once nothing waits and nothing runs. */
  onIdle(): Promise<void> {
    if (this.waiting === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.readyHead < this.ready.length) {
      const key = this.ready[this.readyHead++]!;
      const jobs = this.pending.get(key)!;
      const job = jobs.shift()!;
      if (jobs.length === 0) this.pending.delete(key);
      this.waiting--;
      this.running.add(key);
      void this.options.run(job).finally(() => this.finish(key));
    }
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
  }

  private finish(key: string): void {
    this.running.delete(key);
    if (this.pending.has(key)) this.ready.push(key);
    this.schedulePump();
    this.settleIfIdle();
  }

  /** One pump per turn of the event loop, after its I/O: offers and finishes in between share it. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private settleIfIdle(): void {
    if (this.waiting !== 0 || this.running.size !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
