@mcp
Feature: MCP tool servers
  The operator's data (bills, roaming rates, tariff plans, FAQ) is served by four MCP servers.
  Agents reach them in-process or over Streamable HTTP through a client pool; desktop MCP clients
  reach one domain over stdio. Months are relative to today and wrap across year ends.

  Scenario: The MCP host lists every domain's tools over Streamable HTTP
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client lists the tools of each MCP domain endpoint
    Then the MCP domain endpoints list these tools:
      | domain  | tools                                    |
      | billing | get_billing_data                         |
      | roaming | get_roaming_charges, propose_roaming_pack |
      | tariff  | get_current_tariff_plan, get_tariff_plan, propose_plan_change, propose_addon |
      | faq     | search_faq                               |
      | ticket  | raise_support_ticket                     |
    And each MCP domain endpoint lists exactly the tools its domain's agent may call
    And every listed MCP tool has a description and an output schema

  Scenario: Last month's bill over Streamable HTTP
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "get_billing_data" of "billing" with {"month": "2026-10"}
    Then the MCP tool answers the bill for "2026-10" with total 90.00 EUR and these items:
      | description  | amount | note                 |
      | Base charge  | 20.00  |                      |
      | Roaming      | 50.00  | Spain, 21 GB of data |
      | Amazon Prime | 10.00  |                      |
      | Spotify      | 10.00  |                      |
    And the MCP tool's text shows "Total: 90.00"

  Scenario Outline: The MCP billing tool serves the last four months
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "get_billing_data" of "billing" with {"month": "<month>"}
    Then the MCP tool answers a bill totalling <total> EUR

    Examples:
      | month   | total |
      | 2026-10 | 90.00 |
      | 2026-09 | 70.00 |
      | 2026-08 | 40.00 |
      | 2026-07 | 20.00 |
      | October | 90.00 |

  Scenario: The MCP billing tool names the covered months when a month has no bill
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "get_billing_data" of "billing" with {"month": "2026-05"}
    Then the MCP tool answers an error saying "No billing data for 2026-05"
    And the MCP tool's text shows "2026-10, 2026-09, 2026-08, 2026-07"

  Scenario: The MCP tools reject bad input with a readable error
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "get_billing_data" of "billing" with {"month": 42}
    Then the MCP tool answers an error saying "Invalid arguments for tool get_billing_data"
    When an MCP client calls the MCP tool "get_tariff_plan" of "tariff" with {"pricing_structure": "weekly"}
    Then the MCP tool answers an error saying "prepaid"
    And the MCP tool's text shows "flat_rate"

  Scenario Outline: The MCP tools take arguments in the forms real clients send them
    MCP Inspector's CLI sends `--tool-arg month=10` as the number 10; models often quote numbers.
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "<tool>" of "<domain>" with <arguments>
    Then the MCP tool answers <outcome> showing "<shows>"

    Examples:
      | tool                    | domain  | arguments                                  | outcome  | shows                             |
      | get_billing_data        | billing | {"month": 10}                              | data     | Bill for 2026-10 (October 2026)   |
      | get_billing_data        | billing | {"month": "9"}                             | data     | Bill for 2026-09 (September 2026) |
      | get_billing_data        | billing | {"month": "august"}                        | data     | Bill for 2026-08 (August 2026)    |
      | get_billing_data        | billing | {"month": 11}                              | an error | No billing data for 2025-11       |
      | get_roaming_charges     | roaming | {"country": "Spain", "month": 8}           | data     | Roaming charges for 2026-08       |
      | get_roaming_charges     | roaming | {"country": "Romania", "month": "07"}      | data     | Roaming charges for 2026-07       |
      | get_tariff_plan         | tariff  | {"pricing_structure": "tiered"}            | data     | StepUp 5G Tiered                  |
      | get_current_tariff_plan | tariff  | {}                                         | data     | FlexiConnect 4G Prepaid           |
      | search_faq              | faq     | {"query": "esim activation", "limit": "1"} | data     | eSIM                              |
      | search_faq              | faq     | {"query": 5, "limit": 3}                   | data     | No FAQ entry matches              |

  Scenario: The MCP tools publish each argument's accepted forms in their input schema
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client lists the tools of each MCP domain endpoint
    Then the input schema of "get_billing_data" accepts "month" as a string or an integer from 1 to 12
    And the input schema of "get_roaming_charges" accepts "month" as a string or an integer from 1 to 12
    And the input schema of "search_faq" accepts "limit" as a string or an integer from 1 to 10
    And the input schema of "search_faq" accepts "query" as a string or a number

  Scenario: The MCP tools refuse numbers out of range with a readable error
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "get_billing_data" of "billing" with {"month": "13"}
    Then the MCP tool answers an error saying "is not a month"
    When an MCP client calls the MCP tool "search_faq" of "faq" with {"query": "esim", "limit": "11"}
    Then the MCP tool answers an error saying "Invalid arguments for tool search_faq"

  Scenario: Roaming rates per country over Streamable HTTP
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "get_roaming_charges" of "roaming" with {"country": "sPaIn"}
    Then the MCP tool answers the roaming charges for "2026-10":
      | country | data_gb | price |
      | Spain   | 3       | 5.99  |
    When an MCP client calls the MCP tool "get_roaming_charges" of "roaming" with {"country": "Romania", "month": "2026-08"}
    Then the MCP tool answers the roaming charges for "2026-08":
      | country | data_gb | price |
      | Romania | 1       | 1.99  |
    When an MCP client calls the MCP tool "get_roaming_charges" of "roaming" with {"month": "2026-09"}
    Then the MCP tool answers the roaming charges for "2026-09":
      | country | data_gb | price |
      | Romania | 1       | 3.99  |
      | Spain   | 3       | 5.99  |
      | Belgium | 2       | 4.99  |

  Scenario: The MCP roaming tool lists the covered countries for an uncovered one
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "get_roaming_charges" of "roaming" with {"country": "France"}
    Then the MCP tool answers an error saying "No roaming rates for"
    And the MCP tool's text shows "France"
    And the MCP tool's text shows "Romania, Spain, Belgium"

  Scenario: Tariff plans over Streamable HTTP
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "get_current_tariff_plan" of "tariff" with {}
    Then the MCP tool answers these tariff plans:
      | name                    | pricing_structure | price | validity | minutes | data                          | sms | add_ons                         |
      | FlexiConnect 4G Prepaid | prepaid           | 14.99 | 28 days  | 300     | 10 GB (fair use, no rollover) | 100 | Data Booster 5GB 4.99 (7 days) |
    When an MCP client calls the MCP tool "get_tariff_plan" of "tariff" with {"pricing_structure": "hybrid"}
    Then the MCP tool answers these tariff plans:
      | name            | pricing_structure | price | validity | minutes | data             | sms | add_ons                                            |
      | HybridSaver 5G+ | hybrid            | 29.99 | 30 days  | 600     | 25 GB (rollover) | 250 | Weekend Unlimited 5G 4.99; Extra Talktime 300 3.49 |
    When an MCP client calls the MCP tool "get_tariff_plan" of "tariff" with {"pricing_structure": "flat_rate"}
    Then the MCP tool answers these tariff plans:
      | name                 | pricing_structure | price | validity | minutes              | data                 | sms       | add_ons                          |
      | UnlimitedMax 5G Flat | flat_rate         | 59.99 | 1 month  | unlimited (fair use) | unlimited (fair use) | unlimited | International Roaming Pack 14.99 |

  Scenario: The MCP FAQ search finds the best answer with a score
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    When an MCP client calls the MCP tool "search_faq" of "faq" with {"query": "how do I activte my esim", "limit": 2}
    Then the MCP FAQ search answers "esim-activate" first, with a positive score
    When an MCP client calls the MCP tool "search_faq" of "faq" with {"query": "what is the weather tomorrow"}
    Then the MCP FAQ search answers no matches

  Scenario: One domain over stdio for desktop MCP clients
    Given the MCP billing server is running over stdio
    When the stdio MCP client calls "get_billing_data" for last month
    Then the MCP tool answers a bill totalling 90.00 EUR

  Scenario: The MCP client pool reuses one session for all calls
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    And an MCP client pool pointing every domain at the MCP host with a timeout of 5000 ms
    When the MCP client pool calls "get_billing_data" with {"month": "2026-10"}
    And the MCP client pool calls "get_billing_data" with {"month": "2026-09"}
    And the MCP client pool calls "get_billing_data" with {"month": "2026-08"}
    Then the MCP tool answers a bill totalling 40.00 EUR
    And the MCP host has 1 open session
    And the MCP client pool sent every billing request in 1 MCP session

  Scenario: The MCP client pool reconnects after the MCP host restarts
    Given the MCP host is serving over Streamable HTTP with today being 2026-11-20
    And an MCP client pool pointing every domain at the MCP host with a timeout of 5000 ms
    When the MCP client pool calls "get_billing_data" with {"month": "2026-10"}
    And the MCP host is stopped
    Then the MCP client pool call "get_billing_data" with {"month": "2026-10"} fails with "The billing tool server is unavailable"
    When the MCP host is started again on the same port
    And the MCP client pool calls "get_billing_data" with {"month": "2026-10"}
    Then the MCP tool answers a bill totalling 90.00 EUR
    And the MCP client pool sent every billing request in 2 MCP sessions

  Scenario: The MCP client pool gives up on a tool server that does not answer in time
    Given an MCP billing server whose tools never answer
    And an MCP client pool pointing billing at that silent MCP server with a timeout of 300 ms
    When the MCP client pool calls "get_billing_data" with {"month": "2026-10"} and it fails
    Then the MCP client pool failure says "The billing tool server is unavailable: no answer within 300 ms"
    And the MCP client pool failed within 3000 ms

  Scenario: The MCP billing tool wraps across the year end
    Given an in-process MCP client pool with today being 2027-01-15
    When the MCP client pool calls "get_billing_data" with {"month": "2026-12"}
    Then the MCP tool answers a bill totalling 90.00 EUR
    When the MCP client pool calls "get_billing_data" with {"month": "December"}
    Then the MCP tool answers the bill for "2026-12" with total 90.00 EUR and these items:
      | description  | amount | note                 |
      | Base charge  | 20.00  |                      |
      | Roaming      | 50.00  | Spain, 21 GB of data |
      | Amazon Prime | 10.00  |                      |
      | Spotify      | 10.00  |                      |
    When the MCP client pool calls "get_billing_data" with {"month": "2026-09"}
    Then the MCP tool answers a bill totalling 20.00 EUR
    When the MCP client pool calls "get_billing_data" with {"month": "2027-01"}
    Then the MCP tool answers an error saying "2026-12, 2026-11, 2026-10, 2026-09"
