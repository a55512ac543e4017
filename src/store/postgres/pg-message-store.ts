import type pg from 'pg';
import type { FailureCode } from '../../core/failures.ts';
import type {
  ConversationUpdates,
  ListQuery,
  ListResult,
  MessageStatus,
  MessageStore,
  NewUpdate,
  Outcome,
  StoredMessage,
  Update,
} from '../message-store.ts';
import { isFinal, listFilters } from '../message-store.ts';
import type { Database } from './database.ts';
import { GroupCommit } from './group-commit.ts';
import { shareKeyOf } from '../message-queue.ts';

/** What a message is created with, named as its columns (and as the accepting statement's JSON). */
interface NewMessageColumns {
  id: string;
  conversation_id: string;
  customer_id: string;
  owner: string | null;
  trace_id: string | null;
  content: string;
}

interface MessageRow extends NewMessageColumns {
  status: MessageStatus;
  received_at: Date;
  completed_at: Date | null;
  agent_name: string | null;
  result: string | null;
  failure_code: FailureCode | null;
}

interface UpdateRow {
  sequence: number;
  /** bigint: node-postgres reads it as a string. */
  position: string;
  status: MessageStatus;
  processed_at: Date;
  result: string | null;
  agent_name: string | null;
}

const MESSAGE_COLUMNS =
  'id, conversation_id, customer_id, owner, trace_id, content, status, received_at, completed_at, agent_name, result, failure_code';

const toMessage = (row: MessageRow): StoredMessage => ({
  id: row.id,
  conversationId: row.conversation_id,
  customerId: row.customer_id,
  owner: row.owner,
  traceId: row.trace_id,
  content: row.content,
  status: row.status,
  receivedAt: row.received_at.getTime(),
  completedAt: row.completed_at ? row.completed_at.getTime() : null,
  agentName: row.agent_name,
  result: row.result,
  failureCode: row.failure_code,
});

const UPDATE_COLUMNS = 'u.sequence, u.position, u.status, u.processed_at, u.result, u.agent_name';

const toUpdate = (row: UpdateRow): Update => ({
  sequence: row.sequence,
  position: Number(row.position),
  status: row.status,
  processedAt: row.processed_at.getTime(),
  result: row.result,
  agentName: row.agent_name,
});

/**
 * The common table expressions that store a batch's updates with their positions in their
 * conversations. `source` has a row per update: `n` (its place in the batch), `id` (its message),
 * `conversation_id`, `sequence`, `status`, `processed_at`, `result`, `agent_name`. Each
 * conversation's counter row goes up by its number of updates in the batch (created for a new
 * conversation), and its updates take the positions up to the counter's new value, in batch order.
 * The rows are taken in conversation order, so two batches never wait for each other in a circle,
 * and each stays locked until its transaction commits: a second writer of the conversation, on any
 * replica, waits and counts on from the first one's positions, so positions commit in order.
 * `stored` names each update's `n`, `id`, `sequence` and `position`.
 */
const storeUpdates = (source: string): string => `
  placed AS (
    SELECT s.*, row_number() OVER (PARTITION BY s.conversation_id ORDER BY s.n) AS r,
      count(*) OVER (PARTITION BY s.conversation_id) AS c
    FROM ${source} s
  ),
  counters AS (
    INSERT INTO semker_conversation_positions AS counter (conversation_id, position)
    SELECT conversation_id, max(c) FROM placed GROUP BY conversation_id ORDER BY conversation_id
    ON CONFLICT (conversation_id) DO UPDATE SET position = counter.position + excluded.position, touched_at = now()
    RETURNING conversation_id, position
  ),
  stored AS (
    SELECT placed.*, counters.position - placed.c + placed.r AS position
    FROM placed JOIN counters USING (conversation_id)
  ),
  u AS (
    INSERT INTO semker_updates
      (message_id, sequence, status, processed_at, result, agent_name, conversation_id, position)
    SELECT id, sequence, status, processed_at, result, agent_name, conversation_id, position
    FROM stored ORDER BY n
  )`;

