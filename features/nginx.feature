@system @nginx
Feature: nginx in front of the API
  In production (docker compose --profile production) clients reach the API through nginx, which owns
  the edge: security headers, the body limit, request ids, the client's address, rate limiting and
  compression. These scenarios run the project's own nginx.conf with Debian's real nginx, as an
  unprivileged foreground process on 127.0.0.1, in front of the real API. The only change is a
  temporary copy whose upstream is the test API on 127.0.0.1 instead of the compose host `api`
  (which nginx resolves at start-up and which only compose's DNS knows), with its own port, pid,
  logs and temp paths.

  Scenario: the project's nginx.conf is valid for nginx
    Then "nginx -t" accepts the project's nginx.conf with its upstream on 127.0.0.1

  Scenario: requests are proxied to the API
    Given the API is running with settings:
      | TRUST_PROXY | 1 |
    And nginx is proxying to the API
    When a client sends GET "/health" through nginx
    Then nginx answers 200
    And the nginx response is JSON with "status" equal to "healthy"
    And the API received 1 request through nginx

  Scenario: the API's Prometheus metrics are not published through nginx
    Given the API is running with settings:
      | TRUST_PROXY | 1 |
    And nginx is proxying to the API
    When a client sends GET "/metrics" through nginx
    Then nginx answers 404 with a problem document
    And the API received 0 requests through nginx

  Scenario: every response carries the security headers, once
    Given the API is running with settings:
      | TRUST_PROXY | 1 |
    And nginx is proxying to the API
    When a client sends GET "/health" through nginx
    Then the nginx response has these headers, each exactly once:
      | X-Content-Type-Options  | nosniff                         |
      | X-Frame-Options         | DENY                            |
      | X-XSS-Protection        | 0                               |
      | Referrer-Policy         | strict-origin-when-cross-origin |
      | Content-Security-Policy | default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none' |

  Scenario Outline: the documentation pages' scripts are allowed by their Content-Security-Policy
    Given the API is running
    And nginx is proxying to the API
    When a client sends GET "<page>" through nginx
    Then nginx answers 200
    And every script the page loads is allowed by the page's Content-Security-Policy
    And the Content-Security-Policy of the nginx response allows scripts from "<script origin>"

    Examples:
      | page     | script origin      |
      | /docs/   | 'self'             |
      | /redoc   | https://unpkg.com  |
      | /console | 'self'             |

  Scenario: a body over 64 KiB is refused by nginx before it reaches the API
    Given the API is running
    And nginx is proxying to the API
    When a client posts a body of 70000 bytes to "/messages" through nginx
    Then nginx answers 413 with a problem document
    And the API received 0 requests through nginx

  Scenario: a body under 64 KiB passes nginx and the API judges it
    Given the API is running
    And nginx is proxying to the API
    When a client posts a body of 60000 bytes to "/messages" through nginx
    Then nginx answers 422
    And the API received 1 request through nginx

  Scenario: the client's X-Request-Id reaches the API and comes back
    Given the API is running
    And nginx is proxying to the API
    When a client sends GET "/health" through nginx with the request id "client-chose-this.id:42"
    Then nginx answers 200
    And the API received the request id "client-chose-this.id:42"
    And the nginx response header "X-Request-Id" is "client-chose-this.id:42"
    And nginx's access log records the request id "client-chose-this.id:42"

  Scenario: without an X-Request-Id nginx makes one, and the API uses it
    Given the API is running
    And nginx is proxying to the API
    When a client sends GET "/health" through nginx
    Then the API received a request id of 32 hexadecimal digits
    And the nginx response header "X-Request-Id" is the request id the API received
    And nginx's access log records the request id the API received

  Scenario Outline: the API sees the real client's address only when it trusts one proxy hop
    Given the API is running with settings:
      | TRUST_PROXY | <hops> |
    And nginx is proxying to the API
    When a client at 127.0.0.2 sends GET "/health" through nginx claiming "X-Forwarded-For: 203.0.113.9"
    Then the API received the header "X-Forwarded-For" with "203.0.113.9, 127.0.0.2"
    And the API received the header "X-Real-IP" with "127.0.0.2"
    And the API received the header "X-Forwarded-Proto" with "http"
    And the client address the API computed is "<client address>"
    And nginx's access log records the client address "127.0.0.2"

    Examples:
      | hops | client address | note                                                        |
      | 1    | 127.0.0.2      | the real client; the address it claimed is ignored          |
      | 0    | 127.0.0.1      | nginx itself: without trust the headers are not considered |

  Scenario: POST /messages is rate limited per client address, reads are not
    Given the API is running
    And nginx is proxying to the API
    When a client posts 40 messages to "/messages" through nginx at once
    Then at least 20 posts were accepted
    And the other posts were answered 429 with a problem document
    When a client sends GET "/messages" through nginx 40 times
    Then none of those reads was limited

  Scenario: when the API is down nginx answers 502 with a problem document
    Given the API is running
    And nginx is proxying to the API
    When the API behind nginx stops
    And a client sends GET "/health" through nginx
    Then nginx answers 502 with a problem document

  Scenario: JSON responses are compressed for clients that accept gzip
    Given the API is running
    And nginx is proxying to the API
    When a client sends GET "/openapi.json" through nginx accepting gzip
    Then nginx answers 200
    And the nginx response is gzip-compressed JSON

  Scenario: An event stream passes nginx as it is written: each step, the heartbeats, uncompressed
    Given a scripted model that routes to "billing"
    And the scripted model then answers "Your bill for last month came to 90.00 EUR." once released
    And the API is running against the scripted model with settings:
      | STREAM_HEARTBEAT_MS | 100 |
    And nginx is proxying to the API
    When the customer asks "Why was my bill so high last month?"
    And a client accepting gzip opens the message's event stream through nginx
    Then the stream shows the routing to "BillingAgent" while the message is still in progress
    And the stream receives 2 heartbeat comments
    When the scripted model is released
    Then the stream ends after the final update
    And the stream sent every update of the message once, in order
    And the stream came through nginx uncompressed and not to be cached

  Scenario: A quiet event stream outlives the 30 s read timeout that nginx gives other requests
    Given the API is running with settings:
      | STREAM_HEARTBEAT_MS | 300000 |
    And nginx is proxying to the API
    When the customer asks "Hello"
    And the message eventually completes
    And a client opens the conversation's event stream through nginx
    And nothing is sent on it for 32 seconds
    And the customer asks "What is my current plan?"
    Then the stream through nginx brings the new message's answer
