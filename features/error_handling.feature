Feature: Error handling
  Every error is an RFC 9457 problem document with a detail a person can act on; no input
  produces a 500, a stack trace or a hang, and every response carries a request id.

  Background:
    Given the API is running

  @smoke
  Scenario: Missing conversation id header
    When I post the message "What is my bill?" without a conversation id header
    Then the response is a problem with status 400 and detail "Missing required header: x-ms-conversation-id"

  Scenario Outline: Invalid conversation id header
    When I post the message "What is my bill?" with conversation id "<id>"
    Then the response is a problem with status 400 whose detail mentions "Invalid header x-ms-conversation-id"

    Examples:
      | id                  |
      | has spaces          |
      | semi;colon          |
      | ümlaut              |

  Scenario: A conversation id longer than 128 characters
    When I post the message "Hi" with a conversation id of 129 characters
    Then the response is a problem with status 400 whose detail mentions "Invalid header x-ms-conversation-id"

  Scenario Outline: A problem response carries no ETag; a cacheable 200 does
    When I send a <method> request to "<path>"
    Then the response status is <status>
    And the response has no header "ETag"

    Examples:
      | method | path                                   | status |
      | GET    | /messages/unknown-id/status            | 404    |
      | GET    | /messages?page_size=1000               | 422    |
      | GET    | /no-such-route                         | 404    |
      | DELETE | /messages                              | 405    |

  @smoke @contract
  Scenario Outline: Unknown message
    When I ask for the <what> of the unknown message "<id>"
    Then the response is a problem with status 404 and detail "Message with ID {id} not found"

    Examples:
      | what    | id                                   |
      | status  | 00000000-0000-4000-8000-000000000000 |
      | updates | 00000000-0000-4000-8000-000000000000 |
      | status  | not-a-uuid                           |
      | updates | ..%2F..%2Fetc%2Fpasswd               |

  Scenario Outline: Invalid message body
    When I post the body '<body>' as "application/json"
    Then the response is a problem with status 422 whose detail mentions "body"
    And the problem lists an error at "<path>"

    Examples:
      | body                   | path         |
      | {}                     | body.message |
      | {"message": ""}        | body.message |
      | {"message": "   "}     | body.message |
      | {"message": 42}        | body.message |
      | {"message": null}      | body.message |
      | {"text": "hello"}      | body.message |
      | []                     | body         |

  Scenario: A message longer than the limit
    When I post a message of 10001 characters
    Then the response is a problem with status 422 whose detail mentions "at most 10000 characters"
    And the problem lists an error at "body.message"

  @contract
  Scenario: A message at the limit is accepted
    When I post a message of 10000 characters
    Then the response status is 201

  Scenario Outline: Malformed JSON
    When I post the body '<body>' as "application/json"
    Then the response is a problem with status 400 and detail "The request body is not valid JSON."

    Examples:
      | body                  |
      | {"message": "hi"      |
      | not json              |
      | "just a string"       |

  Scenario: A body over the size limit
    When I post a body of 70000 bytes
    Then the response is a problem with status 413 whose detail mentions "65536-byte limit"

  Scenario Outline: A body that is not JSON
    When I post the body '<body>' as "<type>"
    Then the response is a problem with status 415 whose detail mentions "must be JSON"

    Examples:
      | body                | type                              |
      | message=hi          | application/x-www-form-urlencoded |
      | hi                  | text/plain                        |
      | {"message": "hi"}   | application/json; charset=latin1  |

  Scenario: An unknown route
    When I send a GET request to "/nowhere"
    Then the response is a problem with status 404 whose detail mentions "No route matches GET /nowhere"

  Scenario Outline: A method a route does not serve
    When I send a <method> request to "<path>"
    Then the response is a problem with status 405 whose detail mentions "is not allowed"
    And the response header "allow" is "<allow>"

    Examples:
      | method | path                                        | allow     |
      | DELETE | /messages                                   | GET, POST |
      | PUT    | /messages/00000000-0000-4000-8000-0000/status | GET     |
      | POST   | /health                                     | GET       |

  Scenario Outline: An invalid list query
    When I send a GET request to "/messages?<query>"
    Then the response is a problem with status 422 whose detail mentions "query"
    And the problem lists an error at "<path>"

    Examples:
      | query              | path                  |
      | page=0             | query.page            |
      | page=abc           | query.page            |
      | page_size=101      | query.page_size       |
      | page_size=0        | query.page_size       |
      | status=done        | query.status          |
      | conversation_id=%20 | query.conversation_id |

  Scenario: An invalid updates query
    When I send a GET request to "/messages/00000000-0000-4000-8000-000000000000/updates?after=-1"
    Then the response is a problem with status 422 whose detail mentions "query"
    And the problem lists an error at "query.after"

  @smoke
  Scenario: A sane request id is echoed
    When I send a GET request to "/health" with headers:
      | x-request-id | trace-abc.123 |
    Then the response header "x-request-id" is "trace-abc.123"

  Scenario: A request id is generated when none or an insane one is sent
    When I send a GET request to "/health" with headers:
      | x-request-id | <script>alert(1)</script> |
    Then the response has a generated request id
    When I send a GET request to "/nowhere"
    Then the response has a generated request id
    And the problem's request_id is the response's request id
