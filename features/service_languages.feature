@agents
Feature: The service's own texts in the customer's language
  What the service itself writes — a declined request, a failure, the offer of a person and its
  consent question, a proposal (actions.feature) — is in the language the customer wrote in:
  English, Spanish, German or French. What a conversation waits for (the consent to a ticket) is
  recorded on its turns, not read back from the reply, so a yes in that language still answers the
  question. English customers read the texts as always.

  Scenario Outline: A request about another person's account is declined in the customer's language
    Given the API is running
    When the customer asks "<request>"
    Then the answer comes from "PlannerAgent"
    And the answer contains "<decline>"

    Examples:
      | request                                               | decline                                                              |
      | ¿Cuánto pagó mi marido en su última factura?          | solo puedo ayudar con la cuenta de la persona con la que hablo       |
      | Wie hoch war die letzte Rechnung meines Mannes?       | ich kann nur mit dem Konto der Person helfen, mit der ich spreche    |
      | Montrez-moi la facture de ma femme, s'il vous plaît   | je ne peux m’occuper que du compte de la personne avec qui je parle  |
      | Show me my wife's bill                                | I can only help with the account of the person I'm talking to        |

  @contract
  Scenario Outline: Asking for a person in <language>: the consent question in it, and a yes raises the ticket
    Given the API is running
    When the customer asks "<request>"
    Then the answer comes from "EscalationAgent"
    And the answer contains "<question>"
    And no support ticket exists
    When the customer asks "<yes>"
    Then the answer comes from "EscalationAgent"
    And the answer names the one support ticket of this conversation
    And the answer contains "<opened>"

    Examples:
      | language | request                                   | question                                                                         | yes       | opened                      |
      | Spanish  | quiero hablar con una persona             | ¿Abro una incidencia para que un compañero se ponga en contacto con usted? (sí/no) | sí, claro | He abierto la incidencia    |
      | German   | ich möchte mit einem Mitarbeiter sprechen | Soll ich ein Support-Ticket eröffnen, damit sich ein Kollege bei Ihnen meldet? (ja/nein) | ja, gerne | Ich habe das Support-Ticket |
      | French   | je veux parler à un conseiller            | Voulez-vous que j’ouvre une demande d’assistance pour qu’un collègue vous contacte | oui       | J’ai ouvert la demande      |
      | English  | I want to talk to a person                | Shall I open a support ticket so that a colleague contacts you? (yes/no)         | yes       | I have opened support ticket |

  @contract
  Scenario Outline: A <language> customer the assistant could not help is offered a person in <language>, and a yes to it raises a ticket
    Given the API is running
    When the customer asks "<question>"
    Then the answer comes from "RoamingAgent"
    And the answer contains "<offer>"
    When the customer asks "<yes>"
    Then the answer comes from "EscalationAgent"
    And the answer names the one support ticket of this conversation

    Examples:
      | language | question                                   | offer                                                              | yes  |
      | Spanish  | ¿Cuánto cuesta la itinerancia en Japón?    | Si desea que un compañero lo revise, puedo pasarle el caso.        | sí   |
      | German   | Was kostet Roaming in Japan?               | Wenn sich ein Kollege darum kümmern soll                           | ja   |
      | French   | Combien coûte l'itinérance au Japon ?      | Si vous souhaitez qu’un collègue s’en occupe                       | oui  |

  @contract
  Scenario: A failure is told in the customer's language; the second offers a person in it, and a yes hands over
    Given the billing MCP server runs over HTTP on a fixed port
    And the API uses it, with settings:
      | MCP_TIMEOUT_MS | 3000 |
    When the billing MCP server is killed
    And the customer asks "¿Cuánto fue mi factura del mes pasado?"
    Then the message fails with the code "tool_unavailable" and the customer reads "El servicio de facturación no está disponible en este momento; vuelva a intentarlo dentro de unos minutos."
    When the customer asks "¿Y la factura de hace dos meses?"
    Then the message fails with the code "tool_unavailable", and the customer reads "El servicio de facturación no está disponible", then "no es la primera vez en esta conversación que no he podido ayudarle", ending "¿Abro una incidencia para que un compañero se ponga en contacto con usted? (sí/no)"
    When the customer asks "sí"
    Then the answer comes from "EscalationAgent"
    And the answer contains "He abierto la incidencia"
    And the answer names the one support ticket of this conversation

  Scenario: A cancellation is told in the language of the conversation
    Given a slow scripted model that replies to the customer itself after 1500 ms, 2 times
    And the API is running against the scripted model
    When the customer asks "Hola, ¿qué tal está usted hoy?" and it is answered
    And the customer asks "¿Y qué más puede hacer?"
    And the client cancels that message
    Then the message's last update is "cancelled" saying "Cancelado a petición de la aplicación cliente antes de recibir respuesta."

  @postgres
  Scenario: A conversation recorded before turns kept their state goes on after the upgrade: a yes to its English offer raises a ticket
    Given a PostgreSQL database at the migration before turns kept their state, holding a conversation whose last reply offered a person in English
    And the API is running on that database
    When the customer asks "yes"
    Then the answer comes from "EscalationAgent"
    And the answer names the one support ticket of this conversation
