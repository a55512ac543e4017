Feature: Customers and identity
  Every conversation belongs to the signed-in customer, and each customer sees only their own
  account: who the customer is comes from a verified token (or a trusted channel), the same
  conversation id under two customers is two conversations, and the tools read the account of the
  customer the platform names, whatever a model writes.

  @contract
  Scenario: Two customers each see only their own bill, in the same conversation id
    Given the API is running with customer sign-in
    When "cust-00001" asks "What was my bill last month?" in conversation "shared"
    And "cust-00002" asks "What was my bill last month?" in conversation "shared"
    Then the answer "cust-00001" read shows their own total for last month and not the one of "cust-00002"
    And the answer "cust-00002" read shows their own total for last month and not the one of "cust-00001"
    And GET "/customers/me" as "cust-00002" names "cust-00002" with their plan

  @contract
  Scenario: Each customer's conversation stream carries only their own messages
    Given the API is running with customer sign-in
    When "cust-00001" asks "What was my bill last month?" in conversation "shared"
    And "cust-00002" asks "What was my bill last month?" in conversation "shared"
    Then the stream of conversation "shared" as "cust-00001" carries their own answer and nothing of "cust-00002"
    And the stream of conversation "shared" as "cust-00002" carries their own answer and nothing of "cust-00001"

  @contract
  Scenario: Another customer's message and conversation are not found on any route
    Given the API is running with customer sign-in
    When "cust-00001" asks "What was my bill last month?" in conversation "private"
    Then "cust-00002" gets 404 for the message and the conversation "private" on every route
    And "cust-00002" lists no message of the conversation "private"
    And "cust-00001" reads the conversation "private" with its answer
    When "cust-00002" erases the conversation "private"
    Then the response status is 204
    And "cust-00001" reads the conversation "private" with its answer

  @contract
  Scenario Outline: A bad customer token is refused with 401, never answered as someone
    Given the API is running with customer sign-in
    When GET "/customers/me" is sent with <token>
    Then the response is a problem with status 401 whose detail mentions "<detail>"
    And the response header "www-authenticate" is present

    Examples:
      | token                                        | detail               |
      | a token signed with another secret           | signature            |
      | an expired token                             | expired              |
      | an unsigned token (alg none)                 | not a valid signed   |
      | a token for another audience                 | aud claim            |
      | a token from another issuer                  | iss claim            |
      | a token without an expiry                    | exp claim            |
      | a token signed with the right secret as RS256 | not a valid signed  |

  Scenario: A token accepted before is refused with 401 once it has expired
    Given the API is running with customer sign-in
    When GET "/customers/me" is sent with the token of "cust-00001" that expires in 2 seconds
    Then the response status is 200
    When GET "/customers/me" is sent with that token again once it has expired
    Then the response is a problem with status 401 whose detail mentions "expired"

  Scenario: A token signed with the identity provider's private key is accepted with its PEM public key
    Given the API is running with customer tokens verified by an EdDSA public key
    When GET "/customers/me" is sent with the EdDSA-signed token of "cust-00003"
    Then the response status is 200
    And the response names the customer "cust-00003"

  Scenario: x-customer-id is accepted only from a trusted channel
    Given the API is running with customer sign-in and these keys:
      | API_KEYS         | app:app-key-0123456789abcdef       |
      | TRUSTED_API_KEYS | bridge:bridge-key-0123456789abcdef |
    When GET "/customers/me" is sent with the key "app-key-0123456789abcdef" and x-customer-id "cust-00003"
    Then the response is a problem with status 403 whose detail mentions "trusted channel"
    When GET "/customers/me" is sent with the key "bridge-key-0123456789abcdef" and x-customer-id "cust-00003"
    Then the response status is 200
    And the response names the customer "cust-00003"

  Scenario: Without a customer, optional identity acts for the demo customer and required identity answers 401
    Given the API is running with customer sign-in
    When I send a GET request to "/customers/me"
    Then the response status is 200
    And the response names the customer "demo"
    Given the API is running with customer sign-in and these keys:
      | CUSTOMER_IDENTITY | required |
    When I send a GET request to "/customers/me"
    Then the response is a problem with status 401 whose detail mentions "signed-in customer is required"

  Scenario: A model that puts another customer's id into the tool arguments reads nothing of theirs
    Given a scripted model that routes to "billing" and then calls "get_billing_data" with '{"month": "<last month>", "customer_id": "cust-00002", "customer": "cust-00002"}'
    And the scripted model then answers "Here is the bill."
    And the API is running against the scripted model with customer sign-in
    When "cust-00001" asks "What was my bill last month?" in conversation "model"
    Then the tool results the scripted model received show the bill of "cust-00001" and nothing of "cust-00002"

  Scenario: The standalone MCP host serves a named customer only to the platform's token holder
    Given the MCP host runs with a platform token
    Then an MCP client without the token is refused with 401
    And an MCP client with the token that names no customer gets a tool error
    And an MCP client with the token that names "cust-00001" reads their own bill

  Scenario: Requests about another person's account are declined politely, with no figure
    Given the API is running with customer sign-in
    When "cust-00003" asks each of these, in one conversation, the answer declines without a figure:
      | message                                                                  |
      | My brother asked me to check how much his last bill was                  |
      | Necesito saber el consumo de roaming de mi hermana en Francia            |
      | Können Sie mir die letzte Rechnung von meinem Vater zeigen?              |
      | Quelle est la facture de mon fils pour le mois dernier ?                 |
      | What plan is the customer with number 0044 7700 900 456 on?              |
      | Please look up account 88213 and tell me the balance                     |
      | Je suis la femme de Marc, combien a-t-il payé ce mois-ci ?               |
      | and what about my girlfriend's?                                          |
    And "cust-00003" asks "What was my bill last month?" in conversation "own"
    Then the answer "cust-00003" read shows their own total for last month and not the one of "cust-00001"

  Scenario: In a demonstration a visitor may act as a demo customer, and nowhere else
    Given the API is running
    When GET "/customers/me" is sent with x-demo-customer "cust-00002"
    Then the response status is 200
    And the response names the customer "cust-00002"
    When GET "/customers/me" is sent with x-demo-customer "someone-real"
    Then the response is a problem with status 403 whose detail mentions "demo customer"
    Given the API is running with customer sign-in
    When GET "/customers/me" is sent with x-demo-customer "cust-00002"
    Then the response is a problem with status 403 whose detail mentions "do not sign in"

  @system @browser
  Scenario: The console lets a visitor pick a demo customer, and switching starts a new conversation
    Given the API is running
    And the console is open in Chromium for a visitor
    When the visitor picks the demo customer "cust-00002" in the console
    Then the console says the visitor is "cust-00002" with their plan
    When the visitor asks "What was my bill last month?" in the console
    Then the console's answer shows the total for last month of "cust-00002"
    When the visitor picks the demo customer "cust-00001" in the console
    Then the console says the visitor is "cust-00001" with their plan
    And the console's conversation is empty
    When the visitor asks "What was my bill last month?" in the console
    Then the console's answer shows the total for last month of "cust-00001"
