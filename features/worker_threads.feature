@contract
Feature: The planner in worker threads (WORKER_THREADS)
  With WORKER_THREADS > 0 the planner, its engine and MCP clients run in worker threads; the HTTP
  front door, the queue and the stores stay on the main thread, which hands each message its
  conversation's history (so on PostgreSQL the threads see the history every replica shares). The
  behaviour seen through the API is the same: answers, follow-ups in one conversation, the tickets
  a thread raises (written to the service's ticket store), deadlines and shutdown.

  Scenario: A threaded planner answers, with its steps, and understands a follow-up
    Given the API is running with settings:
      | WORKER_THREADS | 1 |
    When the customer asks, in turn:
      | How much does roaming in Spain cost? |
      | and in Belgium?                      |
    Then the answer comes from "RoamingAgent"
    And the table has a row "Belgium | 2 GB | 4.99"
    And the updates show a call to the tool "get_roaming_charges"

  Scenario: Conversations spread over two threads keep their own history
    Given the API is running with settings:
      | WORKER_THREADS | 2 |
    When the customer asks "How much does roaming in Spain cost?" in conversation "thread-a"
    And the customer asks "What was my bill two months ago?" in conversation "thread-b"
    And the customer asks "and in Belgium?" in conversation "thread-a"
    And every message has finished
    Then every message of the scenario ended "completed"

  Scenario: A ticket raised in a thread is the service's: /tickets lists it, with the conversation
    Given the API is running with settings:
      | WORKER_THREADS | 1 |
    When the customer asks "I want to talk to a human"
    Then the answer comes from "EscalationAgent"
    When the customer asks "yes"
    Then the answer comes from "EscalationAgent"
    And the answer names the one support ticket of this conversation
    And that ticket's copy of the chat holds "I want to talk to a human"

  Scenario: A threaded message past its deadline fails with the reason
    Given a slow scripted model that replies to the customer itself after 3000 ms, 1 times
    And the API is running against the scripted model with settings:
      | WORKER_THREADS     | 1   |
      | MESSAGE_TIMEOUT_MS | 200 |
    When the customer asks "Hello"
    Then the message fails and its log line gives the reason "longer than the 200 ms limit (MESSAGE_TIMEOUT_MS)"

  @memory
  Scenario: On shutdown, what a thread cannot finish in time fails with the code "shutting_down"
    Given a slow scripted model that replies to the customer itself after 3000 ms, 2 times
    And the API is running against the scripted model with settings:
      | WORKER_THREADS     | 1 |
      | WORKER_CONCURRENCY | 1 |
    When the customer asks "Hello" in conversation "late-a"
    And the customer asks "Hello" in conversation "late-b"
    And the service begins shutting down with a grace period of 100 ms
    When the shutdown completes
    Then every message of the scenario ended "failed" with the code "shutting_down"

  Scenario: A thread that dies fails its message with a reason, and a new thread answers the next one
    Given a slow scripted model that replies to the customer itself after 500 ms, 2 times
    And the API is running against the scripted model with settings:
      | WORKER_THREADS | 1 |
    When the customer asks "Hello" in conversation "crash"
    And the planner's thread dies while the message is being answered
    Then the message fails with the code "internal" and the customer reads "Something went wrong on our side while answering. It has been reported; please try again."
    And the message fails and its log line gives the reason "The planner thread stopped"
    When the customer asks "Hello again" in conversation "crash"
    Then the answer comes from "PlannerAgent"
    And the answer contains "Answer number"
