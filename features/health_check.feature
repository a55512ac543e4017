@contract
Feature: Health, readiness and documentation
  Operators and load balancers see whether the service lives and is ready; developers find
  the API documented where the original documented it.

  Background:
    Given the API is running

  @smoke
  Scenario: Health check
    When I send a GET request to "/health"
    Then the response status is 200
    And the response has "status" equal to "healthy"
    And the health shows the version, the time and the uptime
    And the response has "checks.worker" equal to "accepting"

  @smoke
  Scenario: Ready when the worker accepts work and every MCP server answers
    When I send a GET request to "/ready"
    Then the response status is 200
    And the response has "status" equal to "ready"
    And the response has "checks.billing" equal to "ok"
    And the response has "checks.roaming" equal to "ok"
    And the response has "checks.tariff" equal to "ok"
    And the response has "checks.faq" equal to "ok"

  Scenario Outline: The root and /swagger lead to the docs
    When I send a GET request to "<path>"
    Then the response status is 302
    And the response header "location" is "/docs"

    Examples:
      | path     |
      | /        |
      | /swagger |

  Scenario: Swagger UI
    When I send a GET request to "/docs/"
    Then the response status is 200
    And the response is an HTML page that loads "swagger-ui"

  @system @browser
  Scenario: Swagger UI's Try it out sends one message after another, as filled in
    Given Swagger UI is open in Chromium
    When in Swagger UI I try out "POST /messages" with the message "What is my current plan?"
    Then Swagger UI shows the response 201 for "POST /messages"
    When in Swagger UI I try out "POST /messages" with the message "How much does roaming in Spain cost?"
    Then Swagger UI shows the response 201 for "POST /messages"
    And Swagger UI sent no Idempotency-Key, and the two messages were both answered in one conversation
    And a screenshot of Swagger UI "swagger-try-it-out" is saved

  Scenario: ReDoc
    When I send a GET request to "/redoc"
    Then the response status is 200
    And the response is an HTML page that loads "redoc"
    And the response header "content-security-policy" allows scripts from "https://unpkg.com"

  @smoke
  Scenario: The OpenAPI document describes every endpoint
    When I send a GET request to "/openapi.json"
    Then the response status is 200
    And the response has "openapi" equal to "3.1.0"
    And the document describes "post" "/messages" with responses "201, 400, 401, 409, 413, 415, 422, 429, 503"
    And the document describes "get" "/messages" with responses "200, 422"
    And the document describes "get" "/messages/{id}/updates" with responses "200, 304, 404, 422"
    And the document describes "get" "/messages/{id}/status" with responses "200, 304, 404"
    And the document describes "get" "/health" with responses "200"
    And the document describes "get" "/ready" with responses "200, 503"
    And the document describes "post" "/messages/{id}/cancel" with responses "200, 404, 409"
    And the document describes "get" "/conversations/{id}" with responses "200, 404, 422"
    And the document describes "delete" "/conversations/{id}" with responses "204"
    And the document describes "get" "/tickets" with responses "200, 403, 422"
    And the document describes "get" "/tickets/{id}" with responses "200, 403, 404"

  Scenario: The OpenAPI document states the limits the configuration sets
    Given the API is running with settings:
      | IDEMPOTENCY_TTL_MS | 3600000 |
      | MAX_MESSAGE_LENGTH | 500     |
    When I send a GET request to "/openapi.json"
    Then the document's Idempotency-Key header of "post" "/messages" says "for 1 h (IDEMPOTENCY_TTL_MS)"
    And the document's Idempotency-Key header of "post" "/messages" allows at most 255 characters

  Scenario: The documented example message works as documented
    When I post the documented example message
    Then the response status is 201
    And the message eventually completes
