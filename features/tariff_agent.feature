@agents
Feature: Tariff agent
  Customers ask about their plan and the others; TariffAgent answers from the tariff MCP server.

  Background:
    Given the API is running with the offline engine on "2026-11-21"

  @smoke
  Scenario: The customer's current plan
    When the customer asks "What is my current plan?"
    Then the answer comes from "TariffAgent"
    And the updates show a call to the tool "get_current_tariff_plan"
    And the answer has a table with the columns "Plan, Type, Price (EUR), Validity, Minutes, Data, SMS, Add-ons (EUR)"
    And the table has a row "FlexiConnect 4G Prepaid | prepaid | 14.99 | 28 days | 300 | 10 GB (fair use, no rollover) | 100 | Data Booster 5GB 4.99 (7 days)"

  Scenario Outline: A plan by its pricing structure
    When the customer asks "<question>"
    Then the answer comes from "TariffAgent"
    And the updates show a call to the tool "get_tariff_plan"
    And the answer contains "<plan>"
    And the answer contains "<price>"

    Examples:
      | question                                | plan                 | price |
      | Do you have a flat rate plan?           | UnlimitedMax 5G Flat | 59.99 |
      | show me postpaid plans                  | SmartConnect 5G Max  | 49.99 |
      | what tiered tarifs are there            | StepUp 5G Tiered     | 34.99 |
      | Tell me about your hybrid plan          | HybridSaver 5G+      | 29.99 |

  Scenario: Every plan, with the customer's own marked
    When the customer asks "which plans do you offer"
    Then the answer comes from "TariffAgent"
    And the answer contains "(your plan)"
    And the answer contains "UltraFlex 5G Prepaid"
    And the answer contains "StepUp 5G Tiered"
