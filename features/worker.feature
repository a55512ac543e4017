@contract
Feature: The worker's limits: queue, concurrency, order, deadline and shutdown
  Messages are processed in the background under limits a production service needs, and every
  accepted message ends completed or failed with a reason. A slow scripted model stands in for
  a slow upstream, so that the limits are reached for real.

  @memory
  Scenario: A full queue answers 503 with Retry-After, and loses nothing it accepted
    Given a slow scripted model that replies to the customer itself after 400 ms, 2 times
    And the API is running against the scripted model with settings:
      | QUEUE_CAPACITY     | 1 |
      | WORKER_CONCURRENCY | 1 |
    When the customer asks "Hello" in conversation "queue-a"
    And the customer asks "Hello" in conversation "queue-b"
    And I post the message "Hello" with conversation id "queue-c"
    Then the response is a problem with status 503 whose detail mentions "queue is full"
    And the response header "retry-after" is "1"
    And every message has finished
    When I send a GET request to "/messages?status=completed"
    Then the response has "total_messages" equal to "2"

  Scenario: Messages of different conversations are processed in parallel
    Given a slow scripted model that replies to the customer itself after 300 ms, 3 times
    And the API is running against the scripted model with settings:
      | WORKER_CONCURRENCY | 4 |
    When the customer asks "Hi" in conversation "parallel-a"
    And the customer asks "Hi" in conversation "parallel-b"
    And the customer asks "Hi" in conversation "parallel-c"
    And every message has finished
    Then the scripted model had 3 requests at once

  Scenario: Messages of one conversation are processed one at a time, in order
    Given a slow scripted model that replies to the customer itself after 150 ms, 3 times
    And the API is running against the scripted model with settings:
      | WORKER_CONCURRENCY | 4 |
    When the customer asks "Hi" in conversation "serial"
    And the customer asks "Hello again" in conversation "serial"
    And the customer asks "Anyone there?" in conversation "serial"
    And every message has finished
    Then the scripted model never had more than 1 request at once
    And each request to the scripted model carried the answer given just before it

  Scenario: A message past its deadline fails with the reason
    Given a slow scripted model that replies to the customer itself after 3000 ms, 1 times
    And the API is running against the scripted model with settings:
      | MESSAGE_TIMEOUT_MS | 200 |
    When the customer asks "Hello"
    Then the message fails with the code "deadline_exceeded" and the customer reads "Answering took too long and was stopped. Please try again in a moment."
    And the message fails and its log line gives the reason "longer than the 200 ms limit (MESSAGE_TIMEOUT_MS)"

  @memory
  Scenario: On shutdown, in-flight messages finish within the grace period
    Given a slow scripted model that replies to the customer itself after 200 ms, 2 times
    And the API is running against the scripted model with settings:
      | WORKER_CONCURRENCY | 1 |
    When the customer asks "Hello" in conversation "grace-a"
    And the customer asks "Hello" in conversation "grace-b"
    And the service begins shutting down with a grace period of 5000 ms
    Then posting a message is refused with 503 while it drains
    And the service is not ready while it drains
    When the shutdown completes
    Then every message of the scenario ended "completed"

  @memory
  Scenario: On shutdown, what cannot finish in time fails with the code "shutting_down"
    Given a slow scripted model that replies to the customer itself after 3000 ms, 2 times
    And the API is running against the scripted model with settings:
      | WORKER_CONCURRENCY | 1 |
    When the customer asks "Hello" in conversation "late-a"
    And the customer asks "Hello" in conversation "late-b"
    And the service begins shutting down with a grace period of 100 ms
    When the shutdown completes
    Then every message of the scenario ended "failed" with the code "shutting_down"