/** A new message with its first update, as the accepting statement reads it (JSON). */
interface AcceptRow extends NewMessageColumns {
  n: number;
  received_at: string;
  status: MessageStatus;
  processed_at: string;
  result: string | null;
  agent_name: string | null;
  /** Whose share of the queue it counts against; null: none. */
  queue_share: string | null;
}

/**
 * Why a message was not accepted: the backlog is at its capacity, or its sender's waiting messages
 * are at their share.
 */
export type Refusal = 'capacity' | 'share';

/**
 * Inserts messages and their first updates in one statement, in order, while their sender's share
 * (`$3` waiting messages per share key) and the backlog's capacity (`$2`) leave room: those past it
 * get no row and are answered with the reason (`refused`: 'share', or 'capacity' for a row missing
 * from the answer). The counts stop at the bounds, so a full backlog costs at most that many index
 * entries to count. Two replicas inserting at the same moment may both see room for the last
 * place: the bounds hold to within the replicas' concurrent requests. Each first update takes the
 * next position of its conversation (storeUpdates).
 */
const INSERT = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i (
      n integer, id text, conversation_id text, customer_id text, owner text, trace_id text, content text,
      received_at timestamptz, status text, processed_at timestamptz, result text, agent_name text,
      queue_share text
    )
  ),
  room AS (
    SELECT $2::integer - count(*) AS free
    FROM (SELECT 1 FROM semker_messages WHERE started_at IS NULL AND completed_at IS NULL LIMIT $2) AS w
  ),
  shares AS (
    SELECT s.queue_share, $3::integer - (
      SELECT count(*) FROM (
        SELECT 1 FROM semker_messages w
        WHERE w.queue_share = s.queue_share AND w.started_at IS NULL AND w.completed_at IS NULL
        LIMIT $3
      ) AS waiting
    ) AS free
    FROM (SELECT DISTINCT queue_share FROM input WHERE queue_share IS NOT NULL) AS s
  ),
  within_share AS (
    SELECT i.* FROM (
      SELECT i.*, row_number() OVER (PARTITION BY i.queue_share ORDER BY i.n) AS k FROM input i
    ) AS i
    LEFT JOIN shares s USING (queue_share)
    WHERE i.queue_share IS NULL OR i.k <= s.free
  ),
  admitted AS (
    SELECT w.* FROM (SELECT w.*, row_number() OVER (ORDER BY w.n) AS g FROM within_share w) AS w, room
    WHERE w.g <= room.free
  ),
  m AS (
    INSERT INTO semker_messages
      (id, conversation_id, customer_id, owner, trace_id, content, status, received_at, update_count, queue_share)
    SELECT a.id, a.conversation_id, a.customer_id, a.owner, a.trace_id, a.content, 'received', a.received_at, 1, a.queue_share
    FROM admitted a
    ORDER BY a.n
    RETURNING id, conversation_id
  ),
  received AS (
    SELECT i.n, i.id, i.conversation_id, 1 AS sequence, i.status, i.processed_at, i.result, i.agent_name
    FROM input i JOIN m ON m.id = i.id
  ),
  ${storeUpdates('received')}
  SELECT id, position, NULL AS refused FROM stored
  UNION ALL
  SELECT id, NULL, 'share' FROM input WHERE id NOT IN (SELECT id FROM within_share)`;

/** An update as the batched update statement reads it (JSON); `n` is its place in the batch. */
interface UpdateInput {
  n: number;
  id: string;
  status: MessageStatus;
  processed_at: string;
  result: string | null;
  agent_name: string | null;
  final: boolean;
  failure_code: FailureCode | null;
  turns: Array<{
    role: string;
    content: string;
    agent: string | null;
    language: string | null;
    asked: string | null;
    could_not_help: boolean;
  }>;
  keep: number;
}

/**
 * Appends updates to several messages, several to one message too (a message's steps and its answer
 * arrive together), in the batch's order, under each message row's lock (so sequences never collide),
 * only while the message is not final: a message's updates after its first final one in the batch are
 * dropped. The message row takes its last kept update; a final one also records the outcome and
 * appends the answer's turns to the history, trimming it to CONVERSATION_MAX_TURNS (`keep`: the turns
 * kept besides the new ones) — one statement, so all of it or none. Only a conversation's running
 * message records turns, so one batch never trims one conversation twice.
 * Each update also takes the next position of its conversation (storeUpdates). Answers each kept
 * update's place in the batch, its sequence and its position.
 */
const ADD_UPDATES = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i (
      n integer, id text, status text, processed_at timestamptz, result text, agent_name text,
      final boolean, failure_code text, turns jsonb, keep integer
    )
  ),
  ranked AS (
    SELECT i.*, row_number() OVER (PARTITION BY i.id ORDER BY i.n) AS k,
      min(i.n) FILTER (WHERE i.final) OVER (PARTITION BY i.id) AS final_n
    FROM input i
  ),
  kept AS (SELECT * FROM ranked WHERE final_n IS NULL OR n <= final_n),
  last AS (SELECT DISTINCT ON (id) * FROM kept ORDER BY id, n DESC),
  m AS (
    UPDATE semker_messages s SET
      status = l.status,
      update_count = s.update_count + l.k,
      completed_at = CASE WHEN l.final THEN l.processed_at ELSE NULL END,
      agent_name = CASE WHEN l.final THEN l.agent_name ELSE s.agent_name END,
      result = CASE WHEN l.final THEN l.result ELSE s.result END,
      failure_code = CASE WHEN l.status = 'failed' THEN coalesce(l.failure_code, 'internal') ELSE NULL END
    FROM last l
    WHERE s.id = l.id AND s.completed_at IS NULL
    RETURNING s.id, s.update_count - l.k AS base, s.conversation_id, l.turns, l.keep
  ),
  written AS (
    SELECT k.n, k.id, m.conversation_id, m.base + k.k AS sequence, k.status, k.processed_at, k.result,
      k.agent_name
    FROM kept k JOIN m ON m.id = k.id
  ),
  ${storeUpdates('written')},
  t AS (
    INSERT INTO semker_conversation_turns (
      conversation_id, role, content, agent, message_id, language, asked, could_not_help
    )
    SELECT m.conversation_id, e.turn ->> 'role', e.turn ->> 'content', e.turn ->> 'agent', m.id,
      e.turn ->> 'language', e.turn ->> 'asked', coalesce((e.turn ->> 'could_not_help')::boolean, false)
    FROM m, jsonb_array_elements(m.turns) WITH ORDINALITY AS e (turn, n)
    ORDER BY m.id, e.n
  ),
  trimmed AS (
    DELETE FROM semker_conversation_turns d
    USING m
    WHERE jsonb_array_length(m.turns) > 0
      AND d.conversation_id = m.conversation_id
      AND d.position <= (
        SELECT p.position FROM semker_conversation_turns p
        WHERE p.conversation_id = m.conversation_id
        ORDER BY p.position DESC OFFSET m.keep LIMIT 1
      )
  )
  SELECT n, sequence, position FROM stored`;

