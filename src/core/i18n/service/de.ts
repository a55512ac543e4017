import type { ServiceCatalogue } from './en.ts';

/** The service's own texts in German (Sie), with the English catalogue's keys (en.ts). */
export const de: ServiceCatalogue = {
  message: {
    received: 'Nachricht erhalten und an den Agenten weitergeleitet.',
    cancelled: 'Auf Wunsch der Client-Anwendung abgebrochen, bevor sie beantwortet wurde.',
  },

  failure: {
    model_error:
      'Der Assistent konnte diesmal keine brauchbare Antwort zusammenstellen. Bitte versuchen Sie es noch einmal oder formulieren Sie Ihre Frage anders.',
    model_unavailable:
      'Der Assistent ist gerade nicht erreichbar; bitte versuchen Sie es in ein paar Minuten noch einmal.',
    tool_unavailable:
      '{{Service}} ist gerade nicht erreichbar; bitte versuchen Sie es in ein paar Minuten noch einmal.',
    tool_contract:
      '{{Service}} hat eine Antwort gegeben, die wir nicht lesen konnten. Der Fehler wurde gemeldet; bitte versuchen Sie es später noch einmal.',
    deadline_exceeded:
      'Die Antwort hat zu lange gedauert und wurde abgebrochen. Bitte versuchen Sie es gleich noch einmal.',
    shutting_down:
      'Der Dienst wurde neu gestartet, bevor Ihre Nachricht beantwortet war. Bitte senden Sie sie noch einmal.',
    internal:
      'Bei uns ist beim Beantworten etwas schiefgegangen. Der Fehler wurde gemeldet; bitte versuchen Sie es noch einmal.',
  },

  service: {
    domain: 'der Dienst „{{domain}}“',
    unknown: 'ein Dienst, den wir benötigen,',
    named: {
      billing: 'der Abrechnungsdienst',
      roaming: 'der Roaming-Dienst',
      tariff: 'der Tarifdienst',
      faq: 'der Dienst des Hilfecenters',
      ticket: 'der Ticketdienst',
    },
  },

  decline: {
    refused:
      'Es tut mir leid, bei dieser Anfrage kann ich Ihnen nicht helfen. Ich helfe Ihnen gern bei {{topics}}.',
    off_topic:
      'Es tut mir leid, ich kann Ihnen nur bei Fragen zu Ihrem Mobilfunkdienst helfen: bei {{topics}}.',
    third_party:
      'Es tut mir leid, ich kann nur mit dem Konto der Person helfen, mit der ich spreche. Daher kann ich die ' +
      'Rechnungen, den Tarif, den Verbrauch oder die Nummer einer anderen Person weder nachschlagen noch ' +
      'weitergeben. Wenn die Person unsere Kundin oder unser Kunde ist, kann sie sich selbst an uns wenden; bei ' +
      'Ihrem eigenen Konto helfe ich Ihnen gern.',
  },

  hand_over: {
    consent_question:
      'Soll ich ein Support-Ticket eröffnen, damit sich ein Kollege bei Ihnen meldet? (ja/nein)',
    offer:
      'Wenn sich ein Kollege darum kümmern soll, kann ich Ihr Anliegen weitergeben. {{consent_question}}',
    again:
      'Es tut mir leid: Das ist in diesem Gespräch nicht das erste Mal, dass ich Ihnen nicht helfen konnte. {{offer}}',
    ask: 'Ich kann Ihr Anliegen an einen Menschen weitergeben. {{consent_question}}',
    declined:
      'Kein Problem, ich eröffne kein Ticket. Ich bin weiterhin für Ihre Rechnungen, Roaming, Tarife und alle anderen Fragen da.',
    opened:
      'Ich habe das Support-Ticket **{{ticket}}** eröffnet. Ein Kollege liest unser Gespräch und meldet sich ' +
      'innerhalb eines Werktags bei Ihnen; Sie müssen nichts wiederholen. Bitte nennen Sie die Ticketnummer, ' +
      'wenn Sie sich in der Zwischenzeit bei uns melden.',
    not_opened: 'Es tut mir leid, ich konnte das Ticket nicht eröffnen: {{reason}}',
  },

  action: {
    days_one: '{{count}} Tag',
    days_other: '{{count}} Tage',
    months_one: '{{count}} Monat',
    months_other: '{{count}} Monate',
    price: '{{price, money}} EUR',
    price_per: '{{price, money}} EUR pro {{validity}}',
    propose: {
      change_plan:
        'Ab heute von {{from}}, {{fromPrice}}, zu {{to}}, {{toPrice}}, wechseln?{{ending}} (ja/nein)',
      change_plan_ending: ' Ihre Zusatzoptionen zu {{plan}} ({{addons}}) enden damit.',
      add_addon: '{{addon}} ab heute für {{price, money}} EUR zu Ihrem Tarif {{plan}} hinzufügen? (ja/nein)',
      add_addon_valid:
        '{{addon}} ab heute für {{price, money}} EUR (gültig {{validity}}) zu Ihrem Tarif {{plan}} hinzufügen? (ja/nein)',
      buy_roaming_pack:
        'Ein Roaming-Paket für {{country, country}} kaufen: {{data}} GB Daten für {{price, money}} EUR, gültig {{validity}} ab heute? (ja/nein)',
    },
    executed: {
      change_plan: 'Erledigt: Sie haben ab heute den Tarif {{plan}}.',
      change_plan_priced: 'Erledigt: Sie haben ab heute den Tarif {{plan}}, {{price}}.',
      add_addon:
        'Erledigt: {{addon}} ist zu Ihrem Tarif {{plan}} hinzugefügt. Ihre Zusatzoptionen jetzt: {{addons}}.',
      buy_roaming_pack_one:
        'Erledigt: Sie haben ein Roaming-Paket für {{country, country}} mit {{data}} GB Daten für {{price, money}} EUR, gültig {{validity}} ab heute ({{count}} Paket für {{country, country}} auf Ihrem Anschluss).',
      buy_roaming_pack_other:
        'Erledigt: Sie haben ein Roaming-Paket für {{country, country}} mit {{data}} GB Daten für {{price, money}} EUR, gültig {{validity}} ab heute ({{count}} Pakete für {{country, country}} auf Ihrem Anschluss).',
      unknown: 'Erledigt.',
    },
    failed: 'Es tut mir leid, das war nicht möglich: {{reason}}. Es wurde nichts geändert.',
    failed_unknown: 'das Konto lässt es nicht zu',
    expired_minutes_one:
      'Dieser Vorschlag ist nach {{count}} Minute ohne Antwort abgelaufen, es wurde also nichts geändert. Fragen Sie gern noch einmal, wenn Sie es weiterhin möchten.',
    expired_minutes_other:
      'Dieser Vorschlag ist nach {{count}} Minuten ohne Antwort abgelaufen, es wurde also nichts geändert. Fragen Sie gern noch einmal, wenn Sie es weiterhin möchten.',
    expired_seconds_one:
      'Dieser Vorschlag ist nach {{count}} Sekunde ohne Antwort abgelaufen, es wurde also nichts geändert. Fragen Sie gern noch einmal, wenn Sie es weiterhin möchten.',
    expired_seconds_other:
      'Dieser Vorschlag ist nach {{count}} Sekunden ohne Antwort abgelaufen, es wurde also nichts geändert. Fragen Sie gern noch einmal, wenn Sie es weiterhin möchten.',
    declined: 'In Ordnung, es wurde nichts geändert. Kann ich Ihnen sonst noch helfen?',
    ask_again: 'Bitte antworten Sie mit Ja oder Nein. {{question}}',
    nothing_waiting: 'Es wartet nichts auf Ihre Antwort. {{answer}}',
  },
};
