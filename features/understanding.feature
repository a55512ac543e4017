@agents
Feature: Questions about more than one thing, in four languages
  The offline engine reads a question as a typed request: an intent, entities as lists (months and
  ranges, countries and cities, plans by name, a bill line), a measure (a comparison, a total, a
  threshold, the cheapest) and the language. Each agent makes as many tool calls as the question
  needs and answers it as asked. Today is 21 November 2026: October's bill is 90.00 EUR, September's
  70.00, August's 40.00, July's 20.00.

  Background:
    Given the API is running with the offline engine on "2026-11-21"

  Scenario: Two months side by side, with the difference
    When the customer asks "compare my august bill with october please"
    Then the answer comes from "BillingAgent"
    And the updates show 2 calls to the tool "get_billing_data"
    And the table has a row "August 2026 | 40.00"
    And the table has a row "October 2026 | 90.00"
    And the answer contains "50.00 EUR more than for August 2026"

  Scenario: A total over a range shows the parts and the sum
    When the customer asks "how much did I spend on bills over the last three months altogether"
    Then the answer comes from "BillingAgent"
    And the updates show 3 calls to the tool "get_billing_data"
    And the answer contains "Total over these 3 months: **200.00 EUR**"

  Scenario: One line of the bill over several months, summed
    When the customer asks "what has Spotify cost me in total since August"
    Then the answer comes from "BillingAgent"
    And the answer contains "Spotify on your bill"
    And the answer contains "Total over these 3 months: **30.00 EUR**"

  Scenario Outline: A yes or no against an amount, with the figure
    When the customer asks "<question>"
    Then the answer comes from "BillingAgent"
    And the answer starts with "<answer>"

    Examples:
      | question                                           | answer                                                                          |
      | was my september bill above 60 euro?               | Yes: your bill for September 2026 was 70.00 EUR, more than 60.00 EUR.          |
      | did my bill in july go over 25 eur                 | No: your bill for July 2026 was 20.00 EUR, not more than 25.00 EUR.            |
      | was the bill for august less than 50 euros         | Yes: your bill for August 2026 was 40.00 EUR, less than 50.00 EUR.             |

  Scenario: A follow-up that narrows the bill to one line stays with billing
    When the customer asks "what was my bill last month?"
    Then the answer comes from "BillingAgent"
    When the customer asks "and only the roaming bit?"
    Then the answer comes from "BillingAgent"
    And the answer contains "The Roaming line of your bill for October 2026 is **50.00 EUR** (Spain, 21 GB of data)"

  Scenario: Roaming on the customer's own bill is a billing question
    When the customer asks "how much was I charged for roaming in october"
    Then the answer comes from "BillingAgent"
    And the answer contains "50.00 EUR"

  Scenario: Switching roaming on is a how-to
    When the customer asks "where do I switch on data roaming on my phone"
    Then the answer comes from "FaqAgent"

  Scenario: Two countries side by side, the cheaper named
    When the customer asks "for roaming which is cheaper, spain or belgium?"
    Then the answer comes from "RoamingAgent"
    And the updates show 2 calls to the tool "get_roaming_charges"
    And the answer contains "The cheapest bundle is Belgium's at 4.99 EUR for 2 GB."

  Scenario Outline: A city is read as its country
    When the customer asks "<question>"
    Then the answer comes from "RoamingAgent"
    And the answer contains "<shows>"

    Examples:
      | question                                     | shows                       |
      | what does mobile data cost in Antwerp        | Belgium                     |
      | heading to Seville in spring, roaming price? | Spain                       |
      | how much is roaming in Lyon                  | France                        |

  Scenario: The cheapest plan under a constraint
    When the customer asks "what's the cheapest plan with at least 25 GB of data"
    Then the answer comes from "TariffAgent"
    And the answer contains "The cheapest plan with at least 25 GB of data is **HybridSaver 5G+** at 29.99 EUR"

  Scenario: Two plans by name, with the price difference
    When the customer asks "StepUp 5G Tiered versus HybridSaver 5G+, what's the difference?"
    Then the answer comes from "TariffAgent"
    And the answer contains "StepUp 5G Tiered costs 5.00 EUR more than HybridSaver 5G+"

  Scenario Outline: Spanish, German and French are answered in the customer's language, numbers and months in its format
    When the customer asks "<question>"
    Then the answer comes from "<agent>"
    And the answer starts with "<lead>"
    And the answer has a table with the columns "<columns>"
    And the answer contains "<figure>"

    Examples:
      | question                                  | agent        | lead                                                        | columns                                  | figure |
      | ¿Cuánto fue mi factura de septiembre?     | BillingAgent | Esta es su factura de septiembre de 2026                    | Concepto, Importe (EUR), Nota            | 70,00  |
      | Was kostet Roaming in Spanien?            | RoamingAgent | Das sind die Roaming-Datenpakete in Spanien für Oktober 2026 | Land, Enthaltene Daten, Preis (EUR)      | 5,99   |
      | combien coûte l'itinérance en Belgique ?  | RoamingAgent | Voici les forfaits de données en roaming pour Belgique en octobre 2026 | Pays, Données incluses, Prix (EUR) | 4,99   |
      | Wie hoch war meine Rechnung im Juli?      | BillingAgent | Hier ist Ihre Rechnung für Juli 2026                        | Posten, Betrag (EUR), Hinweis            | 20,00  |
      | ¿Cuál es mi tarifa actual?                | TariffAgent  | Tiene la tarifa FlexiConnect 4G Prepaid                     | Tarifa, Tipo, Precio (EUR), Validez, Minutos, Datos, SMS, Extras (EUR) | 14,99 |
      | Quels forfaits ont au moins 500 minutes ? | TariffAgent  | Le forfait le moins cher avec au moins 500 minutes est **HybridSaver 5G+** à 29,99 EUR | Forfait, Type, Prix (EUR), Validité, Minutes, Données, SMS, Options (EUR) | 49,99 |

  Scenario: A percent change is written the customer's way
    When the customer asks "¿En qué porcentaje cambió mi factura de septiembre a octubre?"
    Then the answer comes from "BillingAgent"
    And the answer contains "Su factura de octubre de 2026 fue 20,00 EUR más alta que la de septiembre de 2026 (90,00 frente a 70,00 EUR, +28,6"

  Scenario: An FAQ answer in another language still says it is in English (the knowledge base is English)
    When the customer asks "¿Cómo activo mi eSIM?"
    Then the answer comes from "FaqAgent"
    And the answer starts with "_Respondo en inglés"

  Scenario: Another person's data is declined politely, in any language
    When the customer asks "show me my brother's bill for october"
    Then the answer comes from "PlannerAgent"
    And the answer contains "I can only help with the account of the person I'm talking to"
    And the updates show no tool call
    When the customer asks "¿y la factura de mi madre?"
    Then the answer comes from "PlannerAgent"
    And the answer contains "la cuenta de la persona con la que hablo"

  Scenario Outline: A message asking two domains is planned as two steps, each answered with its figures
    When the customer asks "<question>"
    Then the updates show the routing decisions to "<agents>", in that order
    And each of "<agents>" called a tool of its own
    And the answer comes from "<lead>"
    And the answer contains "<figure 1>"
    And the answer contains "<figure 2>"

    Examples:
      | question                                                                        | agents                      | lead          | figure 1            | figure 2    |
      | What was my last bill and how much is roaming in Spain?                         | BillingAgent, RoamingAgent  | BillingAgent  | 90.00               | 5.99        |
      | Show me my bill, and what is my current plan?                                   | BillingAgent, TariffAgent   | BillingAgent  | 90.00               | FlexiConnect 4G Prepaid |
      | How much is SmartConnect 5G Max a month and what does roaming in Belgium cost?  | RoamingAgent, TariffAgent   | RoamingAgent  | 49.99               | 4.99        |
      | roaming price for romania + my bill from august pls                             | RoamingAgent, BillingAgent  | RoamingAgent  | 3.99                | 40.00       |
      | cuanto pague el mes pasado y cuanto cuesta el roaming en belgica                | RoamingAgent, BillingAgent  | RoamingAgent  | 90,00               | 4,99        |
      | two questions. 1) how much was my bill in september 2) whats the roaming rate in belgium | BillingAgent, RoamingAgent | BillingAgent | 70.00 | 4.99 |
      | hallo, was hab ich im september bezahlt und was kostet der smartconnect tarif   | TariffAgent, BillingAgent   | TariffAgent   | 70,00               | 49,99       |
      | c quoi mon forfait et combien j ai payé le mois dernier                         | BillingAgent, TariffAgent   | BillingAgent  | 90,00               | FlexiConnect 4G Prepaid |
      | whats the price of ultraflex, and how much is data in belgium                   | RoamingAgent, TariffAgent   | RoamingAgent  | 19.99               | 4.99        |
      | roaming costs for belgium n my current tariff                                   | RoamingAgent, TariffAgent   | RoamingAgent  | 4.99                | FlexiConnect 4G Prepaid |
      | cuanto me cobrasteis en octubre? y de paso cuanto cuesta el bono de roaming de Rumania | RoamingAgent, BillingAgent | RoamingAgent | 90,00 | 3,99 |
      | c'est combien ma facture d'octobre pis le prix du HybridSaver 5G+?              | BillingAgent, TariffAgent   | BillingAgent  | 90,00               | 29,99       |
      | mein Oktober-Gesamtbetrag und was kostet das Roaming-Paket für Belgien?         | RoamingAgent, BillingAgent  | RoamingAgent  | 90,00               | 4,99        |
      | el total de mi factura de octubre, el precio del roaming en España y qué hago si me roban el móvil | BillingAgent, RoamingAgent, FaqAgent | BillingAgent | 90,00 | 5,99 |
      | which plan am i actually on rn?? also what did october come to                 | TariffAgent, BillingAgent   | TariffAgent   | FlexiConnect 4G Prepaid | 90.00   |
      | my bill in august, and what did roaming in romania cost back then?              | BillingAgent, RoamingAgent  | BillingAgent  | 40.00               | 1.99        |

  Scenario: A bill line named beside the bill stays one question for the billing agent
    When the customer asks "Why was my bill so high last month and was the roaming part expensive?"
    Then the updates show the routing decisions to "BillingAgent", in that order

  Scenario Outline: Figures computed from the tools' data, as asked
    When the customer asks "<question>"
    Then the answer comes from "<agent>"
    And the answer contains "<figure>"

    Examples:
      | question                                                                | agent        | figure                                                           |
      | by what percent did my bill change from September to October?           | BillingAgent | 20.00 EUR more than for September 2026 (90.00 against 70.00 EUR, +28.6%) |
      | what was my average bill over the last three months?                    | BillingAgent | **66.67 EUR** a month over these 3 months (200.00 EUR in total)  |
      | what was the single biggest charge on my last three bills?              | BillingAgent | Roaming on your bill for October 2026: **50.00 EUR**             |
      | which month had my lowest bill?                                         | BillingAgent | Your lowest bill was for July 2026: **20.00 EUR**                |
      | I need about 6 GB in Spain, how many packs do I need?                   | RoamingAgent | For 6 GB in Spain: 2 bundles of 3 GB at 5.99 EUR each, **11.98 EUR** |
      | I need 4 GB in Spain and in Belgium, what would the packs cost?         | RoamingAgent | Together: **21.96 EUR**                                          |
      | how much more per year is SmartConnect 5G Max than HybridSaver 5G+?     | TariffAgent  | **240.00 EUR** more                                              |
      | how much more data does HybridSaver 5G+ give than UltraFlex 5G Prepaid? | TariffAgent  | HybridSaver 5G+ gives 10 GB more data than UltraFlex 5G Prepaid  |
      | necesito unos 6 gb en españa cuantos paquetes me hacen falta            | RoamingAgent | **11,98 EUR**                                                    |
      | ich brauche ca 6 GB in spanien, wie viele pakete brauche ich            | RoamingAgent | **11,98 EUR**                                                    |
      | hybridsaver with the extra talktime addon vs stepup, which is cheaper   | TariffAgent  | HybridSaver 5G+ with Extra Talktime 300: 29.99 + 3.49 = **33.48 EUR** |
      | hybridsaver with the extra talktime addon vs stepup, which is cheaper   | TariffAgent  | StepUp 5G Tiered costs 1.51 EUR more than HybridSaver 5G+ + Extra Talktime 300 |
      | how much does hybridsaver cost for a whole year                         | TariffAgent  | **359.88 EUR** (12 × 29.99 EUR)                                  |
      | weekend unlimited 5g add on price?                                      | TariffAgent  | Weekend Unlimited 5G is an add-on of HybridSaver 5G+: **4.99 EUR** |
      | whats the % change sept to oct                                          | BillingAgent | +28.6%                                                           |
      | cuál es la media de mis facturas de agosto a octubre                    | BillingAgent | **66,67 EUR**                                                    |
      | Wie viel Prozent von meiner Oktoberrechnung war das Roaming?            | BillingAgent | Roaming macht 55,6                                               |
      | If I stay on FlexiConnect but add the data booster, what would that come to? | TariffAgent | FlexiConnect 4G Prepaid with Data Booster 5GB: 14.99 + 4.99 = **19.98 EUR** |
      | cuánto costaría la HybridSaver 5G+ con el Weekend Unlimited 5G y el Extra Talktime 300 juntos | TariffAgent | 29,99 + 4,99 + 3,49 = **38,47 EUR** |
      | what's the most data I can get without going unlimited?                 | TariffAgent  | The plan with the most data with a limited data allowance is **SmartConnect 5G Max** |
      | me voy a bélgica y necesito unos 5 gigas, cuántos bonos tengo que comprar? | RoamingAgent | Para 5 GB en Bélgica: 3 bonos de 2 GB a 4,99 EUR cada uno, **14,97 EUR** |
      | going to spain in march and i'll need about 10 GB, how many bundles is that? | RoamingAgent | For 10 GB in Spain: 4 bundles of 3 GB at 5.99 EUR each, **23.96 EUR** |

  Scenario Outline: Plans filtered by the customer's constraints, computed from the tariff tool
    When the customer asks "<question>"
    Then the answer comes from "TariffAgent"
    And the answer contains "<fits>"
    And the answer does not contain "<does not fit>"

    Examples:
      | question                                     | fits               | does not fit          |
      | which plans have at least 500 minutes?       | HybridSaver 5G+    | UltraFlex 5G Prepaid  |
      | plans between 25 and 40 euros a month please | StepUp 5G Tiered   | SmartConnect 5G Max   |
      | I want a plan with at least 200 SMS          | HybridSaver 5G+    | FlexiConnect 4G Prepaid |
      | planes con al menos 500 minutos              | SmartConnect 5G Max | StepUp 5G Tiered     |
      | what can i get for less than 15 quid         | FlexiConnect 4G Prepaid | UltraFlex 5G Prepaid |

  Scenario Outline: A correction or a follow-up that points back keeps the topic, in any language
    When the customer asks "<question>"
    And the customer asks "<correction>"
    Then the answer comes from "<agent>"
    And the answer contains "<figure>"

    Examples:
      | question                                  | correction                      | agent        | figure |
      | how much was my october bill              | sorry, I meant September        | BillingAgent | 70.00  |
      | roaming price in spain?                   | no i meant belgium              | RoamingAgent | 4.99   |
      | how much was my bill in september         | wait no, october                | BillingAgent | 90.00  |
      | my bills for september and october        | whats the difference between the two | BillingAgent | 20.00 |
      | why was my october bill so high           | i mean the roaming part         | BillingAgent | 50.00  |
      | cuanto fue mi factura de octubre          | perdón, quería decir septiembre | BillingAgent | 70,00  |
      | wie hoch war meine rechnung im oktober    | nein, ich meinte september      | BillingAgent | 70,00  |
      | combien était ma facture d'octobre        | non je voulais dire septembre   | BillingAgent | 70,00  |

  Scenario Outline: Policy and how-to questions go to the FAQ, whatever plan or country they name
    When the customer asks "<question>"
    Then the answer comes from "FaqAgent"

    Examples:
      | question                                        |
      | whats the minimum contract length               |
      | can i downgrade my plan to a cheaper one        |
      | do incoming calls cost me anything in spain     |
      | is there a penalty if i cancel early            |
      | cual es la permanencia minima del contrato      |
      | kann ich meinen tarif downgraden                |
      | wie lange ist die mindestvertragslaufzeit       |
      | est ce que je paie les appels recus a l etranger |
      | do calls to germany from here cost extra        |
      | que pasa si me paso de datos                    |
      | comment recharger mon forfait prépayé           |
      | mon numéro peut il être conservé si je change d opérateur |

  Scenario Outline: Another person's usage or line is declined however it is asked
    When the customer asks "<question>"
    Then the answer comes from "PlannerAgent"
    And the answer contains "<declined>"
    And the updates show no tool call

    Examples:
      | question                                      | declined                                   |
      | how much roaming did my daughter use in spain | the account of the person I'm talking to   |
      | whats the plan on my husbands line            | the account of the person I'm talking to   |
      | cuantos datos uso mi hijo en españa           | la cuenta de la persona con la que hablo   |
      | que plan tiene mi mujer                       | la cuenta de la persona con la que hablo   |
      | ma mère veut connaître sa facture             | compte de la personne avec qui je parle    |
      | show me the bill of cust-00042 for october    | the account of the person I'm talking to   |
      | ma blonde a un compte chez vous, c'est combien sa facture? | compte de la personne avec qui je parle |

  Scenario: Travelling with a relative is the customer's own question
    When the customer asks "my wife and I have a trip to spain, how much is roaming there?"
    Then the answer comes from "RoamingAgent"
    And the answer contains "5.99"

  Scenario Outline: Small talk is answered in the customer's language
    When the customer asks "<message>"
    Then the answer comes from "PlannerAgent"
    And the answer starts with "<reply>"

    Examples:
      | message                       | reply                       |
      | Hola, buenos días             | ¡Hola! Puedo ayudarle con   |
      | Vielen Dank für die Hilfe!    | Gern geschehen!             |
      | Merci beaucoup !              | Avec plaisir !              |
      | hello there                   | Hello! I can help you with  |
