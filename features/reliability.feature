@reliability
Feature: Reliability under faults
  The database goes away under load, a sender posts text no database can keep, a model answers far
  too much, one owner fills the queue, clients hold sockets open without finishing their headers.
  Each fault stays with whoever caused it: the process lives on, other customers' messages are
  accepted, and every accepted message ends final exactly once. docs/reliability.md has the figures.

  @postgres
  Scenario Outline: PostgreSQL stopped (<mode>) for 10 s under 50 POSTs a second: no replica dies, nothing accepted is lost
    Given a PostgreSQL server of the scenario's own
    And 2 API replicas share one PostgreSQL database
    When 50 POSTs a second go to the replicas, the PostgreSQL server stopped (<mode>) after 3 seconds for 10 seconds, and for 4 seconds after it is back
    Then no replica exited
    And every POST was answered within 10 seconds: 201, or 503 problem+json with Retry-After; none was reset
    And some POSTs were accepted before the stop and after the restart, and some refused during it
    And every replica becomes ready again within 30 seconds of the restart
    And every accepted message ends final within 60 seconds, with exactly one final update, and the database holds it once

    Examples:
      | mode      |
      | fast      |
      | immediate |

  @postgres
  Scenario: The database ends the backend of an open accepting transaction: that POST is a 503, the replica lives on
    Given 1 API replicas share one PostgreSQL database
    When a POST's accepting transaction waits on a lock and its database backend is terminated
    Then that POST was refused with 503 problem+json and Retry-After
    And no replica exited
    And replica 1 becomes ready again and answers a new message

  @contract
  Scenario Outline: One of 40 concurrent POSTs carries <poison>: it alone is refused with 422, the other 39 are accepted
    Given the API is running with settings:
      | RATE_LIMIT_MAX | 0 |
    When 40 messages are posted at once, the 17th carrying <poison>
    Then the 17th was refused with 422 problem+json naming body.message
    And the other 39 were accepted and each ends completed

    Examples:
      | poison                     |
      | a NUL character            |
      | an unpaired high surrogate |
      | an unpaired low surrogate  |

  @contract
  Scenario: Below the HTTP boundary, text the store cannot keep fails only its own message, not the batch it was written with
    Given the API is running
    When 40 messages are submitted to the processor at once, the 17th carrying a NUL character
    Then the other 39 were accepted and each ends completed
    And the 17th was refused by the store if it cannot keep a NUL character, and stored otherwise

  @contract
  Scenario: One owner's backlog is refused at its share of the queue while another owner's posts are accepted
    Given a scripted model that holds its answers until the test releases them
    And the API runs against that model with API keys for alice and bob and settings:
      | QUEUE_CAPACITY     | 50 |
      | QUEUE_OWNER_SHARE  | 10 |
      | WORKER_CONCURRENCY | 1  |
      | RATE_LIMIT_MAX     | 0  |
    When alice posts 20 messages in 20 conversations, one after the other
    And bob posts 5 messages in 5 conversations, one after the other
    Then alice had at most 11 accepted and the rest refused with 429 problem+json and Retry-After
    And bob had all 5 accepted
    When the model releases its answers
    Then every accepted message ends completed

  @postgres
  Scenario: A model answering 10 MB after calling a tool with 10 MB of arguments: texts are cut with a marker, memory stays flat
    Given a scripted model that calls a billing tool with 10 MB of arguments, then answers with 10 MB of text
    And 1 API replicas share one PostgreSQL database
    When 40 messages are answered, 5 at a time, and the replica's resident memory is read
    And 50 more messages are answered, 5 at a time
    Then the replica's resident memory grew by at most 20 % over those 50 messages
    And every answer is at most 20000 characters and ends with the truncation marker
    And no update of any message is longer than 20000 characters
    And every model request asked for at most 4096 output tokens and was under 200 kB

  Scenario: Sockets that never finish their headers are cut within a second of HTTP_HEADERS_TIMEOUT_MS
    Given the API is running with settings:
      | HTTP_HEADERS_TIMEOUT_MS | 2000 |
      | HTTP_REQUEST_TIMEOUT_MS | 5000 |
    When 20 sockets send a request's headers one byte every 100 ms, never finishing them
    Then every socket was answered 408 or closed between 2.0 and 3.0 seconds after it opened
    And the API still answers a request at once
