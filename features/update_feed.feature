Feature: The update feed the live views learn from
  The event streams and the long-poll learn that an update was recorded only from the UpdateFeed
  (src/store/update-feed.ts), then read the updates themselves from the store. Any feed must behave
  as these scenarios say: the in-memory one here, fed by this process's processor, and one that
  crosses replicas (PostgreSQL LISTEN/NOTIFY) alike.

  Scenario: A subscriber is told of each update recorded from then on: its message, conversation, sequence and finality
    Given the API is running
    And a subscriber to the update feed
    When the customer asks "What is my current plan?"
    And the message eventually completes
    Then the subscriber was told of every update of the message, in order, only the last one final

  Scenario: After unsubscribing, a listener is told of nothing more
    Given the API is running
    And a subscriber to the update feed that unsubscribes at once
    When the customer asks "What is my current plan?"
    And the message eventually completes
    Then the subscriber was told of nothing
