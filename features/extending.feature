@extending
Feature: Adding a domain takes its folder and its entry in the registry
  A developer adds a domain as docs/understanding.md says: a folder under src/domains/ (its agent,
  MCP server, offline answer and language.json) and its import and entry in src/domains/registry.ts,
  nothing else. These scenarios do exactly that to a copy of the project's sources, with the test
  domain in features/data/extension/domains/devices/, and run the copy.

  Scenario: A sixth domain answers from its own MCP tool, its phrase outweighs the plans' words in English and, through its glossary, in Spanish, and it is named in the greeting and the declines
    Given a copy of the project with the "devices" domain added as its folder and its entry in the registry
    When the copy's service is started
    And a customer of the copy asks "Which smartphones do you sell?"
    Then the copy answers by "DevicesAgent", naming "Nimbus X2" and "649.00 EUR"
    When a customer of the copy asks "Can I get a new phone with my current plan?"
    Then the copy answers by "DevicesAgent", naming "Orbit Mini" and "12.46 EUR"
    When a customer of the copy asks "¿Puedo conseguir un móvil nuevo con mi tarifa actual?"
    Then the copy answers by "DevicesAgent", naming "Orbit Mini" and "12.46 EUR"
    When a customer of the copy asks "Hello"
    Then the copy's answer names "the handsets we sell"
    When a customer of the copy asks "Write me a poem about the sea"
    Then the copy's answer names "the handsets we sell"
    When a customer of the copy asks "Why was my bill so high last month?"
    Then the copy answers by "BillingAgent", naming "EUR"

  Scenario: With a sixth domain the other domains' utterances are still routed as the corpus labels them
    Given a copy of the project with the "devices" domain added as its folder and its entry in the registry
    When the copy's offline understander reads every utterance of the routing corpus
    Then the copy routes the routing corpus at least 98 percent right, and the utterances it routes otherwise are reported
