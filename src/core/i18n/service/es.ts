import type { ServiceCatalogue } from './en.ts';

/** The service's own texts in Spanish (usted), with the English catalogue's keys (en.ts). */
export const es: ServiceCatalogue = {
  message: {
    received: 'Mensaje recibido y enviado al agente.',
    cancelled: 'Cancelado a petición de la aplicación cliente antes de recibir respuesta.',
  },

  failure: {
    model_error:
      'Esta vez el asistente no ha podido elaborar una respuesta útil. Vuelva a intentarlo o formule la pregunta con otras palabras.',
    model_unavailable:
      'El asistente no está disponible en este momento; vuelva a intentarlo dentro de unos minutos.',
    tool_unavailable:
      '{{Service}} no está disponible en este momento; vuelva a intentarlo dentro de unos minutos.',
    tool_contract:
      '{{Service}} ha dado una respuesta que no hemos podido leer. Ya lo hemos notificado; vuelva a intentarlo más tarde.',
    deadline_exceeded: 'La respuesta tardaba demasiado y se ha detenido. Vuelva a intentarlo en un momento.',
    shutting_down: 'El servicio se reinició antes de responder a su mensaje. Envíelo de nuevo, por favor.',
    internal:
      'Algo ha fallado por nuestra parte al responder. Ya lo hemos notificado; vuelva a intentarlo, por favor.',
  },

  service: {
    domain: 'el servicio de {{domain}}',
    unknown: 'un servicio que necesitamos',
    named: {
      billing: 'el servicio de facturación',
      roaming: 'el servicio de itinerancia',
      tariff: 'el servicio de tarifas',
      faq: 'el servicio del centro de ayuda',
      ticket: 'el servicio de incidencias',
    },
  },

  decline: {
    refused: 'Lo siento, pero no puedo ayudarle con esa petición. Puedo ayudarle con {{topics}}.',
    off_topic: 'Lo siento, solo puedo ayudarle con preguntas sobre su servicio móvil: {{topics}}.',
    third_party:
      'Lo siento, solo puedo ayudar con la cuenta de la persona con la que hablo, así que no puedo consultar ni ' +
      'compartir las facturas, la tarifa, el consumo ni el número de otra persona. Si es cliente nuestro, puede ' +
      'ponerse en contacto con nosotros directamente; con mucho gusto le ayudo con su propia cuenta.',
  },

  hand_over: {
    consent_question: '¿Abro una incidencia para que un compañero se ponga en contacto con usted? (sí/no)',
    offer: 'Si desea que un compañero lo revise, puedo pasarle el caso. {{consent_question}}',
    again: 'Lo siento: no es la primera vez en esta conversación que no he podido ayudarle. {{offer}}',
    ask: 'Puedo pasar su caso a una persona. {{consent_question}}',
    declined:
      'De acuerdo, no abriré ninguna incidencia. Sigo a su disposición para sus facturas, la itinerancia, las tarifas y cualquier otra pregunta.',
    opened:
      'He abierto la incidencia **{{ticket}}**. Un compañero leerá nuestra conversación y se pondrá en contacto ' +
      'con usted en un plazo de un día laborable; no tendrá que repetir nada. Indique el número de la incidencia ' +
      'si se pone en contacto con nosotros mientras tanto.',
    not_opened: 'Lo siento, no he podido abrir la incidencia: {{reason}}',
  },

  action: {
    days_one: '{{count}} día',
    days_other: '{{count}} días',
    months_one: '{{count}} mes',
    months_other: '{{count}} meses',
    price: '{{price, money}} EUR',
    price_per: '{{price, money}} EUR por {{validity}}',
    propose: {
      change_plan:
        '¿Le cambio de {{from}}, {{fromPrice}}, a {{to}}, {{toPrice}}, a partir de hoy?{{ending}} (sí/no)',
      change_plan_ending: ' Sus complementos de {{plan}} ({{addons}}) terminan con el cambio.',
      add_addon:
        '¿Le añado {{addon}} a su tarifa {{plan}} por {{price, money}} EUR, a partir de hoy? (sí/no)',
      add_addon_valid:
        '¿Le añado {{addon}} a su tarifa {{plan}} por {{price, money}} EUR (válido {{validity}}), a partir de hoy? (sí/no)',
      buy_roaming_pack:
        '¿Le compro un paquete de itinerancia para {{country, country}}: {{data}} GB de datos por {{price, money}} EUR, válido {{validity}} a partir de hoy? (sí/no)',
    },
    executed: {
      change_plan: 'Hecho: desde hoy tiene la tarifa {{plan}}.',
      change_plan_priced: 'Hecho: desde hoy tiene la tarifa {{plan}}, {{price}}.',
      add_addon: 'Hecho: {{addon}} se ha añadido a su tarifa {{plan}}. Sus complementos ahora: {{addons}}.',
      buy_roaming_pack_one:
        'Hecho: tiene un paquete de itinerancia para {{country, country}} con {{data}} GB de datos por {{price, money}} EUR, válido {{validity}} a partir de hoy ({{count}} paquete para {{country, country}} en su línea).',
      buy_roaming_pack_other:
        'Hecho: tiene un paquete de itinerancia para {{country, country}} con {{data}} GB de datos por {{price, money}} EUR, válido {{validity}} a partir de hoy ({{count}} paquetes para {{country, country}} en su línea).',
      unknown: 'Hecho.',
    },
    failed: 'Lo siento, no he podido hacerlo: {{reason}}. No se ha cambiado nada.',
    failed_unknown: 'la cuenta no lo admite',
    expired_minutes_one:
      'Esa propuesta caducó tras {{count}} minuto sin respuesta, así que no se ha cambiado nada. Vuelva a pedirlo si todavía lo desea.',
    expired_minutes_other:
      'Esa propuesta caducó tras {{count}} minutos sin respuesta, así que no se ha cambiado nada. Vuelva a pedirlo si todavía lo desea.',
    expired_seconds_one:
      'Esa propuesta caducó tras {{count}} segundo sin respuesta, así que no se ha cambiado nada. Vuelva a pedirlo si todavía lo desea.',
    expired_seconds_other:
      'Esa propuesta caducó tras {{count}} segundos sin respuesta, así que no se ha cambiado nada. Vuelva a pedirlo si todavía lo desea.',
    declined: 'De acuerdo, no se ha cambiado nada. ¿Puedo ayudarle en algo más?',
    ask_again: 'Responda sí o no, por favor. {{question}}',
    nothing_waiting: 'No hay nada pendiente de su respuesta. {{answer}}',
  },
};
