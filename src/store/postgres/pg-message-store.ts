import type pg from 'pg';
import type { AgentName } from '../../domains/agent-names.ts';
import type { FailureCode } from '../../failures.ts';
import type {
  ListQuery,
  ListResult,
  MessageStatus,
  MessageStore,
  NewUpdate,
  Outcome,
  StoredMessage,
  Update,
} from '../message-store.ts';
import { isFinal } from '../message-store.ts';
import type { Database } from './database.ts';

interface MessageRow {
  id: string;
  conversation_id: string;
  owner: string | null;
  trace_id: string | null;
  content: string;
  status: MessageStatus;
  received_at: Date;
  completed_at: Date | null;
  agent_name: AgentName | null;
  result: string | null;
  failure_code: FailureCode | null;
}

interface UpdateRow {
  sequence: number;
  status: MessageStatus;
  processed_at: Date;
  result: string | null;
  agent_name: AgentName | null;
}

const MESSAGE_COLUMNS =
  'id, conversation_id, owner, trace_id, content, status, received_at, completed_at, agent_name, result, failure_code';

const toMessage = (row: MessageRow): StoredMessage => ({
  id: row.id,
  conversationId: row.conversation_id,
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

const toUpdate = (row: UpdateRow): Update => ({
  sequence: row.sequence,
  status: row.status,
  processedAt: row.processed_at.getTime(),
  result: row.result,
  agentName: row.agent_name,
});

/**
 * Inserts a message and its first update in one statement, unless `capacity` messages already wait
 * (then no row, and the caller answers 503). The count stops at `capacity`, so a full backlog costs
 * at most that many index entries to count. Two replicas inserting at the same moment may both see
 * room for the last place: the bound holds to within the replicas' concurrent requests.
 */
const INSERT = `
  WITH room AS (
    SELECT count(*) AS waiting
    FROM (SELECT 1 FROM semker_messages WHERE started_at IS NULL AND completed_at IS NULL LIMIT $11) AS w
  ),
  m AS (
    INSERT INTO semker_messages
      (id, conversation_id, owner, trace_id, content, status, received_at, update_count)
    SELECT $1, $2, $3, $4, $5, 'received', $6, 1
    FROM room WHERE room.waiting < $11
    RETURNING id
  )
  INSERT INTO semker_updates (message_id, sequence, status, processed_at, result, agent_name)
  SELECT m.id, 1, $7, $8, $9, $10 FROM m
  RETURNING sequence`;

/**
 * Appends an update under the message row's lock (so sequences never collide), only while the
 * message is not final; a final update also records the outcome and appends the answer's turns to
 * the history, trimming it to CONVERSATION_MAX_TURNS — one statement, so all of it or none.
 */
const ADD_UPDATE = `
  WITH m AS (
    UPDATE semker_messages SET
      status = $2,
      update_count = update_count + 1,
      completed_at = CASE WHEN $6 THEN $3::timestamptz ELSE NULL END,
      agent_name = CASE WHEN $6 THEN $5 ELSE agent_name END,
      result = CASE WHEN $6 THEN $4 ELSE result END,
      failure_code = CASE WHEN $2 = 'failed' THEN coalesce($11, 'internal') ELSE NULL END
    WHERE id = $1 AND completed_at IS NULL
    RETURNING id, update_count, conversation_id
  ),
  u AS (
    INSERT INTO semker_updates (message_id, sequence, status, processed_at, result, agent_name)
    SELECT m.id, m.update_count, $2, $3, $4, $5 FROM m
    RETURNING sequence
  ),
  t AS (
    INSERT INTO semker_conversation_turns (conversation_id, role, content, agent, message_id)
    SELECT m.conversation_id, turn.role, turn.content, turn.agent, m.id
    FROM m, unnest($7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS turn (role, content, agent, n)
    ORDER BY turn.n
  ),
  trimmed AS (
    DELETE FROM semker_conversation_turns d
    USING m
    WHERE cardinality($7::text[]) > 0
      AND d.conversation_id = m.conversation_id
      AND d.position <= (
        SELECT p.position FROM semker_conversation_turns p
        WHERE p.conversation_id = m.conversation_id
        ORDER BY p.position DESC OFFSET $10 LIMIT 1
      )
  )
  SELECT sequence FROM u`;

/** The MessageStore in PostgreSQL: every replica reads and writes the same messages. */
export class PgMessageStore implements MessageStore {
  constructor(
    private readonly db: Database,
    private readonly options: { capacity: number; maxTurns: number },
  ) {}

  insert(message: StoredMessage, first: NewUpdate): Promise<Update> {
    return this.insertWithin(undefined, message, first).then((update) => {
      if (!update) throw new Error('the message store is full');
      return update;
    });
  }

  /**
   * Inserts on `client` (the queue's transaction) or the pool, unless the backlog is at capacity:
   * then undefined.
   */
  async insertWithin(
    client: pg.PoolClient | undefined,
    message: StoredMessage,
    first: NewUpdate,
  ): Promise<Update | undefined> {
    const values = [
      message.id,
      message.conversationId,
      message.owner,
      message.traceId,
      message.content,
      new Date(message.receivedAt),
      first.status,
      new Date(first.processedAt),
      first.result,
      first.agentName,
      this.options.capacity,
    ];
    const { rows } = client
      ? await client.query<{ sequence: number }>(INSERT, values)
      : await this.db.query<{ sequence: number }>(INSERT, values);
    return rows.length === 0 ? undefined : { sequence: rows[0]!.sequence, ...first };
  }

  async get(id: string): Promise<StoredMessage | undefined> {
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM semker_messages WHERE id = $1`,
      [id],
    );
    return rows[0] && toMessage(rows[0]);
  }

  async begin(id: string): Promise<StoredMessage | undefined> {
    const { rows } = await this.db.query<MessageRow>(
      `UPDATE semker_messages SET started_at = coalesce(started_at, now()) WHERE id = $1
       RETURNING ${MESSAGE_COLUMNS}`,
      [id],
    );
    return rows[0] && toMessage(rows[0]);
  }

  async updates(id: string, after = 0): Promise<Update[] | undefined> {
    // One row with null columns when the message exists but has nothing after `after`; none when unknown.
    const { rows } = await this.db.query<UpdateRow | { [K in keyof UpdateRow]: null }>(
      `SELECT u.sequence, u.status, u.processed_at, u.result, u.agent_name
       FROM semker_messages m
       LEFT JOIN semker_updates u ON u.message_id = m.id AND u.sequence > $2
       WHERE m.id = $1
       ORDER BY u.sequence`,
      [id, after],
    );
    if (rows.length === 0) return undefined;
    return rows.filter((row): row is UpdateRow => row.sequence !== null).map(toUpdate);
  }

  async addUpdate(id: string, update: NewUpdate, outcome?: Outcome): Promise<Update | undefined> {
    const turns = outcome?.turns ?? [];
    const { rows } = await this.db.query<{ sequence: number }>(ADD_UPDATE, [
      id,
      update.status,
      new Date(update.processedAt),
      update.result,
      update.agentName,
      isFinal(update.status),
      turns.map((turn) => turn.role),
      turns.map((turn) => turn.content),
      turns.map((turn) => turn.agent ?? null),
      Math.max(0, this.options.maxTurns - turns.length),
      outcome?.failureCode ?? null,
    ]);
    return rows[0] && { sequence: rows[0].sequence, ...update };
  }

  async list({ page, pageSize, status, conversationId, owner, oldestFirst }: ListQuery): Promise<ListResult> {
    // The count and the page in one round trip; the page's columns are null when it is past the end.
    const { rows } = await this.db.query<MessageRow & { total: string }>(
      `WITH matching AS (
         SELECT ${MESSAGE_COLUMNS}, seq FROM semker_messages
         WHERE ($1::text IS NULL OR status = $1)
           AND ($2::text IS NULL OR conversation_id = $2)
           AND ($3::boolean IS FALSE OR owner IS NOT DISTINCT FROM $4)
       )
       SELECT (SELECT count(*) FROM matching) AS total, p.*
       FROM (SELECT 1) AS one
       LEFT JOIN (SELECT * FROM matching ORDER BY seq ${oldestFirst ? 'ASC' : 'DESC'} LIMIT $5 OFFSET $6) AS p ON true`,
      [
        status ?? null,
        conversationId ?? null,
        owner !== undefined,
        owner ?? null,
        pageSize,
        (page - 1) * pageSize,
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