/** Statements of one kind that arrive together go as one (GroupCommit); at most this many in one. */
const MAX_BATCH = 100;

/** The MessageStore in PostgreSQL: every replica reads and writes the same messages. */
export class PgMessageStore implements MessageStore {
  private readonly begins: GroupCommit<string, StoredMessage | undefined>;
  /** The sequence and position each update was given; undefined when its message had ended (or is gone). */
  private readonly additions: GroupCommit<
    Omit<UpdateInput, 'n'>,
    { sequence: number; position: number } | undefined
  >;

  constructor(
    private readonly db: Database,
    private readonly options: { capacity: number; share: number; maxTurns: number },
  ) {
    this.begins = new GroupCommit((ids) => this.beginAll(ids), { maxBatch: MAX_BATCH });
    this.additions = new GroupCommit((inputs) => this.addAll(inputs), { maxBatch: MAX_BATCH });
  }

  insert(message: StoredMessage, first: NewUpdate): Promise<Update> {
    return this.insertAll(undefined, [{ message, first }]).then(([update]) => {
      if (typeof update !== 'object') throw new Error(`the message store is full (${update})`);
      return update;
    });
  }

  /**
   * Inserts messages with their first updates, in order, on `client` (the queue's transaction) or the
   * pool; the refusal for each one past its sender's share or the backlog's capacity.
   */
  async insertAll(
    client: pg.PoolClient | undefined,
    entries: ReadonlyArray<{ message: StoredMessage; first: NewUpdate }>,
  ): Promise<Array<Update | Refusal>> {
    // A share as large as the capacity bounds nothing the capacity does not: not counted at all.
    const shared = this.options.share < this.options.capacity;
    const input: AcceptRow[] = entries.map(({ message, first }, i) => ({
      n: i + 1,
      id: message.id,
      conversation_id: message.conversationId,
      customer_id: message.customerId,
      owner: message.owner,
      trace_id: message.traceId,
      content: message.content,
      received_at: new Date(message.receivedAt).toISOString(),
      status: first.status,
      processed_at: new Date(first.processedAt).toISOString(),
      result: first.result,
      agent_name: first.agentName,
      queue_share: shared ? shareKeyOf(message) : null,
    }));
    const values = [JSON.stringify(input), this.options.capacity, this.options.share];
    type Row = { id: string; position: string | null; refused: Refusal | null };
    const { rows } = client
      ? await client.query<Row>(this.db.statement(INSERT, values))
      : await this.db.query<Row>(INSERT, values);
    const answers = new Map(rows.map((row) => [row.id, row]));
    return entries.map(({ message, first }): Update | Refusal => {
      const row = answers.get(message.id);
      if (!row) return 'capacity';
      if (row.refused || row.position === null) return row.refused ?? 'capacity';
      return { sequence: 1, position: Number(row.position), ...first };
    });
  }

