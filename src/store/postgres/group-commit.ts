import { StoreUnavailableError } from '../../core/errors.ts';
import { isUnavailable } from './database.ts';

/** An outage, as the database wrapper reports it or as node-postgres raised it. */
const isOutage = (error: unknown): boolean => error instanceof StoreUnavailableError || isUnavailable(error);

/**
 * Group commit: writes (and reads) that arrive while one batch is on its way to the database go
 * together in the next batch, as one statement. Alone, a write goes at once, exactly as before; under
 * load one round trip carries many, so the SQL round trips and the commits (each a WAL flush) per
 * message fall with the load instead of the database's CPU rising with it. No timer: nothing waits
 * for a batch to fill.
 *
 * `keyOf` keeps two items of one key out of one batch: the second waits for the next batch, after the
 * first committed. The queue's jobs need it: two jobs of one conversation inserted by one statement
 * share their creation time, so their order would be the database's choice. (A statement that numbers
 * its rows itself, as the updates' does, needs no key.)
 *
 * A statement error (the database refusing one item's data, not an outage) fails only the item that
 * caused it: the batch's items are then written again one at a time, so the others are stored and a
 * bad item is its sender's problem alone. An outage fails the whole batch, as it would each item.
 *
 * Hand-written (some fifty lines): DataLoader, the usual batching library, batches by event-loop tick
 * and cannot hold an item back for a later batch, nor keep a batch waiting while another is in flight.
 */
export class GroupCommit<T, R> {
  private pending: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private inFlight = false;

  constructor(
    /** Writes a batch, in order; answers one result per item, in the same order. */
    private readonly flush: (items: readonly T[]) => Promise<readonly R[]>,
    private readonly options: { maxBatch: number; keyOf?: (item: T) => string },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.inFlight || this.pending.length === 0) return;
    const batch = this.take();
    this.inFlight = true;
    this.flush(batch.map((entry) => entry.item))
      .then(
        (results) => batch.forEach((entry, i) => entry.resolve(results[i]!)),
        (error: unknown) =>
          batch.length > 1 && !isOutage(error)
            ? this.oneByOne(batch)
            : batch.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        this.inFlight = false;
        this.next();
      });
  }

  /** Writes a failed batch's items again, each alone and in order, while the batch still holds its place. */
  private async oneByOne(batch: typeof this.pending): Promise<void> {
    for (const entry of batch) {
      await this.flush([entry.item]).then(
        (results) => entry.resolve(results[0]!),
        (error: unknown) => entry.reject(error),
      );
    }
  }

  /** The oldest pending items, at most `maxBatch`, one per key; the rest keep their order. */
  private take(): typeof this.pending {
    const { maxBatch, keyOf } = this.options;
    if (!keyOf) return this.pending.splice(0, maxBatch);
    const keys = new Set<string>();
    const batch: typeof this.pending = [];
    const rest: typeof this.pending = [];
    for (const entry of this.pending) {
      const key = keyOf(entry.item);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(entry);
      } else {
        rest.push(entry);
      }
    }
    this.pending = rest;
    return batch;
  }
}
