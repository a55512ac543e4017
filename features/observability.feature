@observability
Feature: Observability: one trace per message, logs that name it, metrics
  An operator follows one customer message from its HTTP request through the worker, the planner,
  the agent, each MCP tool call and each model call as one trace; finds that trace from the
  message's status and from every log line written for it; and reads the service's metrics.
  The service runs as its own process with the OpenTelemetry preload, exporting over OTLP gRPC to
  a receiver inside the test.

  Background:
    Given an OTLP receiver is listening

  Scenario: A billing question is one trace, with the MCP servers in-process
    Given the service runs with tracing on
    When a customer asks the traced service "Why was my bill so high last month?"
    Then the receiver gets the message's trace, in which:
      | span                        | service    | kind     | parent                    | link       |
      | POST /messages              | semker-api | server   |                           | root       |
      | message.process             | semker-api | internal | POST /messages            | child      |
      | invoke_agent PlannerAgent   | semker-api | internal | message.process           | child      |
      | invoke_agent BillingAgent   | semker-api | internal | invoke_agent PlannerAgent | child      |
      | tools/call get_billing_data | semker-api | client   | invoke_agent BillingAgent | child      |
    And the span "invoke_agent PlannerAgent" has the attribute "semker.route.agent" = "BillingAgent"
    And the span "tools/call get_billing_data" has the attribute "semker.tool.outcome" = "ok"
    And every span of the message's processing carries its message id and conversation id
    And no span carries the customer's words or the answer
    And the http and express instrumentations applied, and the SDK warned of nothing

  Scenario: With the planner in a worker thread, the trace continues across the thread boundary
    Given the service runs with tracing on, with the planner in a worker thread
    When a customer asks the traced service "Why was my bill so high last month?"
    Then the receiver gets the message's trace, in which:
      | span                        | service    | kind     | parent                    | link       |
      | POST /messages              | semker-api | server   |                           | root       |
      | message.process             | semker-api | internal | POST /messages            | child      |
      | invoke_agent PlannerAgent   | semker-api | internal | message.process           | child      |
      | invoke_agent BillingAgent   | semker-api | internal | invoke_agent PlannerAgent | child      |
      | tools/call get_billing_data | semker-api | client   | invoke_agent BillingAgent | child      |
    And every span of the message's processing carries its message id and conversation id
    And the http and express instrumentations applied, and the SDK warned of nothing

  Scenario: With the MCP server over Streamable HTTP, its spans continue the message's trace
    Given the MCP host runs as its own process with tracing on
    And the service runs with tracing on, reaching the billing MCP server over HTTP
    When a customer asks the traced service "Why was my bill so high last month?"
    Then the receiver gets the message's trace, in which:
      | span                        | service    | kind     | parent                      | link       |
      | POST /messages              | semker-api | server   |                             | root       |
      | message.process             | semker-api | internal | POST /messages              | child      |
      | invoke_agent PlannerAgent   | semker-api | internal | message.process             | child      |
      | invoke_agent BillingAgent   | semker-api | internal | invoke_agent PlannerAgent   | child      |
      | tools/call get_billing_data | semker-api | client   | invoke_agent BillingAgent   | child      |
      | POST                        | semker-api | client   | tools/call get_billing_data | child      |
      | POST /billing/mcp           | semker-mcp | server   | POST                        | child      |
    And no span carries the customer's words or the answer

  Scenario: Each model call is a GenAI span under the agent that made it
    Given a scripted model that routes to billing, calls get_billing_data for last month and answers "Your bill for last month was higher because of roaming charges in Spain."
    And the service runs with tracing on, answering with the scripted model
    When a customer asks the traced service "Why was my bill so high last month?"
    Then the receiver gets the message's trace, in which:
      | span                        | service    | kind     | parent                    | link  |
      | chat gpt-4o-mini            | semker-api | client   | invoke_agent PlannerAgent | child |
      | invoke_agent BillingAgent   | semker-api | internal | invoke_agent PlannerAgent | child |
      | chat gpt-4o-mini            | semker-api | client   | invoke_agent BillingAgent | child |
      | tools/call get_billing_data | semker-api | client   | invoke_agent BillingAgent | child |
      | POST                        | semker-api | client   | chat gpt-4o-mini          | child |
    And the model call spans follow the GenAI semantic conventions:
      | gen_ai.operation.name | chat        |
      | gen_ai.provider.name  | openai      |
      | gen_ai.system         | openai      |
      | gen_ai.request.model  | gpt-4o-mini |
    And no span carries the customer's words or the answer

  Scenario: A failure marks the spans with the reason
    Given the service runs with tracing on, with the billing MCP server unreachable
    When a customer asks the traced service "Why was my bill so high last month?"
    Then the message failed
    And the span "tools/call get_billing_data" failed with a reason containing "billing tool server is unavailable"
    And the span "tools/call get_billing_data" has the attribute "semker.tool.outcome" = "unavailable"
    And the span "message.process" failed with a reason containing "billing"

  Scenario: The status names the trace, and /metrics shows the service's counters
    Given the service runs with tracing on
    When a customer asks the traced service "How much does roaming in Spain cost?"
    Then its status names the trace the receiver got
    And its /metrics answers Prometheus text with:
      | semker_messages_accepted_total                                        |
      | semker_messages_completed_total{agent="RoamingAgent"}                 |
      | semker_message_duration_bucket                                        |
      | semker_queue_depth                                                    |
      | semker_messages_in_flight                                             |
      | http_server_request_duration_count{http_route="/messages/:id/status"} |
    And the receiver gets its metrics over OTLP

  Scenario: Token usage counted in a planner thread reaches the API's /metrics
    Given a scripted model that routes to billing, calls get_billing_data for last month and answers "Your bill was higher because of roaming."
    And the service runs with tracing on, answering with the scripted model in a worker thread
    When a customer asks the traced service "Why was my bill so high last month?"
    Then its /metrics answers Prometheus text with:
      | gen_ai_client_token_usage_count{gen_ai_token_type="input"}  |
      | gen_ai_client_token_usage_count{gen_ai_token_type="output"} |
      | semker_messages_completed_total{agent="BillingAgent"}        |

  Scenario: Every log line written for a message carries its trace
    Given the MCP host runs as its own process with tracing on
    And the service runs with tracing on, reaching the billing MCP server over HTTP
    When a customer asks the traced service "Why was my bill so high last month?"
    Then every log line it wrote for the message carries the message's trace id and one of its span ids

  Scenario: With tracing off there is no trace id and no /metrics
    Given the API is running
    When the customer asks "How much does roaming in Spain cost?"
    Then its status has no trace id
    When I send a GET request to "/metrics"
    Then the response status is 404
