@fuzz
Feature: Fuzzing the HTTP API
  Thousands of malformed and hostile requests, sent as raw bytes over real HTTP (random JSON, wrong
  types, huge and deeply nested bodies, invalid UTF-8, odd and oversized headers, path tricks,
  unicode, broken framing): the API answers each with a client error or a success, never a 5xx,
  never hangs, never crashes, and serves customers normally afterwards.

  Scenario: 2400 hostile requests get no 5xx, and the API stays healthy
    When the API under fuzz is running
    And a fuzzer sends 2400 malformed and hostile requests over raw HTTP
    Then none was answered with a 5xx and none went unanswered, and the API is still healthy
