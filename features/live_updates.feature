@contract
Feature: Live updates: event streams and long-poll
  A client can follow a message without polling: its event stream (server-sent events) sends each
  update as it is recorded, and a conversation's stream every update of its messages. A plain HTTP
  client can long-poll instead. The stream's events are the very updates /updates returns; a client
  that reconnects resumes where it stopped, with no update lost and none twice.

  Scenario: A message's stream sends its updates so far, then ends after the final one
    Given the API is running
    When the customer asks "Why was my bill so high last month?"
    And the message eventually completes
    And a client opens the message's event stream
    Then the stream ends after the final update
    And each event is an update exactly as /updates returns it, its sequence the id and its status the event name

  Scenario: Each step arrives while the message is still being answered
    Given a scripted model that routes to "billing" and then calls "get_billing_data" with '{"month": "<last month>"}'
    And the scripted model then answers "Your bill for last month came to 90.00 EUR." once released
    And the API is running against the scripted model
    When the customer asks "Why was my bill so high last month?"
    And a client opens the message's event stream
    Then the stream shows the routing to "BillingAgent" and the call to "get_billing_data" before any answer
    When the scripted model is released
    Then the stream ends after the final update
    And the last event is "completed" with "Your bill for last month came to 90.00 EUR."
    And the stream sent every update of the message once, in order

  Scenario Outline: A stream resumes after the last event the client received, by <how>
    Given the API is running
    When the customer asks "Why was my bill so high last month?"
    And the message eventually completes
    And a client opens the message's event stream <request>
    Then the stream ends after the final update
    And the stream sent exactly the updates after 3, in order

    Examples:
      | how                  | request                           |
      | the Last-Event-ID    | with the header "Last-Event-ID: 3" |
      | the after parameter  | at "?after=3"                     |

  Scenario: A resume after the final update is answered 204, which tells EventSource to stop reconnecting
    Given the API is running
    When the customer asks "Hello"
    And the message eventually completes
    And a client resumes the message's event stream after its final update
    Then the stream was answered 204 No Content

  Scenario: An unknown message is a 404 problem, not a stream
    Given the API is running
    When a client opens the event stream at "/messages/no-such-id/events"
    Then the stream was refused with 404 and the detail "Message with ID no-such-id not found"

  Scenario: A Last-Event-ID that is not an event of the stream is a 422 problem
    Given the API is running
    When the customer asks "Hello"
    And a client opens the message's event stream with the header "Last-Event-ID: banana"
    Then the stream was refused with 422 and the detail "The Last-Event-ID header must be the id of an event of this stream (a sequence number)."

  Scenario: An idle stream carries a heartbeat comment
    Given the API is running with settings:
      | STREAM_HEARTBEAT_MS | 50 |
    When the customer asks "Hello"
    And the message eventually completes
    And a client opens the conversation's event stream
    Then the stream receives 2 heartbeat comments
    And the stream is still open

  Scenario: A conversation's stream follows its messages, those posted later too
    Given the API is running
    When the customer asks "Why was my bill so high last month?"
    And the message eventually completes
    And a client opens the conversation's event stream
    And the customer asks "and in Belgium?"
    Then the conversation stream shows the final update of both messages
    And the conversation stream sent every update of both messages once, with ids "<message_id>/<sequence>"
    And the stream is still open

  Scenario: A conversation's stream resumes from its Last-Event-ID
    Given the API is running
    When the customer asks "Why was my bill so high last month?"
    And the message eventually completes
    And the customer asks "How much does roaming in Spain cost?"
    And the message eventually completes
    And a client opens the conversation's event stream resuming after the 4th update of the first message
    Then the conversation stream sent exactly the updates recorded after that one, each once

  @memory
  Scenario: A conversation stream keeps following a conversation whose messages were all evicted, once it begins again
    Given the API is running with settings:
      | MESSAGE_RETENTION | 3 |
    When the customer asks "Hello"
    And the message eventually completes
    And a client opens the conversation's event stream
    And 3 messages of another conversation are answered, which evicts the conversation’s only message
    And the customer asks "How much does roaming in Spain cost?"
    Then the conversation stream brings every update of the new message once, in order

  Scenario: An unknown conversation is a 404 problem
    Given the API is running
    When a client opens the event stream at "/conversations/nobody-talked-here/events"
    Then the stream was refused with 404 and the detail "Conversation with ID nobody-talked-here not found"

  Scenario: A long-poll answers as soon as there is an update after the one named
    Given a scripted model that routes to "billing"
    And the scripted model then answers "Your bill was 90.00 EUR." once released
    And the API is running against the scripted model
    When the customer asks "Why was my bill so high last month?"
    And a client long-polls the updates after the ones recorded so far, waiting up to 20 seconds
    And the scripted model is released
    Then the long-poll answers 200 with the answer's update within 5 seconds of the release

  Scenario: A long-poll with nothing new answers an empty list when its wait is over
    Given a scripted model that routes to "billing"
    And the scripted model then answers "Your bill was 90.00 EUR." once released
    And the API is running against the scripted model
    When the customer asks "Why was my bill so high last month?"
    And a client long-polls the updates after the ones recorded so far, waiting up to 1 seconds
    Then the long-poll answers 200 with an empty list after about 1 second

  Scenario: A long-poll may wait 30 seconds at most
    Given the API is running
    When the customer asks "Hello"
    And I send a GET request to the message's "/updates?after=1&wait=31"
    Then the response status is 422
    And the problem lists an error at "query.wait"

  Scenario: Streams are behind the API keys, and another owner's message is not found
    Given the API is running with API keys
    When alice posts the message "What is my bill?"
    Then nobody opening its event stream is refused with 401
    And bob opening its event stream is refused with 404
    And alice opening its event stream gets its updates

  Scenario: A client may hold a bounded number of streams
    Given the API is running with settings:
      | STREAM_MAX_PER_CLIENT | 1 |
    When the customer asks "Hello"
    And the message eventually completes
    And a client opens the conversation's event stream
    And a client opens the event stream at "/conversations/{conversation}/events"
    Then the stream was refused with 429 and the detail "Too many open streams: at most 1 per client; close one first."
    When the first stream is closed
    Then a client can open the conversation's event stream again

  Scenario: A process holds a bounded number of streams
    Given the API is running with settings:
      | STREAM_MAX_OPEN | 1 |
    When the customer asks "Hello"
    And the message eventually completes
    And a client opens the conversation's event stream
    And a client opens the event stream at "/conversations/{conversation}/events"
    Then the stream was refused with 503 and the detail "This server holds its maximum of 1 open streams; retry shortly."

  Scenario: The OpenAPI document describes the streams and the long-poll
    Given the API is running
    When I send a GET request to "/openapi.json"
    Then the OpenAPI document describes "/messages/{id}/events" as "text/event-stream"
    And the OpenAPI document describes "/conversations/{id}/events" as "text/event-stream"
    And the OpenAPI document lists the query parameter "wait" of "/messages/{id}/updates"

  Scenario: The original's client, posting then polling /updates from http://localhost:3000, works as before
    Given the API is running
    When a page at "http://localhost:3000" posts "How much does roaming in Spain cost?" and polls its updates until the answer
    Then every poll was answered 200 with the CORS header for "http://localhost:3000"
    And the last poll ends with a "completed" update from "RoamingAgent"

  Scenario: A reader that takes nothing is cut off, not buffered for
    Given a scripted model that replies to the customer itself 12 times, with 1000 kB each time
    # One turn of history: otherwise each request to the model carries every earlier 1 MB answer.
    And the API is running against the scripted model with settings:
      | STREAM_SLOW_READER_MS  | 300     |
      | CONVERSATION_MAX_TURNS | 1       |
      | ANSWER_MAX_CHARS       | 1100000 |
    When the customer asks 12 questions, each answered in turn
    And a client opens the conversation's event stream and reads nothing
    Then the API cuts that stream off within 5 seconds
    And the client, reading at last, received less than half of the conversation's 12 MB

  Scenario: A conversation stream resumes exactly when its messages' updates interleave
    Given a scripted model that routes to "billing"
    And the scripted model then answers "Your bill for last month came to 90.00 EUR." once released
    And a scripted model that replies to the customer itself with "Hello again!"
    And the API is running against the scripted model
    When the customer asks "Why was my bill so high last month?"
    And a client opens the conversation's event stream
    And the customer asks "Hello"
    Then the conversation stream shows the receipt of the second message while the first is in progress
    When that client goes away
    And the scripted model is released
    And every message of the conversation has finished
    And a client opens the conversation's event stream again with the id of the last event the first client received
    Then that stream sends exactly the updates the first client had not received, each once, in the conversation's order
