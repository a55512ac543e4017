@agents
Feature: Billing agent
  Customers ask about their bills; BillingAgent answers with the operator's own figures from the
  billing MCP server: a sentence saying what the table shows, then the table.

  Background:
    Given the API is running with the offline engine on "2026-11-21"

  @smoke
  Scenario: Why was last month's bill so high
    When the customer asks "Why was my bill so high last month?"
    Then the answer comes from "BillingAgent"
    And the updates show the routing decision to "BillingAgent"
    And the updates show a call to the tool "get_billing_data"
    And the answer starts with a sentence about "October 2026"
    And the answer has a table with the columns "Item, Amount (EUR), Note"
    And the table has a row "Roaming | 50.00 | Spain, 21 GB of data"
    And the table has a row "**Total** | **90.00** |"
    And the answer contains "20.00 EUR more than in September 2026"

  Scenario Outline: Bills of the last four months, however the month is said
    When the customer asks "<question>"
    Then the answer comes from "BillingAgent"
    And the answer contains "<month>"
    And the table has a row "**Total** | **<total>** |"

    Examples:
      | question                                    | month          | total |
      | what did i pay last month                   | October 2026   | 90.00 |
      | Show me my bill from two months ago         | September 2026 | 70.00 |
      | how much was my biil in august?             | August 2026    | 40.00 |
      | My invoice for 2026-07 please               | July 2026      | 20.00 |

  Scenario: A month without a bill says which months have one
    When the customer asks "Show me my bill for March"
    Then the answer comes from "BillingAgent"
    And the answer contains "No billing data for 2026-03"
    And the answer contains "Bills are available for the last four months: 2026-10, 2026-09, 2026-08, 2026-07"

  Scenario: Last month is counted across the year end
    Given the API is running with the offline engine on "2027-01-10"
    When the customer asks "What was my bill last month?"
    Then the answer comes from "BillingAgent"
    And the answer contains "December 2026"
    And the table has a row "**Total** | **90.00** |"

  Scenario: A follow-up about the month before
    When the customer asks, in turn:
      | What was my bill last month? |
      | and the month before?        |
    Then the answer comes from "BillingAgent"
    And the answer contains "September 2026"
    And the table has a row "Amazon Prime | 40.00 | includes two movie purchases"
