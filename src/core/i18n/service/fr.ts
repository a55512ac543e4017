import type { ServiceCatalogue } from './en.ts';

/**
 * The service's own texts in French (vous), with the English catalogue's keys (en.ts). A no-break
 * space (U+00A0) goes before « ? » and « ; », as French typography wants.
 */
export const fr: ServiceCatalogue = {
  message: {
    received: 'Message reçu et transmis à l’agent.',
    cancelled: 'Annulé à la demande de l’application cliente avant d’avoir reçu une réponse.',
  },

  failure: {
    model_error:
      'L’assistant n’a pas pu formuler de réponse exploitable cette fois-ci. Veuillez réessayer ou reformuler votre question.',
    model_unavailable:
      'L’assistant n’est pas joignable pour le moment\u00a0; veuillez réessayer dans quelques minutes.',
    tool_unavailable:
      '{{Service}} n’est pas joignable pour le moment\u00a0; veuillez réessayer dans quelques minutes.',
    tool_contract:
      '{{Service}} a donné une réponse que nous n’avons pas pu lire. Le problème a été signalé\u00a0; veuillez réessayer plus tard.',
    deadline_exceeded:
      'La réponse prenait trop de temps et a été interrompue. Veuillez réessayer dans un instant.',
    shutting_down: 'Le service a redémarré avant de répondre à votre message. Veuillez l’envoyer à nouveau.',
    internal:
      'Un problème est survenu de notre côté pendant la réponse. Il a été signalé\u00a0; veuillez réessayer.',
  },

  service: {
    domain: 'le service «\u00a0{{domain}}\u00a0»',
    unknown: 'un service dont nous avons besoin',
    named: {
      billing: 'le service de facturation',
      roaming: 'le service d’itinérance',
      tariff: 'le service des forfaits',
      faq: 'le service du centre d’aide',
      ticket: 'le service des demandes d’assistance',
    },
  },

  decline: {
    refused:
      'Je suis désolé, mais je ne peux pas donner suite à cette demande. Je peux vous aider pour {{topics}}.',
    off_topic:
      'Je suis désolé, je ne peux répondre qu’aux questions sur votre service mobile\u00a0: {{topics}}.',
    third_party:
      'Je suis désolé, je ne peux m’occuper que du compte de la personne avec qui je parle\u00a0: je ne peux donc ni ' +
      'consulter ni communiquer les factures, le forfait, la consommation ou le numéro de quelqu’un d’autre. Si ' +
      'cette personne est notre cliente, elle peut nous contacter elle-même\u00a0; je vous aide volontiers pour ' +
      'votre propre compte.',
  },

  hand_over: {
    consent_question:
      'Voulez-vous que j’ouvre une demande d’assistance pour qu’un collègue vous contacte\u00a0? (oui/non)',
    offer:
      'Si vous souhaitez qu’un collègue s’en occupe, je peux lui transmettre votre demande. {{consent_question}}',
    again:
      'Je suis désolé\u00a0: ce n’est pas la première fois dans cette conversation que je n’ai pas pu vous aider. {{offer}}',
    ask: 'Je peux transmettre votre demande à une personne. {{consent_question}}',
    declined:
      'Entendu, je n’ouvre pas de demande. Je reste à votre disposition pour vos factures, l’itinérance, les forfaits et toute autre question.',
    opened:
      'J’ai ouvert la demande d’assistance **{{ticket}}**. Un collègue lira notre conversation et vous contactera ' +
      'sous un jour ouvré\u00a0; vous n’aurez rien à répéter. Indiquez le numéro de la demande si vous nous ' +
      'contactez entre-temps.',
    not_opened: 'Je suis désolé, je n’ai pas pu ouvrir la demande\u00a0: {{reason}}',
  },

  action: {
    days_one: '{{count}} jour',
    days_other: '{{count}} jours',
    months_one: '{{count}} mois',
    months_other: '{{count}} mois',
    price: '{{price, money}} EUR',
    price_per: '{{price, money}} EUR par {{validity}}',
    propose: {
      change_plan:
        'Passer de {{from}}, {{fromPrice}}, à {{to}}, {{toPrice}}, à partir d’aujourd’hui\u00a0?{{ending}} (oui/non)',
      change_plan_ending: ' Vos options de {{plan}} ({{addons}}) prennent fin avec lui.',
      add_addon:
        'Ajouter {{addon}} à votre forfait {{plan}} pour {{price, money}} EUR, à partir d’aujourd’hui\u00a0? (oui/non)',
      add_addon_valid:
        'Ajouter {{addon}} à votre forfait {{plan}} pour {{price, money}} EUR (valable {{validity}}), à partir d’aujourd’hui\u00a0? (oui/non)',
      buy_roaming_pack:
        'Acheter un pack d’itinérance pour la destination {{country, country}}\u00a0: {{data}} Go de données pour {{price, money}} EUR, valable {{validity}} à partir d’aujourd’hui\u00a0? (oui/non)',
    },
    executed: {
      change_plan: 'C’est fait\u00a0: vous avez le forfait {{plan}} à partir d’aujourd’hui.',
      change_plan_priced:
        'C’est fait\u00a0: vous avez le forfait {{plan}}, {{price}}, à partir d’aujourd’hui.',
      add_addon:
        'C’est fait\u00a0: {{addon}} est ajouté à votre forfait {{plan}}. Vos options désormais\u00a0: {{addons}}.',
      buy_roaming_pack_one:
        'C’est fait\u00a0: vous avez un pack d’itinérance pour la destination {{country, country}} avec {{data}} Go de données pour {{price, money}} EUR, valable {{validity}} à partir d’aujourd’hui ({{count}} pack pour la destination {{country, country}} sur votre ligne).',
      buy_roaming_pack_other:
        'C’est fait\u00a0: vous avez un pack d’itinérance pour la destination {{country, country}} avec {{data}} Go de données pour {{price, money}} EUR, valable {{validity}} à partir d’aujourd’hui ({{count}} packs pour la destination {{country, country}} sur votre ligne).',
      unknown: 'C’est fait.',
    },
    failed: 'Je suis désolé, je n’ai pas pu le faire\u00a0: {{reason}}. Rien n’a été modifié.',
    failed_unknown: 'le compte ne le permet pas',
    expired_minutes_one:
      'Cette proposition a expiré au bout de {{count}} minute sans réponse, rien n’a donc été modifié. Redemandez-le si vous le souhaitez toujours.',
    expired_minutes_other:
      'Cette proposition a expiré au bout de {{count}} minutes sans réponse, rien n’a donc été modifié. Redemandez-le si vous le souhaitez toujours.',
    expired_seconds_one:
      'Cette proposition a expiré au bout de {{count}} seconde sans réponse, rien n’a donc été modifié. Redemandez-le si vous le souhaitez toujours.',
    expired_seconds_other:
      'Cette proposition a expiré au bout de {{count}} secondes sans réponse, rien n’a donc été modifié. Redemandez-le si vous le souhaitez toujours.',
    declined: 'Entendu, rien n’a été modifié. Puis-je vous aider pour autre chose\u00a0?',
    ask_again: 'Veuillez répondre par oui ou par non. {{question}}',
    nothing_waiting: 'Rien n’attend votre réponse. {{answer}}',
  },
};
