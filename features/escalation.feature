@agents @contract
Feature: Hand-over to a person, with the customer's consent
  EscalationAgent hands a conversation over to a person with a support ticket (the ticket domain's
  MCP tool raise_support_ticket), only with the customer's consent: it asks first, and raises the
  ticket only after a yes in the next turn, in any language the engine reads. Operators read the
  tickets at /tickets.

  Background:
    Given the API is running

  Scenario: Asking for a person gets the consent question, and a yes raises a ticket with the conversation
    When the customer asks "I've had enough, let me talk to an actual human about my bill"
    Then the answer comes from "EscalationAgent"
    And the answer contains "Shall I open a support ticket so that a colleague contacts you? (yes/no)"
    And no support ticket exists
    When the customer asks "yes please"
    Then the answer comes from "EscalationAgent"
    And the answer names the one support ticket of this conversation
    And that ticket's copy of the chat holds "let me talk to an actual human about my bill"
    And the updates show a call to the tool "raise_support_ticket"

  Scenario Outline: A yes in <language> raises the ticket
    When the customer asks "<request>"
    Then the answer comes from "EscalationAgent"
    When the customer asks "<yes>"
    Then the answer names the one support ticket of this conversation

    Examples:
      | language | request                                      | yes        |
      | Spanish  | quiero hablar con una persona                | sí, claro  |
      | German   | ich möchte mit einem Mitarbeiter sprechen    | ja, gerne  |
      | French   | je veux parler à un conseiller               | oui        |

  Scenario Outline: An angry customer is offered a person, whatever the anger is about
    When the customer asks "<message>"
    Then the answer comes from "EscalationAgent"
    And the answer contains "Shall I open a support ticket so that a colleague contacts you? (yes/no)"

    Examples:
      | message                                                             |
      | this is absolutely ridiculous, third time my bill is wrong, im furious |
      | I'm fed up with your useless service, nobody ever sorts anything out |

  Scenario: A no returns to normal service and raises nothing
    When the customer asks "can somebody from your staff call me back"
    Then the answer comes from "EscalationAgent"
    When the customer asks "no thanks"
    Then the answer comes from "EscalationAgent"
    And the answer contains "I won't open a ticket"
    When the customer asks "what was my bill last month?"
    Then the answer comes from "BillingAgent"
    And no support ticket exists

  Scenario: When the assistant could not help, it offers a person, and a yes raises a ticket
    When the customer asks "what was my bill in march 2025?"
    Then the answer comes from "BillingAgent"
    And the answer contains "No billing data for 2025-03"
    And the answer contains "Shall I open a support ticket so that a colleague contacts you? (yes/no)"
    When the customer asks "yes"
    Then the answer comes from "EscalationAgent"
    And the answer names the one support ticket of this conversation

  Scenario: The second failure in a conversation offers a person, and a yes hands over what failed
    Given the billing MCP server runs over HTTP on a fixed port
    And the API uses it, with settings:
      | MCP_TIMEOUT_MS | 3000 |
    When the billing MCP server is killed
    And the customer asks "What was my bill last month?"
    Then the message fails with the code "tool_unavailable" and the customer reads "The billing service is not reachable right now; please try again in a few minutes."
    When the customer asks "And the bill two months ago?"
    Then the message fails with the code "tool_unavailable" and the customer reads the offer of a person after "The billing service is not reachable right now"
    When the customer asks "yes"
    Then the answer comes from "EscalationAgent"
    And the answer names the one support ticket of this conversation
    And that ticket's copy of the chat holds "And the bill two months ago?"
    And that ticket's copy of the chat holds "The billing service is not reachable right now"

  Scenario: An answer with no data counts too: the first failure after it offers a person
    Given the billing MCP server runs over HTTP on a fixed port
    And the API uses it, with settings:
      | MCP_TIMEOUT_MS | 3000 |
    When the customer asks "How much does roaming in Japan cost?"
    Then the answer comes from "RoamingAgent"
    And the answer contains "Shall I open a support ticket so that a colleague contacts you? (yes/no)"
    When the billing MCP server is killed
    And the customer asks "What was my bill last month?"
    Then the message fails with the code "tool_unavailable" and the customer reads the offer of a person after "The billing service is not reachable right now"

  Scenario: After a no, it takes two new failures before a person is offered again
    Given the billing MCP server runs over HTTP on a fixed port
    And the API uses it, with settings:
      | MCP_TIMEOUT_MS | 3000 |
    When the billing MCP server is killed
    And the customer asks, in turn:
      | What was my bill last month?     |
      | And the bill two months ago?     |
    And the customer asks "no thanks"
    Then the answer comes from "EscalationAgent"
    And the answer contains "I won't open a ticket"
    When the customer asks "What was my bill three months ago?"
    Then the message fails with the code "tool_unavailable" and the customer reads "The billing service is not reachable right now; please try again in a few minutes."
    When the customer asks "What was my bill four months ago?"
    Then the message fails with the code "tool_unavailable" and the customer reads the offer of a person after "The billing service is not reachable right now"
    And no support ticket exists

  Scenario: On a model too, the second failure offers a person, and a yes raises the ticket
    Given a scripted model that first fails with status 503
    And the scripted model then fails with status 503
    And the scripted model then routes to "ticket" and then calls "raise_support_ticket" with '{"chat_history": "Customer: What was my bill last month?\nCustomer: yes", "consent": true, "consent_response": "yes"}'
    And the scripted model then answers "I have opened your support ticket; a colleague will contact you."
    And the API is running against the scripted model
    When the customer asks "What was my bill last month?"
    Then the message fails with the code "model_unavailable" and the customer reads "The assistant is not reachable right now; please try again in a few minutes."
    When the customer asks "What was my bill two months ago?"
    Then the message fails with the code "model_unavailable" and the customer reads the offer of a person after "The assistant is not reachable right now"
    When the customer asks "yes"
    Then the answer comes from "EscalationAgent"
    And the updates show a call to the tool "raise_support_ticket"
    And the one support ticket belongs to this conversation, whatever the model wrote

  Scenario: An answer the tools could give offers nothing
    When the customer asks "what was my bill last month?"
    Then the answer comes from "BillingAgent"
    And the answer does not contain "support ticket"

  Scenario: A yes that answers no question is not consent
    When the customer asks "yes"
    Then the answer does not contain "support ticket"
    And no support ticket exists

  Scenario: The ticket tool refuses without consent and creates nothing
    When the ticket tool is called through the API's own MCP client with consent false
    Then the tool answers an error saying "has not consented"
    And no support ticket exists

  Scenario: With API keys, tickets are for admin keys
    Given the API is running with API keys
    When ops sends GET "/tickets"
    Then the response status is 200
    When alice sends GET "/tickets"
    Then the response is a problem with status 403 whose detail mentions "admin key"
    When ops sends GET "/tickets/TCK-NOSUCH"
    Then the response is a problem with status 404 and detail "Ticket with ID TCK-NOSUCH not found"
