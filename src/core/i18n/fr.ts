import type { Catalogue } from './en.ts';

/** The French catalogue: the English one's keys (en.ts says how they are written). */
export const fr: Catalogue = {
  smalltalk: {
    capabilities: 'Je peux vous aider pour {{topics}}.',
    greeting: 'Bonjour ! {{capabilities}} Que souhaitez-vous savoir ?',
    capabilitiesReply:
      '{{capabilities}} Par exemple : « Pourquoi ma facture du mois dernier était-elle si élevée ? » ou « Combien coûte le roaming en Espagne ? »',
    thanks:
      'Avec plaisir ! Puis-je vous aider pour autre chose concernant vos factures, le roaming ou les forfaits ?',
    goodbye: 'Au revoir, et merci de nous avoir contactés. Bonne journée !',
    needsContext:
      'Pouvez-vous m’en dire un peu plus ? Par exemple « Combien coûte le roaming en Belgique ? » ou « Quel était le montant de ma facture il y a deux mois ? »',
  },
  billing: {
    table: {
      item: 'Poste',
      amount: 'Montant (EUR)',
      note: 'Remarque',
      total: 'Total',
      totalAmount: 'Total (EUR)',
      month: 'Mois',
      line: '{{line}} (EUR)',
    },
    notBilled: 'non facturé',
    changedItem: '- {{name}} : {{from}} → {{to}} EUR',
    whatChanged: 'Ce qui a changé :',
    lead: 'Voici votre facture {{month, ofMonth}}, poste par poste, en EUR :',
    noBill: 'Désolé, je n’ai pas trouvé cette facture. {{reason}}',
    noBills: 'Désolé, je n’ai pas trouvé ces factures. {{gap}}',
    gap: 'Il n’y a pas de facture pour {{months}}.',
    nothingToCompare: 'Il n’y a pas de facture {{month, ofMonth}} pour la comparer.',
    change: {
      same: 'Votre facture {{month, ofMonth}} est de {{total, money}} EUR, la même qu’en {{previous, month}}.',
      more: 'Votre facture {{month, ofMonth}} est de {{total, money}} EUR, {{difference, money}} EUR de plus qu’en {{previous, month}} ({{previousTotal, money}} EUR) ({{change, percent}}).',
      less: 'Votre facture {{month, ofMonth}} est de {{total, money}} EUR, {{difference, money}} EUR de moins qu’en {{previous, month}} ({{previousTotal, money}} EUR) ({{change, percent}}).',
    },
    line: {
      share:
        '{{line}} représente {{share, share}} de votre facture {{month, ofMonth}} : **{{amount, money}} EUR** sur {{total, money}} EUR.',
      found:
        'Le poste {{line}} de votre facture {{month, ofMonth}} est de **{{amount, money}} EUR**{{note}}, sur un total de {{total, money}} EUR.',
      missing:
        'Votre facture {{month, ofMonth}} n’a pas de poste {{line}} ; son total est de {{total, money}} EUR.',
    },
    threshold: {
      above_yes:
        'Oui : votre facture {{month, ofMonth}} était de {{amount, money}} EUR, plus de {{limit, money}} EUR.',
      above_no:
        'Non : votre facture {{month, ofMonth}} était de {{amount, money}} EUR, pas plus de {{limit, money}} EUR.',
      below_yes:
        'Oui : votre facture {{month, ofMonth}} était de {{amount, money}} EUR, moins de {{limit, money}} EUR.',
      below_no:
        'Non : votre facture {{month, ofMonth}} était de {{amount, money}} EUR, pas moins de {{limit, money}} EUR.',
      above_yes_line:
        'Oui : le poste {{line}} de votre facture {{month, ofMonth}} était de {{amount, money}} EUR, plus de {{limit, money}} EUR.',
      above_no_line:
        'Non : le poste {{line}} de votre facture {{month, ofMonth}} était de {{amount, money}} EUR, pas plus de {{limit, money}} EUR.',
      below_yes_line:
        'Oui : le poste {{line}} de votre facture {{month, ofMonth}} était de {{amount, money}} EUR, moins de {{limit, money}} EUR.',
      below_no_line:
        'Non : le poste {{line}} de votre facture {{month, ofMonth}} était de {{amount, money}} EUR, pas moins de {{limit, money}} EUR.',
    },
    months: {
      lead: 'Voici votre facture mois par mois, en EUR :',
      lead_line: 'Voici le poste {{line}} de votre facture mois par mois, en EUR :',
      same: 'Votre facture était la même en {{first, month}} et en {{last, month}} : {{amount, money}} EUR.',
      same_line:
        'Le poste {{line}} était le même en {{first, month}} et en {{last, month}} : {{amount, money}} EUR.',
      more: 'Votre facture {{last, ofMonth}} était de {{difference, money}} EUR de plus que celle {{first, ofMonth}} ({{lastAmount, money}} contre {{firstAmount, money}} EUR, {{change, percent}}).',
      more_line:
        'Le poste {{line}} {{last, ofMonth}} était de {{difference, money}} EUR de plus que celui {{first, ofMonth}} ({{lastAmount, money}} contre {{firstAmount, money}} EUR, {{change, percent}}).',
      less: 'Votre facture {{last, ofMonth}} était de {{difference, money}} EUR de moins que celle {{first, ofMonth}} ({{lastAmount, money}} contre {{firstAmount, money}} EUR, {{change, percent}}).',
      less_line:
        'Le poste {{line}} {{last, ofMonth}} était de {{difference, money}} EUR de moins que celui {{first, ofMonth}} ({{lastAmount, money}} contre {{firstAmount, money}} EUR, {{change, percent}}).',
      total_one: 'Total du mois : **{{total, money}} EUR**.',
      total_other:
        'Total sur ces {{count}} mois : **{{total, money}} EUR** ({{average, money}} EUR par mois en moyenne).',
      average_one:
        'En moyenne, votre facture était de **{{average, money}} EUR** par mois ({{total, money}} EUR au total).',
      average_other:
        'En moyenne, votre facture était de **{{average, money}} EUR** par mois sur ces {{count}} mois ({{total, money}} EUR au total).',
      average_line_one:
        'En moyenne, le poste {{line}} était de **{{average, money}} EUR** par mois ({{total, money}} EUR au total).',
      average_line_other:
        'En moyenne, le poste {{line}} était de **{{average, money}} EUR** par mois sur ces {{count}} mois ({{total, money}} EUR au total).',
      highest: 'Votre facture la plus élevée était celle {{month, ofMonth}} : **{{amount, money}} EUR**.',
      highest_line: 'Le poste {{line}} était le plus élevé en {{month, month}} : **{{amount, money}} EUR**.',
      lowest: 'Votre facture la plus basse était celle {{month, ofMonth}} : **{{amount, money}} EUR**.',
      lowest_line: 'Le poste {{line}} était le plus bas en {{month, month}} : **{{amount, money}} EUR**.',
      largest_one:
        'Le poste le plus élevé de votre facture est {{line}} sur la facture {{month, ofMonth}} : **{{amount, money}} EUR**{{note}}.',
      largest_other:
        'Le poste le plus élevé de ces {{count}} factures est {{line}} sur la facture {{month, ofMonth}} : **{{amount, money}} EUR**{{note}}.',
    },
  },
  roaming: {
    table: {
      country: 'Pays',
      data: 'Données incluses',
      price: 'Prix (EUR)',
      perGb: 'Par Go (EUR)',
      month: 'Mois',
    },
    gb: '{{count}} Go',
    lead: 'Voici les forfaits de données en roaming pour {{country, country}} en {{month, month}} :',
    lead_every: 'Voici les forfaits de données en roaming dans tous les pays couverts en {{month, month}} :',
    sideBySide: 'Forfaits de données en roaming en {{month, month}}, côte à côte :',
    cheapest:
      'Le forfait le moins cher est celui de {{country, country}} : {{price, money}} EUR pour {{gb}} Go.',
    cheaperPerGb: 'Par Go, {{country, country}} est moins cher ({{price, money}} EUR par Go).',
    monthByMonth: 'Roaming pour {{country, country}}, mois par mois :',
    stayed: 'Le prix est resté à {{price, money}} EUR.',
    wentUp:
      'Le prix a augmenté de {{difference, money}} EUR ({{change, percent}}), de {{from, money}} EUR en {{first, month}} à {{to, money}} EUR en {{last, month}}.',
    wentDown:
      'Le prix a baissé de {{difference, money}} EUR ({{change, percent}}), de {{from, money}} EUR en {{first, month}} à {{to, money}} EUR en {{last, month}}.',
    packs_one:
      'Pour {{need}} Go pour {{country, country}} : {{count}} forfait de {{gb}} Go à {{price, money}} EUR, **{{cost, money}} EUR**.',
    packs_other:
      'Pour {{need}} Go pour {{country, country}} : {{count}} forfaits de {{gb}} Go à {{price, money}} EUR chacun, **{{cost, money}} EUR**.',
    together: 'Au total : **{{cost, money}} EUR**.',
    sorry: 'Désolé. {{reason}}',
  },
  tariff: {
    table: {
      plan: 'Forfait',
      type: 'Type',
      price: 'Prix (EUR)',
      validity: 'Validité',
      minutes: 'Minutes',
      data: 'Données',
      sms: 'SMS',
      addOns: 'Options (EUR)',
      yours: '(votre forfait)',
      none: 'aucune',
    },
    structure: {
      prepaid: 'prépayé',
      postpaid: 'postpayé',
      hybrid: 'hybride',
      flat_rate: 'forfait illimité',
      tiered: 'par paliers',
    },
    current: 'Vous avez le forfait {{plan}} ; voici ce qu’il comprend, prix en EUR :',
    overview:
      'Vous avez le forfait {{plan}} ({{price, money}} EUR par {{validity}}). Le tableau montre tous nos forfaits, prix en EUR :',
    ofType: 'Voici nos forfaits de type {{type}}, prix en EUR :',
    named: 'Voici {{plans}}, prix en EUR :',
    sideBySide: 'Ces forfaits côte à côte, prix en EUR :',
    samePrice: '{{a}} et {{b}} coûtent le même prix : {{price, money}} EUR.',
    costsMore:
      '{{dearer}} coûte {{difference, money}} EUR de plus que {{cheaper}} ({{dearerPrice, money}} EUR par {{dearerValidity}} contre {{cheaperPrice, money}} EUR par {{cheaperValidity}}).',
    yearly: 'Sur une année de 12 paiements, cela fait **{{difference, money}} EUR** de plus.',
    addOnPrice: '{{addon}} est une option du forfait {{plan}} : **{{price, money}} EUR**.',
    addOnPrice_validity:
      '{{addon}} est une option du forfait {{plan}} : **{{price, money}} EUR** pour {{validity}}.',
    yearlyCost:
      'Sur une année de 12 paiements, {{plan}} coûte **{{total, money}} EUR** (12 × {{price, money}} EUR).',
    withAddOns: '{{plan}} avec {{addons}} : {{prices}} = **{{total, money}} EUR** par {{validity}}.',
    withAddOn:
      '{{plan}} avec {{addon}} : {{price, money}} + {{addonPrice, money}} = **{{total, money}} EUR** par {{validity}}.',
    moreData:
      '{{more}} offre {{extra}} Go de données de plus que {{less}} ({{moreGb}} Go contre {{lessGb}} Go).',
    constraint: {
      data: 'au moins {{count}} Go de données',
      minutes: 'au moins {{count}} minutes',
      sms: 'au moins {{count}} SMS',
      minPrice: 'au moins {{price, money}} EUR',
      maxPrice: 'au plus {{price, money}} EUR',
      fiveG: '5G',
      finiteData: 'des données limitées',
    },
    none: 'Aucun de nos forfaits n’a {{wanted}}. Voici tous nos forfaits, prix en EUR :',
    noneAsked: 'ce que vous demandez',
    cheapest:
      'Le forfait le moins cher est **{{plan}}** à {{price, money}} EUR par {{validity}} ({{data}} de données).',
    mostData:
      'Le forfait avec le plus de données est **{{plan}}** : {{data}} pour {{price, money}} EUR par {{validity}}.',
    mostData_wanted:
      'Le forfait avec le plus de données avec {{wanted}} est **{{plan}}** : {{data}} pour {{price, money}} EUR par {{validity}}.',
    cheapest_wanted:
      'Le forfait le moins cher avec {{wanted}} est **{{plan}}** à {{price, money}} EUR par {{validity}} ({{data}} de données).',
    moreFit_one: '{{count}} autre convient, du moins cher au plus cher :',
    moreFit_other: '{{count}} autres conviennent, du moins cher au plus cher :',
    noPlans: 'Désolé, je n’ai pas pu consulter les forfaits. {{reason}}',
    noPlansOfType: 'Désolé, je n’ai pas trouvé ces forfaits. {{reason}}',
    noCurrent: 'Désolé, je n’ai pas pu consulter votre forfait. {{reason}}',
  },
};
