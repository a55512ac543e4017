import type { Catalogue } from './en.ts';

/** The German catalogue: the English one's keys (en.ts says how they are written). */
export const de: Catalogue = {
  smalltalk: {
    capabilities: 'Ich helfe Ihnen gern bei {{topics}}.',
    greeting: 'Hallo! {{capabilities}} Was möchten Sie wissen?',
    capabilitiesReply:
      '{{capabilities}} Zum Beispiel: „Warum war meine Rechnung letzten Monat so hoch?“ oder „Was kostet Roaming in Spanien?“',
    thanks: 'Gern geschehen! Kann ich Ihnen noch bei Rechnungen, Roaming oder Tarifen helfen?',
    goodbye: 'Auf Wiedersehen und danke, dass Sie uns kontaktiert haben. Einen schönen Tag!',
    needsContext:
      'Können Sie mir etwas mehr sagen? Zum Beispiel „Was kostet Roaming in Belgien?“ oder „Wie hoch war meine Rechnung vor zwei Monaten?“',
  },
  billing: {
    table: {
      item: 'Posten',
      amount: 'Betrag (EUR)',
      note: 'Hinweis',
      total: 'Summe',
      totalAmount: 'Summe (EUR)',
      month: 'Monat',
      line: '{{line}} (EUR)',
    },
    notBilled: 'nicht berechnet',
    changedItem: '- {{name}}: {{from}} → {{to}} EUR',
    whatChanged: 'Was sich geändert hat:',
    lead: 'Hier ist Ihre Rechnung für {{month, month}}, Posten für Posten, in EUR:',
    noBill: 'Leider habe ich diese Rechnung nicht gefunden. {{reason}}',
    noBills: 'Leider habe ich diese Rechnungen nicht gefunden. {{gap}}',
    gap: 'Für {{months}} gibt es keine Rechnung.',
    nothingToCompare: 'Für {{month, month}} gibt es keine Rechnung zum Vergleich.',
    change: {
      same: 'Ihre Rechnung für {{month, month}} beträgt {{total, money}} EUR, genauso viel wie im {{previous, month}}.',
      more: 'Ihre Rechnung für {{month, month}} beträgt {{total, money}} EUR, {{difference, money}} EUR mehr als im {{previous, month}} ({{previousTotal, money}} EUR) ({{change, percent}}).',
      less: 'Ihre Rechnung für {{month, month}} beträgt {{total, money}} EUR, {{difference, money}} EUR weniger als im {{previous, month}} ({{previousTotal, money}} EUR) ({{change, percent}}).',
    },
    line: {
      share:
        '{{line}} macht {{share, share}} Ihrer Rechnung für {{month, month}} aus: **{{amount, money}} EUR** von {{total, money}} EUR.',
      found:
        'Der Posten {{line}} Ihrer Rechnung für {{month, month}} beträgt **{{amount, money}} EUR**{{note}}, bei einer Summe von {{total, money}} EUR.',
      missing:
        'Ihre Rechnung für {{month, month}} hat keinen Posten {{line}}; die Summe beträgt {{total, money}} EUR.',
    },
    threshold: {
      above_yes:
        'Ja: Ihre Rechnung für {{month, month}} betrug {{amount, money}} EUR, mehr als {{limit, money}} EUR.',
      above_no:
        'Nein: Ihre Rechnung für {{month, month}} betrug {{amount, money}} EUR, nicht mehr als {{limit, money}} EUR.',
      below_yes:
        'Ja: Ihre Rechnung für {{month, month}} betrug {{amount, money}} EUR, weniger als {{limit, money}} EUR.',
      below_no:
        'Nein: Ihre Rechnung für {{month, month}} betrug {{amount, money}} EUR, nicht weniger als {{limit, money}} EUR.',
      above_yes_line:
        'Ja: der Posten {{line}} Ihrer Rechnung für {{month, month}} betrug {{amount, money}} EUR, mehr als {{limit, money}} EUR.',
      above_no_line:
        'Nein: der Posten {{line}} Ihrer Rechnung für {{month, month}} betrug {{amount, money}} EUR, nicht mehr als {{limit, money}} EUR.',
      below_yes_line:
        'Ja: der Posten {{line}} Ihrer Rechnung für {{month, month}} betrug {{amount, money}} EUR, weniger als {{limit, money}} EUR.',
      below_no_line:
        'Nein: der Posten {{line}} Ihrer Rechnung für {{month, month}} betrug {{amount, money}} EUR, nicht weniger als {{limit, money}} EUR.',
    },
    months: {
      lead: 'Hier ist Ihre Rechnung Monat für Monat, in EUR:',
      lead_line: 'Hier ist der Posten {{line}} Ihrer Rechnung Monat für Monat, in EUR:',
      same: 'Ihre Rechnung war im {{first, month}} und im {{last, month}} gleich: {{amount, money}} EUR.',
      same_line:
        'Der Posten {{line}} war im {{first, month}} und im {{last, month}} gleich: {{amount, money}} EUR.',
      more: 'Ihre Rechnung für {{last, month}} war {{difference, money}} EUR höher als für {{first, month}} ({{lastAmount, money}} gegenüber {{firstAmount, money}} EUR, {{change, percent}}).',
      more_line:
        'Der Posten {{line}} war im {{last, month}} {{difference, money}} EUR höher als im {{first, month}} ({{lastAmount, money}} gegenüber {{firstAmount, money}} EUR, {{change, percent}}).',
      less: 'Ihre Rechnung für {{last, month}} war {{difference, money}} EUR niedriger als für {{first, month}} ({{lastAmount, money}} gegenüber {{firstAmount, money}} EUR, {{change, percent}}).',
      less_line:
        'Der Posten {{line}} war im {{last, month}} {{difference, money}} EUR niedriger als im {{first, month}} ({{lastAmount, money}} gegenüber {{firstAmount, money}} EUR, {{change, percent}}).',
      total_one: 'Summe für den Monat: **{{total, money}} EUR**.',
      total_other:
        'Summe für diese {{count}} Monate: **{{total, money}} EUR** (im Durchschnitt {{average, money}} EUR im Monat).',
      average_one:
        'Im Durchschnitt betrug Ihre Rechnung **{{average, money}} EUR** im Monat ({{total, money}} EUR insgesamt).',
      average_other:
        'Im Durchschnitt betrug Ihre Rechnung in diesen {{count}} Monaten **{{average, money}} EUR** im Monat ({{total, money}} EUR insgesamt).',
      average_line_one:
        'Im Durchschnitt betrug der Posten {{line}} **{{average, money}} EUR** im Monat ({{total, money}} EUR insgesamt).',
      average_line_other:
        'Im Durchschnitt betrug der Posten {{line}} in diesen {{count}} Monaten **{{average, money}} EUR** im Monat ({{total, money}} EUR insgesamt).',
      highest: 'Ihre höchste Rechnung war die für {{month, month}}: **{{amount, money}} EUR**.',
      highest_line: 'Der Posten {{line}} war im {{month, month}} am höchsten: **{{amount, money}} EUR**.',
      lowest: 'Ihre niedrigste Rechnung war die für {{month, month}}: **{{amount, money}} EUR**.',
      lowest_line: 'Der Posten {{line}} war im {{month, month}} am niedrigsten: **{{amount, money}} EUR**.',
      largest_one:
        'Der größte einzelne Posten Ihrer Rechnung ist {{line}} auf der Rechnung für {{month, month}}: **{{amount, money}} EUR**{{note}}.',
      largest_other:
        'Der größte einzelne Posten dieser {{count}} Rechnungen ist {{line}} auf der Rechnung für {{month, month}}: **{{amount, money}} EUR**{{note}}.',
    },
  },
  roaming: {
    table: {
      country: 'Land',
      data: 'Enthaltene Daten',
      price: 'Preis (EUR)',
      perGb: 'Pro GB (EUR)',
      month: 'Monat',
    },
    gb: '{{count}} GB',
    lead: 'Das sind die Roaming-Datenpakete in {{country, country}} für {{month, month}}:',
    lead_every: 'Das sind die Roaming-Datenpakete in allen Ländern, die wir abdecken, für {{month, month}}:',
    sideBySide: 'Roaming-Datenpakete für {{month, month}} im Vergleich:',
    cheapest: 'Das günstigste Paket ist das für {{country, country}}: {{price, money}} EUR für {{gb}} GB.',
    cheaperPerGb: 'Pro GB ist {{country, country}} günstiger ({{price, money}} EUR pro GB).',
    monthByMonth: 'Roaming in {{country, country}}, Monat für Monat:',
    stayed: 'Der Preis blieb bei {{price, money}} EUR.',
    wentUp:
      'Der Preis stieg um {{difference, money}} EUR ({{change, percent}}), von {{from, money}} EUR im {{first, month}} auf {{to, money}} EUR im {{last, month}}.',
    wentDown:
      'Der Preis sank um {{difference, money}} EUR ({{change, percent}}), von {{from, money}} EUR im {{first, month}} auf {{to, money}} EUR im {{last, month}}.',
    packs_one:
      'Für {{need}} GB in {{country, country}}: {{count}} Paket mit {{gb}} GB zu {{price, money}} EUR, **{{cost, money}} EUR**.',
    packs_other:
      'Für {{need}} GB in {{country, country}}: {{count}} Pakete mit je {{gb}} GB zu {{price, money}} EUR, **{{cost, money}} EUR**.',
    together: 'Zusammen: **{{cost, money}} EUR**.',
    sorry: 'Leider nicht. {{reason}}',
  },
  tariff: {
    table: {
      plan: 'Tarif',
      type: 'Art',
      price: 'Preis (EUR)',
      validity: 'Laufzeit',
      minutes: 'Minuten',
      data: 'Daten',
      sms: 'SMS',
      addOns: 'Zusatzoptionen (EUR)',
      yours: '(Ihr Tarif)',
      none: 'keine',
    },
    structure: {
      prepaid: 'Prepaid',
      postpaid: 'Postpaid',
      hybrid: 'Hybrid',
      flat_rate: 'Flatrate',
      tiered: 'Stufen',
    },
    current: 'Sie haben den Tarif {{plan}}; das ist enthalten, Preise in EUR:',
    overview:
      'Sie haben den Tarif {{plan}} ({{price, money}} EUR pro {{validity}}). Die Tabelle zeigt alle unsere Tarife, Preise in EUR:',
    ofType: 'Das sind unsere {{type}}-Tarife, Preise in EUR:',
    named: 'Hier ist {{plans}}, Preise in EUR:',
    sideBySide: 'Diese Tarife im Vergleich, Preise in EUR:',
    samePrice: '{{a}} und {{b}} kosten gleich viel: {{price, money}} EUR.',
    costsMore:
      '{{dearer}} kostet {{difference, money}} EUR mehr als {{cheaper}} ({{dearerPrice, money}} EUR pro {{dearerValidity}} gegenüber {{cheaperPrice, money}} EUR pro {{cheaperValidity}}).',
    yearly: 'Über ein Jahr mit 12 Zahlungen sind das **{{difference, money}} EUR** mehr.',
    addOnPrice: '{{addon}} ist eine Zusatzoption zu {{plan}}: **{{price, money}} EUR**.',
    addOnPrice_validity:
      '{{addon}} ist eine Zusatzoption zu {{plan}}: **{{price, money}} EUR** für {{validity}}.',
    yearlyCost:
      'Über ein Jahr mit 12 Zahlungen kostet {{plan}} **{{total, money}} EUR** (12 × {{price, money}} EUR).',
    withAddOns: '{{plan}} mit {{addons}}: {{prices}} = **{{total, money}} EUR** pro {{validity}}.',
    withAddOn:
      '{{plan}} mit {{addon}}: {{price, money}} + {{addonPrice, money}} = **{{total, money}} EUR** pro {{validity}}.',
    moreData: '{{more}} bietet {{extra}} GB mehr Daten als {{less}} ({{moreGb}} GB gegenüber {{lessGb}} GB).',
    constraint: {
      data: 'mindestens {{count}} GB Daten',
      minutes: 'mindestens {{count}} Minuten',
      sms: 'mindestens {{count}} SMS',
      minPrice: 'mindestens {{price, money}} EUR',
      maxPrice: 'höchstens {{price, money}} EUR',
      fiveG: '5G',
      finiteData: 'begrenztem Datenvolumen',
    },
    none: 'Keiner unserer Tarife hat {{wanted}}. Das sind alle unsere Tarife, Preise in EUR:',
    noneAsked: 'das Gewünschte',
    cheapest:
      'Der günstigste Tarif ist **{{plan}}** für {{price, money}} EUR pro {{validity}} ({{data}} Daten).',
    mostData:
      'Der Tarif mit den meisten Daten ist **{{plan}}**: {{data}} für {{price, money}} EUR pro {{validity}}.',
    mostData_wanted:
      'Der Tarif mit den meisten Daten mit {{wanted}} ist **{{plan}}**: {{data}} für {{price, money}} EUR pro {{validity}}.',
    cheapest_wanted:
      'Der günstigste Tarif mit {{wanted}} ist **{{plan}}** für {{price, money}} EUR pro {{validity}} ({{data}} Daten).',
    moreFit_one: '{{count}} weiterer passt, der günstigste zuerst:',
    moreFit_other: '{{count}} weitere passen, die günstigsten zuerst:',
    noPlans: 'Leider konnte ich die Tarife nicht abrufen. {{reason}}',
    noPlansOfType: 'Leider habe ich diese Tarife nicht gefunden. {{reason}}',
    noCurrent: 'Leider konnte ich Ihren Tarif nicht abrufen. {{reason}}',
  },
};
