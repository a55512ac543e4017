@agents
Feature: Roaming agent
  Customers ask what using their phone abroad costs; RoamingAgent answers from the roaming MCP server.

  Background:
    Given the API is running with the offline engine on "2026-11-21"

  @smoke
  Scenario: Roaming in Spain
    When the customer asks "How much does roaming in Spain cost?"
    Then the answer comes from "RoamingAgent"
    And the updates show the routing decision to "RoamingAgent"
    And the updates show a call to the tool "get_roaming_charges"
    And the answer has a table with the columns "Country, Data included, Price (EUR)"
    And the table has a row "Spain | 3 GB | 5.99"

  Scenario: Romania's price three months ago
    When the customer asks "roaming prices in romania 3 months ago"
    Then the answer comes from "RoamingAgent"
    And the answer contains "August 2026"
    And the table has a row "Romania | 1 GB | 1.99"

  Scenario: Every covered country when none is named
    When the customer asks "What roaming packages do you offer?"
    Then the answer comes from "RoamingAgent"
    And the table has a row "Romania | 1 GB | 3.99"
    And the table has a row "Spain | 3 GB | 5.99"
    And the table has a row "Belgium | 2 GB | 4.99"

  Scenario: A country without roaming rates says which countries have them
    When the customer asks "What are the roaming charges in Japan?"
    Then the answer comes from "RoamingAgent"
    And the answer contains "No roaming rates for \"Japan\""
    And the answer contains "Romania, Spain, Belgium"

  @smoke @contract
  Scenario: A follow-up about another country
    When the customer asks, in turn:
      | How much does roaming in Spain cost? |
      | and in Belgium?                      |
    Then the answer comes from "RoamingAgent"
    And the table has a row "Belgium | 2 GB | 4.99"

  @contract
  Scenario: A follow-up does not carry over another topic's month
    When the customer asks, in turn:
      | What was my bill two months ago?     |
      | How much does roaming in Spain cost? |
      | and in Belgium?                      |
    Then the answer comes from "RoamingAgent"
    And the answer contains "October 2026"
    And the table has a row "Belgium | 2 GB | 4.99"
