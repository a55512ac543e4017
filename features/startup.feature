Feature: Start-up and shutdown of the service process
  The service reads its settings once and refuses to start on a bad one, naming it; on
  SIGTERM or SIGINT it stops accepting, finishes what it can, and exits cleanly.

  Scenario: A bad setting stops start-up with a message naming the variable
    When the service is started with the settings:
      | PORT | eighty |
    Then it exits with code 2
    And its error output names "PORT" and says "must be a whole number"

  Scenario: Every bad setting is named at once
    When the service is started with the settings:
      | WORKER_CONCURRENCY | 0    |
      | LOG_LEVEL          | loud |
      | LLM_PROVIDER       | azure |
    Then it exits with code 2
    And its error output names "WORKER_CONCURRENCY" and says "must be at least 1"
    And its error output names "LOG_LEVEL" and says "Invalid option"
    And its error output names "AZURE_OPENAI_ENDPOINT" and says "is required when LLM_PROVIDER=azure"

  Scenario: A DATABASE_URL that is not PostgreSQL's is named, its password never shown
    When the service is started with the settings:
      | DATABASE_URL       | mysql://semker:hunter2-secret@db:3306/semker |
      | DATABASE_POOL_SIZE | 0                                            |
    Then it exits with code 2
    And its error output names "DATABASE_URL" and says "must be a postgres:// or postgresql:// URL"
    And its error output names "DATABASE_POOL_SIZE" and says "must be at least 1"
    And its error output does not contain "hunter2-secret"

  Scenario: Unless HOST is set, the service listens on this machine only and says where its console and docs are
    When the service is started without HOST, with the settings:
      | PORT | 0 |
    Then its start-up line names the bind address "127.0.0.1", the console and the docs
    And it cannot be reached at this machine's network addresses

  @smoke
  Scenario Outline: The process answers, then shuts down cleanly on <signal>
    When the service is started with the settings:
      | PORT | 0 |
    Then it logs that it listens, and answers a customer's message
    When it receives <signal>
    Then it exits with code 0
    And it logged that it stopped

    Examples:
      | signal  |
      | SIGTERM |
      | SIGINT  |

  Scenario: On SIGTERM the open event streams end cleanly, and the process exits within the grace period
    When the service is started with the settings:
      | PORT              | 0    |
      | SHUTDOWN_GRACE_MS | 3000 |
    Then it logs that it listens, and answers a customer's message
    When a client follows that conversation's event stream on the service
    And it receives SIGTERM
    Then the client's event stream ends cleanly
    And it exits with code 0 within 3 seconds