  async get(id: string): Promise<StoredMessage | undefined> {
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM semker_messages WHERE id = $1`,
      [id],
    );
    return rows[0] && toMessage(rows[0]);
  }

  begin(id: string): Promise<StoredMessage | undefined> {
    return this.begins.submit(id);
  }

  private async beginAll(ids: readonly string[]): Promise<Array<StoredMessage | undefined>> {
    const { rows } = await this.db.query<MessageRow>(
      `UPDATE semker_messages SET started_at = coalesce(started_at, now()) WHERE id = ANY($1::text[])
       RETURNING ${MESSAGE_COLUMNS}`,
      [ids],
    );
    const found = new Map(rows.map((row) => [row.id, toMessage(row)]));
    return ids.map((id) => found.get(id));
  }

  async updates(id: string, after = 0): Promise<Update[] | undefined> {
    // One row with null columns when the message exists but has nothing after `after`; none when unknown.
    const { rows } = await this.db.query<UpdateRow | { [K in keyof UpdateRow]: null }>(
      `SELECT ${UPDATE_COLUMNS}
       FROM semker_messages m
       LEFT JOIN semker_updates u ON u.message_id = m.id AND u.sequence > $2
       WHERE m.id = $1
       ORDER BY u.sequence`,
      [id, after],
    );
    if (rows.length === 0) return undefined;
    return rows.filter((row): row is UpdateRow => row.sequence !== null).map(toUpdate);
  }

  addUpdate(id: string, update: NewUpdate, outcome?: Outcome): Promise<Update | undefined> {
    const turns = outcome?.turns ?? [];
    return this.additions
      .submit({
        id,
        status: update.status,
        processed_at: new Date(update.processedAt).toISOString(),
        result: update.result,
        agent_name: update.agentName,
        final: isFinal(update.status),
        failure_code: outcome?.failureCode ?? null,
        turns: turns.map((turn) => ({
          role: turn.role,
          content: turn.content,
          agent: turn.agent ?? null,
          language: turn.language ?? null,
          asked: turn.asked ?? null,
          could_not_help: turn.couldNotHelp === true,
        })),
        keep: Math.max(0, this.options.maxTurns - turns.length),
      })
      .then((placed) => placed && { ...placed, ...update });
  }

  private async addAll(
    inputs: ReadonlyArray<Omit<UpdateInput, 'n'>>,
  ): Promise<Array<{ sequence: number; position: number } | undefined>> {
    const numbered: UpdateInput[] = inputs.map((input, i) => ({ n: i + 1, ...input }));
    const { rows } = await this.db.query<{ n: number; sequence: string; position: string }>(ADD_UPDATES, [
      JSON.stringify(numbered),
    ]);
    const placed = new Map(
      rows.map((row) => [row.n, { sequence: Number(row.sequence), position: Number(row.position) }]),
    );
    return numbered.map((input) => placed.get(input.n));
  }

  async conversationUpdates(
    conversationId: string,
    after: number,
    { owner, limit }: { owner?: string; limit: number },
  ): Promise<ConversationUpdates> {
    // The updates and the counter's generation in one round trip: one row with null update columns
    // when nothing follows `after`.
    const { rows } = await this.db.query<
      { generation: string | null; message_id: string | null } & (
        UpdateRow | { [K in keyof UpdateRow]: null }
      )
    >(
      `SELECT (SELECT generation FROM semker_conversation_positions WHERE conversation_id = $1)::text AS generation, x.*
       FROM (SELECT 1) AS one
       LEFT JOIN (
         SELECT u.message_id, ${UPDATE_COLUMNS}
         FROM semker_updates u JOIN semker_messages m ON m.id = u.message_id
         WHERE u.conversation_id = $1 AND u.position > $2
           AND ($3::boolean IS FALSE OR m.owner IS NOT DISTINCT FROM $4)
         ORDER BY u.position LIMIT $5
       ) AS x ON true
       ORDER BY x.position`,
      [conversationId, after, owner !== undefined, owner ?? null, limit],
    );
    return {
      generation: rows[0]?.generation ?? '',
      updates: rows.flatMap((row) =>
        row.message_id !== null && row.sequence !== null
          ? [{ messageId: row.message_id, update: toUpdate(row as UpdateRow) }]
          : [],
      ),
    };
  }

  async list(query: ListQuery): Promise<ListResult> {
    const { status, conversationId, nameSuffix, customerId, owner } = listFilters(query);
    // The count and the page in one round trip; the page's columns are null when it is past the end.
    const { rows } = await this.db.query<MessageRow & { total: string }>(
      `WITH matching AS (
         SELECT ${MESSAGE_COLUMNS}, seq FROM semker_messages
         WHERE ($1::text IS NULL OR status = $1)
           AND ($2::text IS NULL OR conversation_id = $2)
           AND ($3::text IS NULL OR owner = $3)
           AND ($6::text IS NULL OR customer_id = $6)
           -- Compared with right, not LIKE: "_" is a wildcard there.
           AND ($7::text IS NULL OR right(conversation_id, length($7)) = $7)
       )
       SELECT (SELECT count(*) FROM matching) AS total, p.*
       FROM (SELECT 1) AS one
       LEFT JOIN (SELECT * FROM matching ORDER BY seq ${query.oldestFirst ? 'ASC' : 'DESC'} LIMIT $4 OFFSET $5) AS p ON true`,
      [
        status,
        conversationId,
        owner,
        query.pageSize,
        (query.page - 1) * query.pageSize,
        customerId,
        nameSuffix,
      ],
    );
    const total = Number(rows[0]?.total ?? 0);
    return { total, messages: rows.filter((row) => row.id !== null).map(toMessage) };
  }

  async deleteConversation(conversationId: string): Promise<number> {
    // Updates go with their messages (ON DELETE CASCADE).
    const { rowCount } = await this.db.query('DELETE FROM semker_messages WHERE conversation_id = $1', [
      conversationId,
    ]);
    return rowCount ?? 0;
  }
}
