@resilience
Feature: Resilience
  The model and the MCP servers fail, slow down and come back. Model calls are retried with back-off
  where a retry can help; a circuit breaker per upstream makes messages fail fast with a clear
  reason while it is down and closes again once it answers; no message stays in progress past its
  deadline; a shutdown under load loses no accepted message silently.

  Scenario: A model rate limit (429) is retried after the Retry-After it asked for
    Given the model first answers 429 with Retry-After 1 second, then greets
    And the API runs against that model with settings:
      | LLM_MAX_RETRIES | 2 |
    When the customer says "Hello there" and it finishes
    Then it completed
    And it took at least 950 ms
    And the model was asked 2 times in all

  Scenario: Server errors are retried up to LLM_MAX_RETRIES
    Given the model answers these statuses in turn: "500, 503"
    And the model then greets
    And the API runs against that model with settings:
      | LLM_MAX_RETRIES | 2 |
    When the customer says "Hello there" and it finishes
    Then it completed
    And the model was asked 3 times in all

  Scenario: Other client errors (400) are not retried
    Given the model answers these statuses in turn: "400"
    And the API runs against that model with settings:
      | LLM_MAX_RETRIES | 2 |
    When the customer says "Hello there" and it finishes
    Then it failed with the code "model_unavailable", its log line giving the reason "400 Bad Request"
    And the model was asked 1 time in all

  Scenario: While the model is down, messages fail fast; a probe closes the circuit when it answers
    Given the model answers these statuses in turn: "503, 503"
    And the API runs against that model with settings:
      | LLM_MAX_RETRIES              | 0   |
      | CIRCUIT_BREAKER_THRESHOLD    | 2   |
      | CIRCUIT_BREAKER_HALF_OPEN_MS | 400 |
    When the customer says "Hello there" and it finishes
    Then it failed with the code "model_unavailable", its log line giving the reason "503 Service Unavailable"
    When the customer says "Hello there" and it finishes
    Then it failed with the code "model_unavailable", its log line giving the reason "503 Service Unavailable"
    When the customer says "Hello there" and it finishes
    Then it failed with the code "model_unavailable", its log line giving the reason "failed 2 times in a row, so messages fail fast"
    And the model was asked 2 times in all
    Given the model then greets
    When the circuit has had time to probe again (500 ms)
    And the customer says "Hello there" and it finishes
    Then it completed
    And the model was asked 3 times in all

  Scenario: An MCP server killed mid-run: messages fail with a reason, then fail fast, and succeed once it is back
    Given the billing MCP server runs over HTTP on a fixed port
    And the API uses it, with settings:
      | CIRCUIT_BREAKER_THRESHOLD    | 2    |
      | CIRCUIT_BREAKER_HALF_OPEN_MS | 400  |
      | MCP_TIMEOUT_MS               | 3000 |
    When the customer says "What was my bill last month?" and it finishes
    Then it completed
    When the billing MCP server is killed
    And the customer says "What was my bill two months ago?" and it finishes
    Then it failed with the code "tool_unavailable", its log line giving the reason "The billing tool server is unavailable"
    And the customer read "The billing service is not reachable right now; please try again in a few minutes."
    When the customer says "What was my bill three months ago?" and it finishes
    Then it failed with the code "tool_unavailable", its log line giving the reason "The billing tool server is unavailable"
    When the customer says "What was my bill last month?" and it finishes
    Then it failed with the code "tool_unavailable", its log line giving the reason "calls fail fast until it answers again"
    And it took less than 1000 ms
    When the billing MCP server is started again on the same port
    And the circuit has had time to probe again (500 ms)
    And the customer says "What was my bill last month?" and it finishes
    Then it completed
    And no message is left unfinished

  Scenario: An MCP server killed while a message calls it: that message fails with a reason, later ones succeed once it is back
    Given the billing MCP server runs over HTTP behind a pass-through the test controls
    And the API reaches it through the pass-through, with settings:
      | MCP_TIMEOUT_MS | 3000 |
    When the customer says "What was my bill last month?" and it finishes
    Then it completed
    When the billing MCP server will be killed while the next tool call is on its way
    And the customer says "What was my bill two months ago?" and it finishes
    Then it failed with the code "tool_unavailable", its log line giving the reason "The billing tool server is unavailable"
    And it took less than 3000 ms
    When the billing MCP server is started again on the same port
    And the customer says "What was my bill three months ago?" and it finishes
    Then it completed
    And no message is left unfinished

  Scenario: An MCP server that answers outside its published contract fails the message, telling the customer plainly
    Given a billing MCP server over HTTP whose answers break its published output schema
    When the customer says "What was my bill last month?" and it finishes
    Then it failed with the code "tool_contract", its log line giving the reason "answered without the data its output schema promises"
    And the customer read "The billing service gave an answer we could not read. It has been reported; please try again later."

  Scenario: A message whose model never answers fails at its deadline
    Given the model greets only after 5000 ms
    And the API runs against that model with settings:
      | MESSAGE_TIMEOUT_MS | 300 |
      | LLM_MAX_RETRIES    | 0   |
    When the customer says "Hello there" and it finishes
    Then it failed with the code "deadline_exceeded", its log line giving the reason "longer than the 300 ms limit"
    And the customer read "Answering took too long and was stopped. Please try again in a moment."
    And it took less than 2000 ms
    And no message is left unfinished

  Scenario: A shutdown under load loses no accepted message silently
    Given the model greets 400 times, each after 20 ms
    And the API runs against that model with settings:
      | WORKER_CONCURRENCY | 4  |
      | SHUTDOWN_GRACE_MS  | 50 |
      | LLM_MAX_RETRIES    | 0  |
      | RATE_LIMIT_MAX     | 0  |
    When 400 messages are posted at once and the service shuts down after the first 150 are accepted
    Then every accepted message ended completed or failed with the code "shutting_down", and the rest were refused with 503
    And no message is left unfinished

  Scenario: The HTTP server's keep-alive outlasts nginx's, and its timeouts are the configured ones
    Then the API's default keep-alive timeout outlasts nginx's upstream keepalive_timeout
    Given the API is running
    Then a keep-alive response from the API announces a timeout of 5 seconds

  Scenario Outline: A model server that answers 200 with <response> fails the message as a model error
    Given the model answers a 200 with <response>
    And the API runs against that model with settings:
      | LLM_MAX_RETRIES | 0 |
    When the customer says "Hello there" and it finishes
    Then it failed with the code "model_error", its log line giving the reason "<reason>"
    And the customer read "The assistant could not put together a usable answer this time. Please try again, or ask in other words."
    And the model was asked 1 time in all

    Examples:
      | response                     | reason                                                                |
      | no choices                   | answered with a malformed completion (choices: Invalid input          |
      | an empty choices list        | answered with a malformed completion (choices: Too small              |
      | a truncated JSON body        | answered with a body that is not valid JSON                           |
      | a non-JSON body              | answered with a body that is not a JSON completion                    |
      | a number for the content     | answered with a malformed completion (choices.0.message.content       |
      | tool calls that are a string | answered with a malformed completion (choices.0.finish_reason         |
