Feature: The web console at /console
  A chat over the API, served by the API itself: a customer types a message, watches each step of
  its processing arrive from the conversation's event stream, and reads the answer. The browser
  scenarios (@system @browser) drive Debian's real Chromium, headless, through playwright-core;
  their screenshots are kept in reports/screenshots/.

  Scenario: The console is served by the API with a strict Content-Security-Policy
    Given the API is running
    When I send a GET request to "/console"
    Then the response status is 200
    And the console page loads only its own script and stylesheet, and has no inline script or style
    And the console's Content-Security-Policy allows no inline script, no eval and no other origin
    And the console's script is served by the API

  Scenario: The console is open even when the API wants keys; the API behind it is not
    Given the API is running with API keys
    When I send a GET request to "/console"
    Then the response status is 200
    When I send a GET request to "/messages"
    Then the response status is 401

  @system @browser
  Scenario: Ask, watch the steps stream in, then read the answer's table
    Given a scripted model that routes to "billing" and then calls "get_billing_data" with '{"month": "<last month>"}'
    And the scripted model then answers, once released:
      """
      Your bill for last month came to 90.00 EUR; the table shows each line item.

      | Item | Amount (EUR) |
      | --- | --- |
      | Roaming | 50.00 |
      | Total | 90.00 |
      """
    And the API is running against the scripted model
    And the console is open in Chromium
    When I send "Why was my bill so high last month?" from the console
    Then the console shows the steps while the answer is pending: routing to "BillingAgent" and a call to "get_billing_data"
    And a screenshot "steps-streaming" is saved
    When the scripted model is released
    Then the console shows the answer with a table of the columns "Item, Amount (EUR)"
    And the message's steps are folded away, one click from view
    And the console showed each update of the message once
    And a screenshot "answer-with-table" is saved

  @system @browser
  Scenario: A follow-up is answered in the same conversation
    Given the API is running
    And the console is open in Chromium
    When I send "How much does roaming in Spain cost?" from the console
    Then the console shows an answer containing "Spain"
    When I send "and in Belgium?" from the console
    Then the console shows an answer containing "Belgium"
    And the log holds 2 messages, both in the console's conversation
    And a screenshot "follow-up" is saved

  @system @browser
  Scenario: "New conversation" starts afresh
    Given the API is running
    And the console is open in Chromium
    When I send "What is my current plan?" from the console
    Then the console shows an answer containing "FlexiConnect"
    When I click "New conversation"
    Then the console's log is empty and the textbox "Message" has the focus
    When I send "How much does roaming in Spain cost?" from the console
    Then the console shows an answer containing "Spain"
    And the two messages were posted in two different conversations

  @system @browser
  Scenario: Markup in a message is shown as text and never runs
    Given the API is running
    And the console is open in Chromium
    When I send "<img src=x onerror=alert(1)>" from the console
    Then the console shows the answer
    And my message reads "<img src=x onerror=alert(1)>" as text
    And the log holds no image, script or event-handler attribute, and no dialog was opened
    And a screenshot "markup-as-text" is saved

  @system @browser
  Scenario: Markup in an answer is sanitized; its Markdown still renders
    Given a scripted model that replies to the customer itself with "**Hello!** <img src=x onerror=alert(1)><script>alert(2)</script> [docs](javascript:alert(3))"
    And the API is running against the scripted model
    And the console is open in Chromium
    When I send "Hi" from the console
    Then the console shows an answer containing "Hello!"
    And the answer has bold text "Hello!"
    And the log holds no image, script or event-handler attribute, and no dialog was opened
    And no link of the log points at "javascript:"

  @system @browser
  Scenario: A failure is shown plainly
    Given a scripted model that first fails with status 400
    And the API is running against the scripted model
    And the console is open in Chromium
    When I send "Why was my bill so high last month?" from the console
    Then the console shows the failure as an alert starting with "Failed:"
    And a screenshot "failure" is saved

  @system @browser
  Scenario: Asking for a person: the consent question with its answers as buttons, a yes, and the ticket id highlighted
    Given the API is running
    And the console is open in Chromium
    When I send "I want to talk to a human" from the console
    Then the console shows an answer containing "Shall I open a support ticket so that a colleague contacts you? (yes/no)"
    And under the question the console offers the answers "Yes" and "No"
    And a screenshot "consent-question" is saved
    When I answer "Yes" with its button
    Then my message reads "yes"
    And the console shows the id of the conversation's one support ticket, highlighted
    And the log offers no answers to a question any more
    And a screenshot "ticket-raised" is saved

  @system @browser
  Scenario: After the second failure the console offers a person under the failure, and a yes raises the ticket
    Given the billing MCP server runs over HTTP on a fixed port
    And the API uses it, with settings:
      | MCP_TIMEOUT_MS | 3000 |
    And the console is open in Chromium
    When the billing MCP server is killed
    And I send "What was my bill last month?" from the console
    Then the console shows the failure as an alert starting with "Failed:"
    And the log offers no answers to a question any more
    When I send "What was my bill two months ago?" from the console
    Then the console shows the failure as an alert starting with "Failed:"
    And under the question the console offers the answers "Yes" and "No"
    And a screenshot "failure-offers-a-person" is saved
    When I answer "Yes" with its button
    Then the console shows the id of the conversation's one support ticket, highlighted

  @system @browser
  Scenario: The server restarts mid-stream; the page resumes without losing or repeating a step
    Given a scripted model that routes to "billing" and then calls "get_billing_data" with '{"month": "<last month>"}'
    And the scripted model then answers "Your bill for last month came to 90.00 EUR." once released
    And the API is running against the scripted model
    And the console is open in Chromium
    When I send "Why was my bill so high last month?" from the console
    Then the console shows the steps while the answer is pending: routing to "BillingAgent" and a call to "get_billing_data"
    When the API's HTTP server restarts
    And the scripted model is released
    Then the console shows an answer containing "90.00 EUR"
    And the console showed each update of the message once
    And the console reconnected with the Last-Event-ID of the last event it had received
    And the console says it is live
    And a screenshot "resumed-after-restart" is saved

  @system @browser
  Scenario: An empty conversation offers example questions; a click sends one
    Given the API is running
    And the console is open in Chromium
    Then the console offers the example questions "Why was my bill so high last month?", "How much does roaming in Spain cost?" and "What is my current plan?"
    And a screenshot "examples" is saved
    When I click the example question "How much does roaming in Spain cost?"
    Then my message reads "How much does roaming in Spain cost?"
    And the console shows an answer containing "Spain"
    And the console offers no example questions
    When I click "New conversation"
    Then the console offers the example questions "Why was my bill so high last month?", "How much does roaming in Spain cost?" and "What is my current plan?"
    When I click the example question "What is my current plan?"
    Then the console shows an answer containing "FlexiConnect"

  @system @browser
  Scenario Outline: The newest answer is in full view above the composer, however long the conversation (<screen>)
    Given the API is running
    And the console is open in Chromium on a <screen> screen
    When I send "What is my current plan?" from the console
    Then the console shows an answer containing "FlexiConnect"
    And the newest answer is in full view between the bar and the composer
    When I send "How much does roaming in Spain cost?" from the console
    Then the console shows an answer containing "Spain"
    And the newest answer is in full view between the bar and the composer
    When I send "And in Belgium?" from the console
    Then the console shows an answer containing "Belgium"
    And the newest answer is in full view between the bar and the composer
    When I send "How do I set up voicemail?" from the console
    Then the console shows the answer
    And the newest answer is in full view between the bar and the composer
    And the conversation is taller than its box, so it has scrolled
    And a screenshot "newest-answer-<name>" is saved

    Examples:
      | screen   | name    |
      | 1280×800 | desktop |
      | 375×667  | phone   |

  @system @browser
  Scenario: An answer taller than the screen is shown from its start
    Given a scripted model that replies to the customer itself 1 times, with 2 kB each time
    And the API is running against the scripted model
    And the console is open in Chromium on a 375×667 screen
    When I send "Tell me everything" from the console
    Then the console shows an answer containing "Answer 1:"
    And the newest answer, taller than the conversation's box, is shown from its start under the bar
    And a screenshot "tall-answer-phone" is saved

  @system @browser
  Scenario: The steps of the message being answered stay open and in view while it runs, and fold when it ends
    Given a scripted model that routes to "billing" and then calls "get_billing_data" with '{"month": "<last month>"}'
    And the scripted model then answers:
      """
      Your bill for last month came to 90.00 EUR:

      | Item | Amount (EUR) |
      | --- | ---: |
      | Monthly plan | 30.00 |
      | Roaming | 50.00 |
      | Extra data | 10.00 |
      | **Total** | **90.00** |

      The roaming bundle was bought in Spain on the 12th.
      """
    And the scripted model then routes to "billing" and then calls "get_billing_data" with '{"month": "<last month>"}'
    And the scripted model then answers "The month before, your bill was 40.00 EUR." once released
    And the API is running against the scripted model
    And the console is open in Chromium on a 375×667 screen
    When I send "Why was my bill so high last month?" from the console
    Then the console shows an answer containing "90.00 EUR"
    When I send "And the month before?" from the console
    Then the console shows the steps while the answer is pending: routing to "BillingAgent" and a call to "get_billing_data"
    And its steps are in full view between the bar and the composer
    And the first message's steps are folded
    And a screenshot "steps-open-phone" is saved
    When the scripted model is released
    Then the console shows an answer containing "40.00 EUR"
    And the message's steps are folded away, one click from view
    And the newest answer is in full view between the bar and the composer

  @system @browser
  Scenario: Amounts in a table line up on the right, as the answer's Markdown asks
    Given the API is running
    And the console is open in Chromium
    When I send "Why was my bill so high last month?" from the console
    Then the console shows the answer with a table of the columns "Item, Amount (EUR), Note"
    And in the answer's table the amounts of "Amount (EUR)" line up on the right, the rest on the left
    And a screenshot "amounts-right" is saved

  @system @browser
  Scenario: On a phone, a table keeps its words whole
    Given the API is running
    And the console is open in Chromium on a 375×667 screen
    When I send "Compare roaming in Spain, Belgium and Romania" from the console
    Then the console shows the answer with a table of the columns "Country, Data included, Price (EUR), Per GB (EUR)"
    And no word of the answer's table is broken across two lines
    And in the answer's table the amounts of "Data included, Price (EUR), Per GB (EUR)" line up on the right, the rest on the left
    And the page does not scroll sideways, and "Message" and "Send" are on screen
    And a screenshot "table-phone" is saved

  @system @browser
  Scenario: With API keys on, the console asks for one
    Given the API is running with API keys
    And the console is open in Chromium
    When I send "What is my current plan?" from the console
    Then the console asks for an API key
    When I enter alice's API key
    Then the console shows an answer containing "FlexiConnect"
    And the message belongs to alice

  @system @browser
  Scenario: On a phone-sized screen, by keyboard alone
    Given the API is running
    And the console is open in Chromium on a 375×667 screen
    When I type "Why was my bill so high last month?" and press Enter
    Then the console shows the answer with a table of the columns "Item, Amount (EUR), Note"
    And the page does not scroll sideways, and "Message" and "Send" are on screen
    When I press Tab
    Then "Send" has the focus, with a visible focus ring
    And a screenshot "phone" is saved

  @system @browser @nginx
  Scenario: Through nginx, the page loads under nginx's policy and the steps still stream in
    Given a scripted model that routes to "billing" and then calls "get_billing_data" with '{"month": "<last month>"}'
    And the scripted model then answers "Your bill for last month came to 90.00 EUR." once released
    And the API is running against the scripted model
    And nginx is proxying to the API
    And the console is open in Chromium through nginx
    When I send "Why was my bill so high last month?" from the console
    Then the console shows the steps while the answer is pending: routing to "BillingAgent" and a call to "get_billing_data"
    When the scripted model is released
    Then the console shows an answer containing "90.00 EUR"
    And the log holds no image, script or event-handler attribute, and no dialog was opened

  @system @browser
  Scenario: A browser's own EventSource follows a message's stream, and stops at its end
    Given the API is running
    And the console is open in Chromium
    When the page's own EventSource follows the message "How much does roaming in Spain cost?"
    Then the EventSource received every update of the message once, in order, then stopped
    And it reconnected once after the final update, with that update's id, and was answered 204
