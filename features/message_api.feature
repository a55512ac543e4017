@contract
Feature: Message API
  A client posts a customer's message, gets an id at once, and follows its processing
  through its updates and status until the agent's answer is there.

  Background:
    Given the API is running

  @smoke
  Scenario: Submit a message for processing
    When I post the message "What is my bill?" with conversation id "test-123"
    Then the response status is 201
    And the response has "status" equal to "received"
    And the response has a message id, a received_at time and a Location to its status

  @smoke
  Scenario: A message's updates end in its answer
    When the customer asks "Why was my bill so high last month?"
    Then the message eventually completes
    And its updates are numbered from 1, oldest first, and the first one is the receipt
    And every update has a processed_at time
    And the updates pass through "inprogress" before "completed"

  Scenario: Status of a processed message
    When the customer asks "How much does roaming in Spain cost?"
    Then the message eventually completes
    And its status shows the content, the conversation, the agent and when it completed

  Scenario: Only the updates after a sequence number
    When the customer asks "What is my current plan?"
    Then the message eventually completes
    And asking for the updates after 1 returns only the updates numbered from 2
    And asking for the updates after the last one returns an empty list

  @smoke
  Scenario: List messages with their total
    When the customer asks "Hello" in conversation "list-a"
    And the customer asks "What is my bill?" in conversation "list-b"
    And the customer asks "How do I port my number?" in conversation "list-a"
    Then listing the messages shows a total of 3, newest first

  Scenario: Pagination of the message list
    Given 5 messages were sent in conversation "paged"
    When I send a GET request to "/messages?page=2&page_size=2"
    Then the response status is 200
    And the response has "total_messages" equal to "5"
    And the response has "page" equal to "2"
    And the response has "page_size" equal to "2"
    And the page lists the 3rd and 4th newest messages

  Scenario: Filtering the message list by conversation and status
    Given 2 messages were sent in conversation "filter-a"
    And 1 messages were sent in conversation "filter-b"
    And every message has finished
    When I send a GET request to "/messages?conversation_id=filter-a&status=completed"
    Then the response status is 200
    And the response has "total_messages" equal to "2"
    And every listed message belongs to "filter-a" and is "completed"
    When I send a GET request to "/messages?status=failed"
    Then the response has "total_messages" equal to "0"
