/**
 * The English catalogue: every answer text the offline engine writes, by domain. The other
 * languages' catalogues have the same keys. Amounts are `{{x, money}}`, months `{{m, month}}`
 * ("2026-10"; in French "de" and the month, elided before a vowel, is `{{m, ofMonth}}`: "d’octobre
 * 2026"), percentages `{{p, percent}}` (a ratio); a key with `_line` is the variant about one bill
 * line, `_one`/`_other` are plurals by `count`.
 */
export const en = {
  smalltalk: {
    capabilities: 'I can help you with {{topics}}.',
    greeting: 'Hello! {{capabilities}} What would you like to know?',
    capabilitiesReply:
      '{{capabilities}} For example: "Why was my bill so high last month?" or "How much does roaming in Spain cost?"',
    thanks: 'You are welcome! Is there anything else I can help you with about your bills, roaming or plans?',
    goodbye: 'Goodbye, and thank you for contacting us. Have a great day!',
    needsContext:
      'Could you tell me a little more? For example "How much does roaming in Belgium cost?" or "What was my bill two months ago?"',
  },
  billing: {
    table: {
      item: 'Item',
      amount: 'Amount (EUR)',
      note: 'Note',
      total: 'Total',
      totalAmount: 'Total (EUR)',
      month: 'Month',
      line: '{{line}} (EUR)',
    },
    notBilled: 'not billed',
    changedItem: '- {{name}}: {{from}} → {{to}} EUR',
    whatChanged: 'What changed:',
    lead: 'Here is your bill for {{month, month}}, line by line, in EUR:',
    noBill: "Sorry, I couldn't find that bill. {{reason}}",
    noBills: "Sorry, I couldn't find those bills. {{gap}}",
    gap: 'There is no bill for {{months}}.',
    nothingToCompare: 'There is no bill for {{month, month}} to compare it with.',
    change: {
      same: 'Your bill for {{month, month}} is {{total, money}} EUR, the same as in {{previous, month}}.',
      more: 'Your bill for {{month, month}} is {{total, money}} EUR, {{difference, money}} EUR more than in {{previous, month}} ({{previousTotal, money}} EUR) ({{change, percent}}).',
      less: 'Your bill for {{month, month}} is {{total, money}} EUR, {{difference, money}} EUR less than in {{previous, month}} ({{previousTotal, money}} EUR) ({{change, percent}}).',
    },
    line: {
      share:
        '{{line}} is {{share, share}} of your bill for {{month, month}}: **{{amount, money}} EUR** of {{total, money}} EUR.',
      found:
        'The {{line}} line of your bill for {{month, month}} is **{{amount, money}} EUR**{{note}}, of a total of {{total, money}} EUR.',
      missing: 'Your bill for {{month, month}} has no {{line}} line; its total is {{total, money}} EUR.',
    },
    threshold: {
      above_yes:
        'Yes: your bill for {{month, month}} was {{amount, money}} EUR, more than {{limit, money}} EUR.',
      above_no:
        'No: your bill for {{month, month}} was {{amount, money}} EUR, not more than {{limit, money}} EUR.',
      below_yes:
        'Yes: your bill for {{month, month}} was {{amount, money}} EUR, less than {{limit, money}} EUR.',
      below_no:
        'No: your bill for {{month, month}} was {{amount, money}} EUR, not less than {{limit, money}} EUR.',
      above_yes_line:
        'Yes: the {{line}} line of your bill for {{month, month}} was {{amount, money}} EUR, more than {{limit, money}} EUR.',
      above_no_line:
        'No: the {{line}} line of your bill for {{month, month}} was {{amount, money}} EUR, not more than {{limit, money}} EUR.',
      below_yes_line:
        'Yes: the {{line}} line of your bill for {{month, month}} was {{amount, money}} EUR, less than {{limit, money}} EUR.',
      below_no_line:
        'No: the {{line}} line of your bill for {{month, month}} was {{amount, money}} EUR, not less than {{limit, money}} EUR.',
    },
    months: {
      lead: 'Here is your bill month by month, in EUR:',
      lead_line: 'Here is {{line}} on your bill month by month, in EUR:',
      same: 'Your bill was the same in {{first, month}} and {{last, month}}: {{amount, money}} EUR.',
      same_line:
        '{{line}} on your bill was the same in {{first, month}} and {{last, month}}: {{amount, money}} EUR.',
      more: 'Your bill for {{last, month}} was {{difference, money}} EUR more than for {{first, month}} ({{lastAmount, money}} against {{firstAmount, money}} EUR, {{change, percent}}).',
      more_line:
        '{{line}} on your bill for {{last, month}} was {{difference, money}} EUR more than for {{first, month}} ({{lastAmount, money}} against {{firstAmount, money}} EUR, {{change, percent}}).',
      less: 'Your bill for {{last, month}} was {{difference, money}} EUR less than for {{first, month}} ({{lastAmount, money}} against {{firstAmount, money}} EUR, {{change, percent}}).',
      less_line:
        '{{line}} on your bill for {{last, month}} was {{difference, money}} EUR less than for {{first, month}} ({{lastAmount, money}} against {{firstAmount, money}} EUR, {{change, percent}}).',
      total_one: 'Total over the month: **{{total, money}} EUR**.',
      total_other:
        'Total over these {{count}} months: **{{total, money}} EUR** ({{average, money}} EUR a month on average).',
      average_one:
        'On average your bill came to **{{average, money}} EUR** a month over the month ({{total, money}} EUR in total).',
      average_other:
        'On average your bill came to **{{average, money}} EUR** a month over these {{count}} months ({{total, money}} EUR in total).',
      average_line_one:
        'On average {{line}} on your bill came to **{{average, money}} EUR** a month over the month ({{total, money}} EUR in total).',
      average_line_other:
        'On average {{line}} on your bill came to **{{average, money}} EUR** a month over these {{count}} months ({{total, money}} EUR in total).',
      highest: 'Your highest bill was for {{month, month}}: **{{amount, money}} EUR**.',
      highest_line: '{{line}} on your bill was highest in {{month, month}}: **{{amount, money}} EUR**.',
      lowest: 'Your lowest bill was for {{month, month}}: **{{amount, money}} EUR**.',
      lowest_line: '{{line}} on your bill was lowest in {{month, month}}: **{{amount, money}} EUR**.',
      largest_one:
        'The largest single line on your bill is {{line}} on your bill for {{month, month}}: **{{amount, money}} EUR**{{note}}.',
      largest_other:
        'The largest single line over these {{count}} bills is {{line}} on your bill for {{month, month}}: **{{amount, money}} EUR**{{note}}.',
    },
  },
  roaming: {
    table: {
      country: 'Country',
      data: 'Data included',
      price: 'Price (EUR)',
      perGb: 'Per GB (EUR)',
      month: 'Month',
    },
    gb: '{{count}} GB',
    lead: 'These are the roaming data bundles in {{country, country}} for {{month, month}}:',
    lead_every: 'These are the roaming data bundles in every country we cover for {{month, month}}:',
    sideBySide: 'Roaming data bundles for {{month, month}}, side by side:',
    cheapest: "The cheapest bundle is {{country, country}}'s at {{price, money}} EUR for {{gb}} GB.",
    cheaperPerGb: 'Per GB, {{country, country}} is cheaper ({{price, money}} EUR per GB).',
    monthByMonth: 'Roaming in {{country, country}}, month by month:',
    stayed: 'The price stayed at {{price, money}} EUR.',
    wentUp:
      'The price went up by {{difference, money}} EUR ({{change, percent}}), from {{from, money}} EUR in {{first, month}} to {{to, money}} EUR in {{last, month}}.',
    wentDown:
      'The price went down by {{difference, money}} EUR ({{change, percent}}), from {{from, money}} EUR in {{first, month}} to {{to, money}} EUR in {{last, month}}.',
    packs_one:
      'For {{need}} GB in {{country, country}}: {{count}} bundle of {{gb}} GB at {{price, money}} EUR each, **{{cost, money}} EUR**.',
    packs_other:
      'For {{need}} GB in {{country, country}}: {{count}} bundles of {{gb}} GB at {{price, money}} EUR each, **{{cost, money}} EUR**.',
    together: 'Together: **{{cost, money}} EUR**.',
    sorry: 'Sorry. {{reason}}',
  },
  tariff: {
    table: {
      plan: 'Plan',
      type: 'Type',
      price: 'Price (EUR)',
      validity: 'Validity',
      minutes: 'Minutes',
      data: 'Data',
      sms: 'SMS',
      addOns: 'Add-ons (EUR)',
      yours: '(your plan)',
      none: 'none',
    },
    structure: {
      prepaid: 'prepaid',
      postpaid: 'postpaid',
      hybrid: 'hybrid',
      flat_rate: 'flat rate',
      tiered: 'tiered',
    },
    current: 'You are on {{plan}}; here is what it includes, prices in EUR:',
    overview:
      'You are on {{plan}} ({{price, money}} EUR per {{validity}}). The table shows every plan we offer, prices in EUR:',
    ofType: 'These are our {{type}} plans, prices in EUR:',
    named: 'Here is {{plans}}, prices in EUR:',
    sideBySide: 'These plans side by side, prices in EUR:',
    samePrice: '{{a}} and {{b}} cost the same: {{price, money}} EUR.',
    costsMore:
      '{{dearer}} costs {{difference, money}} EUR more than {{cheaper}} ({{dearerPrice, money}} EUR per {{dearerValidity}} against {{cheaperPrice, money}} EUR per {{cheaperValidity}}).',
    yearly: 'Over a year of 12 payments that is **{{difference, money}} EUR** more.',
    addOnPrice: '{{addon}} is an add-on of {{plan}}: **{{price, money}} EUR**.',
    addOnPrice_validity: '{{addon}} is an add-on of {{plan}}: **{{price, money}} EUR** for {{validity}}.',
    yearlyCost:
      'Over a year of 12 payments {{plan}} costs **{{total, money}} EUR** (12 × {{price, money}} EUR).',
    withAddOns: '{{plan}} with {{addons}}: {{prices}} = **{{total, money}} EUR** per {{validity}}.',
    withAddOn:
      '{{plan}} with {{addon}}: {{price, money}} + {{addonPrice, money}} = **{{total, money}} EUR** per {{validity}}.',
    moreData: '{{more}} gives {{extra}} GB more data than {{less}} ({{moreGb}} GB against {{lessGb}} GB).',
    constraint: {
      data: 'at least {{count}} GB of data',
      minutes: 'at least {{count}} minutes',
      sms: 'at least {{count}} SMS',
      minPrice: 'at least {{price, money}} EUR',
      maxPrice: 'at most {{price, money}} EUR',
      fiveG: '5G',
      finiteData: 'a limited data allowance',
    },
    none: 'None of our plans has {{wanted}}. These are all our plans, prices in EUR:',
    noneAsked: 'what you asked for',
    cheapest:
      'The cheapest plan is **{{plan}}** at {{price, money}} EUR per {{validity}} ({{data}} of data).',
    mostData:
      'The plan with the most data is **{{plan}}**: {{data}} for {{price, money}} EUR per {{validity}}.',
    mostData_wanted:
      'The plan with the most data with {{wanted}} is **{{plan}}**: {{data}} for {{price, money}} EUR per {{validity}}.',
    cheapest_wanted:
      'The cheapest plan with {{wanted}} is **{{plan}}** at {{price, money}} EUR per {{validity}} ({{data}} of data).',
    moreFit_one: '{{count}} more fits, cheapest first:',
    moreFit_other: '{{count}} more fit, cheapest first:',
    noPlans: "Sorry, I couldn't list the plans on offer. {{reason}}",
    noPlansOfType: "Sorry, I couldn't find those plans. {{reason}}",
    noCurrent: "Sorry, I couldn't look up your plan. {{reason}}",
  },
};

/** The shape every catalogue has: the English one's keys, any text. */
type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
export type Catalogue = Texts<typeof en>;
