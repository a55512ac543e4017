@webhooks
Feature: Webhooks: signed, retried, durable event delivery
  An integrator registers an endpoint (POST /webhooks) and receives the events of its own messages,
  signed per Standard Webhooks and retried until its receiver answers 2xx. The receiver in these
  scenarios is a real HTTP server on 127.0.0.1 that verifies every request it gets with the
  `standardwebhooks` package and the secret the registration returned; the retry schedule is
  shortened with WEBHOOK_RETRY_SCHEDULE. Loopback receivers need WEBHOOK_ALLOW_PRIVATE=true, which
  every scenario but the refusals sets.

  @contract
  Scenario: An answered message is delivered as message.completed, signed, with what a consumer needs
    Given a webhook receiver
    And the API is running with webhooks allowed to private addresses
    When I register the receiver for "message.completed, message.failed"
    Then the registration answers 201 with a secret of 32 random bytes after "whsec_"
    When the customer asks "What was my bill last month?"
    Then the receiver gets 1 "message.completed" event within 5 seconds
    And every request the receiver got carried a valid Standard Webhooks signature
    And the event's data describes the message as its status shows it, answered by "BillingAgent"
    And the webhook's deliveries show 1 delivered delivery of 1 attempt, last answered 200
    And no response of the webhooks API shows the secret again
    And the deliveries were made by a thread at a low CPU priority, the answers at normal priority

  @contract
  Scenario: A receiver that fails twice then succeeds gets the event three times with one webhook-id
    Given a webhook receiver that answers 500, 503 and then 200
    And the API is running with webhooks allowed to private addresses
    When I register the receiver for "message.completed"
    And the customer asks "What was my bill last month?"
    Then the receiver gets 3 requests within 10 seconds
    And every request the receiver got carried a valid Standard Webhooks signature
    And all 3 requests carried the same webhook-id
    And the webhook's deliveries show 1 delivered delivery of 3 attempts, last answered 200

  @contract
  Scenario: A receiver that honours Retry-After gets the next attempt no sooner than it asked
    Given a webhook receiver that answers 429 with Retry-After 2 and then 200
    And the API is running with webhooks allowed to private addresses
    When I register the receiver for "message.completed"
    And the customer asks "What was my bill last month?"
    Then the receiver gets 2 requests within 10 seconds
    And the second request came at least 2 seconds after the first

  @contract
  Scenario: A receiver that was down for a while catches up on every event
    Given a webhook receiver that is down
    And the API is running with webhooks allowed to private addresses
    When I register the receiver for "message.completed"
    And the customer asks, in turn:
      | What was my bill last month? |
      | and the month before?        |
      | What is my current plan?     |
    Then the webhook's deliveries show 3 pending deliveries that could not connect, within 10 seconds
    When the receiver comes up again on the same address
    Then the receiver gets 3 "message.completed" events within 10 seconds
    And every request the receiver got carried a valid Standard Webhooks signature
    And the webhook's deliveries show 3 delivered deliveries

  @contract
  Scenario: A burst of events to several endpoints: each endpoint gets each event once, verified, recorded after one attempt
    Given 3 webhook receivers
    And the API is running with webhooks allowed to private addresses
    When I register each receiver for "message.completed"
    And 12 messages are posted at once, each in a conversation of its own
    Then each receiver gets the 12 messages' "message.completed" events within 15 seconds, each once, all verified
    And each webhook's deliveries show 12 delivered deliveries of 1 attempt, one per event it got

  @contract
  Scenario: 410 Gone disables the endpoint: no more deliveries go to it
    Given a webhook receiver that answers 410
    And the API is running with webhooks allowed to private addresses
    When I register the receiver for "message.completed"
    And I register a second receiver for "message.completed"
    And the customer asks "What was my bill last month?"
    Then the receiver gets 1 request within 5 seconds
    And the webhook's deliveries show 1 failed delivery of 1 attempt, last answered 410
    And the webhook shows it was disabled
    When the customer asks "What is my current plan?"
    Then the second receiver gets 2 "message.completed" events within 5 seconds
    And the webhook's deliveries still show 1 delivery
    And the receiver got 1 request in all

  @contract
  Scenario: A receiver that hangs costs nothing but its own deliveries
    Given a webhook receiver that holds every request without answering
    And the API is running with webhooks allowed to private addresses and the settings:
      | WEBHOOK_TIMEOUT_MS  | 5000 |
      | WEBHOOK_CONCURRENCY | 8    |
    When I register the receiver for "message.completed"
    And I register a second receiver for "message.completed"
    And 10 customers each ask "What was my bill last month?" in their own conversation
    Then all 10 messages are completed within 5 seconds
    And the second receiver gets 10 "message.completed" events within 4 seconds
    And the hanging receiver holds at most 2 requests at once, a quarter of the slots

  @contract
  Scenario: A failed delivery retried by hand is delivered again under the same webhook-id
    Given a webhook receiver that answers 503 and then 200
    And the API is running with webhooks allowed to private addresses and the settings:
      | WEBHOOK_RETRY_SCHEDULE | 0 |
    When I register the receiver for "message.completed"
    And the customer asks "What was my bill last month?"
    Then the webhook's deliveries show 1 failed delivery of 1 attempt, last answered 503
    When I retry that delivery
    Then the retry answers 202
    And the receiver gets 2 requests within 5 seconds
    And all 2 requests carried the same webhook-id
    And the webhook's deliveries show 1 delivered delivery of 2 attempts, last answered 200

  @contract
  Scenario: A cancelled message is delivered as message.cancelled
    Given a webhook receiver
    And a slow scripted model that replies to the customer itself after 3000 ms, 1 times
    And the API is running against the scripted model with settings:
      | WEBHOOK_ALLOW_PRIVATE | true |
    When I register the receiver for "message.cancelled, message.completed"
    And the customer asks "Hello"
    And the client cancels that message
    Then the receiver gets 1 "message.cancelled" event within 5 seconds
    And the event's data describes the message as its status shows it

  @contract
  Scenario: A support ticket raised with consent is delivered as ticket.created, without the chat
    Given a webhook receiver
    And the API is running with webhooks allowed to private addresses
    When I register the receiver for "ticket.created"
    And the customer asks "I've had enough, let me talk to an actual human about my bill"
    And the customer asks "yes please"
    Then the receiver gets 1 "ticket.created" event within 5 seconds
    And the event names the conversation's ticket and its summary, and not the copy of the chat

  @contract
  Scenario: Each owner's endpoints get only that owner's events; admin keys see every endpoint
    Given a webhook receiver for alice and one for bob
    And the API is running with API keys and webhooks allowed to private addresses
    When alice registers her receiver for "message.completed"
    And bob registers his receiver for "message.completed"
    And alice posts the message "What was my bill last month?"
    And bob posts the message "What is my current plan?"
    Then alice's receiver gets 1 "message.completed" event within 5 seconds, about alice's message
    And bob's receiver gets 1 "message.completed" event within 5 seconds, about bob's message
    And bob lists only his own webhook, and ops lists both
    And bob gets 404 for alice's webhook, its deliveries, its retry and its deletion
    And nobody gets 401 from GET /webhooks

  Scenario: URLs that are not http(s) or not public are refused at registration
    Given the API is running
    When I register these webhook URLs, each is refused with a 422 problem at "body.url":
      | ftp://example.com/hook                    |
      | http://127.0.0.1:9/hook                   |
      | http://localhost:9/hook                   |
      | http://[::1]:9/hook                       |
      | http://169.254.169.254/latest/meta-data   |
      | http://10.0.0.7/hook                      |
      | http://[::ffff:192.168.1.1]/hook          |
      | http://100.100.100.200/hook               |
      | https://user:password@example.com/hook    |
    And registering with an unknown event type is refused with a 422 problem at "body.events.0"

  Scenario: A delivery connects only to the address it checked: a host name that resolves to loopback is refused
    Given a webhook receiver
    When a delivery with private addresses refused is sent to the receiver as "localhost"
    Then the attempt could not connect because the address is not public
    And the receiver got 0 requests in all

  @postgres
  Scenario: A replica killed in the middle of its deliveries loses none: the next replica makes them
    Given a webhook receiver that holds every request without answering
    And the replicas run with the settings:
      | WEBHOOK_ALLOW_PRIVATE | true  |
      | WEBHOOK_TIMEOUT_MS    | 60000 |
    And 1 API replicas share one PostgreSQL database
    When I register the receiver for "message.completed" on replica 1
    And the customer asks "What was my bill last month?" and "What is my current plan?" on replica 1
    Then the receiver holds 2 requests, unanswered
    When replica 1 is killed with SIGKILL
    And the receiver answers from now on
    And the replicas are started again
    Then the receiver gets both events again within 60 seconds, under the same webhook-ids, all verified

  @postgres
  Scenario: A replica that dies between a message's final update and its event's queueing loses no event: another replica delivers it, once
    Given a webhook receiver
    And the replicas run with the settings:
      | WEBHOOK_ALLOW_PRIVATE          | true |
      | NODE_ENV                       | test |
      | WEBHOOK_TEST_KILL_BEFORE_RELAY | true |
    And 1 API replicas share one PostgreSQL database
    When I register the receiver for "message.completed" on replica 1
    And the customer asks "What was my bill last month?" on replica 1
    Then replica 1 dies by itself with the message's final update stored, its event owed and no delivery queued
    When the fault is taken out of the replicas' settings
    And the replicas are started again
    Then the receiver gets the owed "message.completed" event about that message within 10 seconds, verified
    And 2 seconds later the receiver still got it once, and replica 1 shows 1 delivered delivery of it
