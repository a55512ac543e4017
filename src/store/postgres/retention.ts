import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { MESSAGES_QUEUE } from './pg-boss-queue.ts';
import type { Database } from './database.ts';
import type { PgMessageStore } from './pg-message-store.ts';

/** The pg-boss queue of the retention job; its cron schedule makes one replica run it at a time. */
export const RETENTION_QUEUE = 'semker-retention';

/** Rows per DELETE: short transactions and locks, however much is due. */
const BATCH = 1000;

export interface RetentionSettings {
  /** MESSAGE_RETENTION: finished messages kept at most. */
  maxMessages: number;
  /** MESSAGE_RETENTION_MS: finished messages older than this go. */
  maxAgeMs: number;
  /** CONVERSATION_TTL_MS: conversations idle this long go. */
  conversationTtlMs: number;
  /** A message unfinished this long after acceptance is failed (its deadline plus the takeover time). */
  strandedAfterMs: number;
  /** The reason recorded on such a message (its failure_code is deadline_exceeded). */
  strandedReason: string;
}

/** Deletes `select`'s rows in batches until a batch comes back short; returns how many went. */
async function deleteInBatches(
  db: Database,
  table: string,
  select: string,
  values: unknown[],
): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `DELETE FROM ${table} WHERE ctid IN (${select} LIMIT ${BATCH})`,
      values,
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return total;
  }
}

/**
 * One pass of retention: fails messages left unfinished past their deadline (a backstop for a job
 * pg-boss gave up on), deletes finished messages beyond MESSAGE_RETENTION or older than
 * MESSAGE_RETENTION_MS (their updates go with them), idle conversations and the position counters
 * of conversations left without messages, expired Idempotency-Keys and rate-limit windows that are
 * over, and clears failed queue jobs that would hold back their conversation. Every delete is
 * batched.
 */
export async function runRetention(deps: {
  db: Database;
  store: PgMessageStore;
  boss: PgBoss;
  settings: RetentionSettings;
  logger: Logger;
}): Promise<Record<string, number>> {
  const { db, store, boss, settings } = deps;
  const stranded = await db.query<{ id: string }>(
    `SELECT id FROM semker_messages
     WHERE completed_at IS NULL AND received_at < now() - make_interval(secs => $1)
     ORDER BY received_at LIMIT ${BATCH}`,
    [settings.strandedAfterMs / 1000],
  );
  for (const { id } of stranded.rows) {
    await store.addUpdate(
      id,
      { status: 'failed', result: settings.strandedReason, agentName: null, processedAt: Date.now() },
      { failureCode: 'deadline_exceeded' },
    );
  }
  const aged = await deleteInBatches(
    db,
    'semker_messages',
    `SELECT ctid FROM semker_messages
     WHERE completed_at IS NOT NULL AND completed_at < now() - make_interval(secs => $1)
     ORDER BY completed_at`,
    [settings.maxAgeMs / 1000],
  );
  const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM semker_messages');
  let excess = Number(rows[0]?.count ?? 0) - settings.maxMessages;
  let overflow = 0;
  while (excess > 0) {
    const { rowCount } = await db.query(
      `DELETE FROM semker_messages WHERE ctid IN (
         SELECT ctid FROM semker_messages WHERE completed_at IS NOT NULL ORDER BY completed_at LIMIT $1
       )`,
      [Math.min(excess, BATCH)],
    );
    if (!rowCount) break; // only unfinished messages left
    overflow += rowCount;
    excess -= rowCount;
  }
  const conversations = await deleteInBatches(
    db,
    'semker_conversation_turns',
    `SELECT ctid FROM semker_conversation_turns t
     WHERE t.created_at < now() - make_interval(secs => $1)
       AND NOT EXISTS (
         SELECT 1 FROM semker_conversation_turns n
         WHERE n.conversation_id = t.conversation_id AND n.created_at >= now() - make_interval(secs => $1)
       )`,
    [settings.conversationTtlMs / 1000],
  );
  // A conversation's position counter, once it has no messages left and has been idle as long: a
  // message that comes later starts its positions again from 1 (conversation streams notice).
  const positions = await deleteInBatches(
    db,
    'semker_conversation_positions',
    `SELECT ctid FROM semker_conversation_positions c
     WHERE c.touched_at < now() - make_interval(secs => $1)
       AND NOT EXISTS (SELECT 1 FROM semker_messages m WHERE m.conversation_id = c.conversation_id)`,
    [settings.conversationTtlMs / 1000],
  );
  const keys = await deleteInBatches(
    db,
    'semker_idempotency_keys',
    'SELECT ctid FROM semker_idempotency_keys WHERE expires_at <= now()',
    [],
  );
  const limits = await deleteInBatches(
    db,
    'semker_rate_limits',
    'SELECT ctid FROM semker_rate_limits WHERE reset_at <= now()',
    [],
  );
  let unblocked = 0;
  for (const key of await boss.getBlockedKeys(MESSAGES_QUEUE)) {
    for (const job of await boss.findJobs(MESSAGES_QUEUE, { key })) {
      if (job.state !== 'failed') continue;
      await boss.deleteJob(MESSAGES_QUEUE, job.id);
      unblocked++;
    }
  }
  const counts = {
    stranded: stranded.rows.length,
    aged,
    overflow,
    conversations,
    positions,
    keys,
    limits,
    unblocked,
  };
  if (Object.values(counts).some((n) => n > 0)) deps.logger.info(counts, 'retention pass');
  return counts;
}
