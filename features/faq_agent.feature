@agents
Feature: FAQ agent
  General questions are answered from the help centre's knowledge base through the FAQ MCP server.

  Background:
    Given the API is running with the offline engine on "2026-11-21"

  @smoke
  Scenario: Activating an eSIM
    When the customer asks "How do I activate an eSIM?"
    Then the answer comes from "FaqAgent"
    And the updates show a call to the tool "search_faq"
    And the answer contains "QR code"

  Scenario Outline: Help-centre questions in the customers' own words
    When the customer asks "<question>"
    Then the answer comes from "FaqAgent"
    And the answer contains "<words>"

    Examples:
      | question                                   | words          |
      | Can I keep my number if I switch to you?   | porting code   |
      | how do i pay my bill by direct debit       | direct debit   |
