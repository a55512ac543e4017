@contract
Feature: The conversation as a resource, cancellation and erasure
  Operators and clients read a conversation whole (its messages oldest first, with their answers,
  and its support tickets), cancel a message that has not ended, and erase a conversation on the
  customer's request (GDPR Art. 17): its messages, updates, history and the tickets' copy of the chat.

  Scenario: A conversation reads oldest first, with each answer and its agent
    Given the API is running
    When the customer asks "what was my bill last month?"
    And the customer asks "and how much is roaming in Spain?"
    And both messages have finished
    And I send a GET request to the conversation
    Then the response status is 200
    And the conversation lists 2 messages, the first asking "what was my bill last month?" answered by "BillingAgent", the second answered by "RoamingAgent"

  Scenario: A message not yet answered can be cancelled; its processing stops and it ends cancelled
    Given a slow scripted model that replies to the customer itself after 3000 ms, 1 times
    And the API is running against the scripted model
    When the customer asks "Hello"
    And the client cancels that message
    Then the response status is 200
    And the response is JSON with "status" equal to "cancelled"
    And the message's last update is "cancelled" saying "Cancelled at the client’s request before it was answered."
    And the message has exactly one final update
    When the client cancels that message
    Then the response is a problem with status 409 whose detail mentions "has already ended (cancelled)"

  Scenario: Cancelling a finished message is a conflict, an unknown one not found
    Given the API is running
    When the customer asks "what was my bill last month?" and it is answered
    And the client cancels that message
    Then the response is a problem with status 409 whose detail mentions "has already ended (completed)"
    When I send a POST request to "/messages/no-such-message/cancel"
    Then the response is a problem with status 404 and detail "Message with ID no-such-message not found"

  Scenario: Erasing a conversation deletes its messages, history and the tickets' copy of the chat
    Given the API is running
    When the customer asks "let me talk to a real person please"
    And the customer asks "yes"
    And both messages have finished
    And I send a DELETE request to the conversation
    Then the response status is 204
    When I send a GET request to the conversation
    Then the response is a problem with status 404 whose detail mentions "not found"
    And the status of the first message is 404
    And the conversation's ticket no longer holds the chat
    When the customer asks "and in Belgium?"
    Then the answer comes from "PlannerAgent"
    When I send a DELETE request to the conversation
    Then the response status is 204

  Scenario: Another owner's conversation is not found, and erasing its id erases nothing of it
    Given the API is running with API keys
    When alice posts the message "What is my bill?"
    And bob sends GET "/conversations/{the conversation}"
    Then the response is a problem with status 404 whose detail mentions "not found"
    # The same id is another conversation under bob's key: his erasure (idempotent, 204 like any
    # erasure of nothing) reaches only his own.
    When bob sends DELETE "/conversations/{the conversation}"
    Then the response status is 204
    When alice sends GET "/conversations/{the conversation}"
    Then the response status is 200
