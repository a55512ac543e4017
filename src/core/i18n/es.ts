import type { Catalogue } from './en.ts';

/** The Spanish catalogue: the English one's keys (en.ts says how they are written). */
export const es: Catalogue = {
  smalltalk: {
    capabilities: 'Puedo ayudarle con {{topics}}.',
    greeting: '¡Hola! {{capabilities}} ¿Qué le gustaría saber?',
    capabilitiesReply:
      '{{capabilities}} Por ejemplo: «¿Por qué fue tan alta mi factura el mes pasado?» o «¿Cuánto cuesta el roaming en España?»',
    thanks: '¡De nada! ¿Puedo ayudarle con algo más sobre sus facturas, el roaming o las tarifas?',
    goodbye: 'Adiós, y gracias por contactar con nosotros. ¡Que tenga un buen día!',
    needsContext:
      '¿Podría darme algún detalle más? Por ejemplo «¿Cuánto cuesta el roaming en Bélgica?» o «¿Cuánto fue mi factura hace dos meses?»',
  },
  billing: {
    table: {
      item: 'Concepto',
      amount: 'Importe (EUR)',
      note: 'Nota',
      total: 'Total',
      totalAmount: 'Total (EUR)',
      month: 'Mes',
      line: '{{line}} (EUR)',
    },
    notBilled: 'no facturado',
    changedItem: '- {{name}}: {{from}} → {{to}} EUR',
    whatChanged: 'Qué ha cambiado:',
    lead: 'Esta es su factura de {{month, month}}, concepto por concepto, en EUR:',
    noBill: 'Lo siento, no he encontrado esa factura. {{reason}}',
    noBills: 'Lo siento, no he encontrado esas facturas. {{gap}}',
    gap: 'No hay factura de {{months}}.',
    nothingToCompare: 'No hay factura de {{month, month}} con la que compararla.',
    change: {
      same: 'Su factura de {{month, month}} es de {{total, money}} EUR, igual que en {{previous, month}}.',
      more: 'Su factura de {{month, month}} es de {{total, money}} EUR, {{difference, money}} EUR más que en {{previous, month}} ({{previousTotal, money}} EUR) ({{change, percent}}).',
      less: 'Su factura de {{month, month}} es de {{total, money}} EUR, {{difference, money}} EUR menos que en {{previous, month}} ({{previousTotal, money}} EUR) ({{change, percent}}).',
    },
    line: {
      share:
        '{{line}} es el {{share, share}} de su factura de {{month, month}}: **{{amount, money}} EUR** de {{total, money}} EUR.',
      found:
        'El concepto {{line}} de su factura de {{month, month}} es de **{{amount, money}} EUR**{{note}}, de un total de {{total, money}} EUR.',
      missing:
        'Su factura de {{month, month}} no tiene el concepto {{line}}; su total es de {{total, money}} EUR.',
    },
    threshold: {
      above_yes:
        'Sí: su factura de {{month, month}} fue de {{amount, money}} EUR, más de {{limit, money}} EUR.',
      above_no:
        'No: su factura de {{month, month}} fue de {{amount, money}} EUR, no más de {{limit, money}} EUR.',
      below_yes:
        'Sí: su factura de {{month, month}} fue de {{amount, money}} EUR, menos de {{limit, money}} EUR.',
      below_no:
        'No: su factura de {{month, month}} fue de {{amount, money}} EUR, no menos de {{limit, money}} EUR.',
      above_yes_line:
        'Sí: el concepto {{line}} de su factura de {{month, month}} fue de {{amount, money}} EUR, más de {{limit, money}} EUR.',
      above_no_line:
        'No: el concepto {{line}} de su factura de {{month, month}} fue de {{amount, money}} EUR, no más de {{limit, money}} EUR.',
      below_yes_line:
        'Sí: el concepto {{line}} de su factura de {{month, month}} fue de {{amount, money}} EUR, menos de {{limit, money}} EUR.',
      below_no_line:
        'No: el concepto {{line}} de su factura de {{month, month}} fue de {{amount, money}} EUR, no menos de {{limit, money}} EUR.',
    },
    months: {
      lead: 'Esta es su factura mes a mes, en EUR:',
      lead_line: 'Este es el concepto {{line}} de su factura mes a mes, en EUR:',
      same: 'Su factura fue la misma en {{first, month}} y {{last, month}}: {{amount, money}} EUR.',
      same_line:
        'El concepto {{line}} fue el mismo en {{first, month}} y {{last, month}}: {{amount, money}} EUR.',
      more: 'Su factura de {{last, month}} fue {{difference, money}} EUR más alta que la de {{first, month}} ({{lastAmount, money}} frente a {{firstAmount, money}} EUR, {{change, percent}}).',
      more_line:
        'El concepto {{line}} de {{last, month}} fue {{difference, money}} EUR más alto que el de {{first, month}} ({{lastAmount, money}} frente a {{firstAmount, money}} EUR, {{change, percent}}).',
      less: 'Su factura de {{last, month}} fue {{difference, money}} EUR más baja que la de {{first, month}} ({{lastAmount, money}} frente a {{firstAmount, money}} EUR, {{change, percent}}).',
      less_line:
        'El concepto {{line}} de {{last, month}} fue {{difference, money}} EUR más bajo que el de {{first, month}} ({{lastAmount, money}} frente a {{firstAmount, money}} EUR, {{change, percent}}).',
      total_one: 'Total del mes: **{{total, money}} EUR**.',
      total_other:
        'Total de estos {{count}} meses: **{{total, money}} EUR** ({{average, money}} EUR al mes de media).',
      average_one:
        'De media, su factura fue de **{{average, money}} EUR** al mes en ese mes ({{total, money}} EUR en total).',
      average_other:
        'De media, su factura fue de **{{average, money}} EUR** al mes en estos {{count}} meses ({{total, money}} EUR en total).',
      average_line_one:
        'De media, el concepto {{line}} fue de **{{average, money}} EUR** al mes en ese mes ({{total, money}} EUR en total).',
      average_line_other:
        'De media, el concepto {{line}} fue de **{{average, money}} EUR** al mes en estos {{count}} meses ({{total, money}} EUR en total).',
      highest: 'Su factura más alta fue la de {{month, month}}: **{{amount, money}} EUR**.',
      highest_line: 'El concepto {{line}} fue más alto en {{month, month}}: **{{amount, money}} EUR**.',
      lowest: 'Su factura más baja fue la de {{month, month}}: **{{amount, money}} EUR**.',
      lowest_line: 'El concepto {{line}} fue más bajo en {{month, month}}: **{{amount, money}} EUR**.',
      largest_one:
        'El concepto más alto de su factura es {{line}} en la factura de {{month, month}}: **{{amount, money}} EUR**{{note}}.',
      largest_other:
        'El concepto más alto de estas {{count}} facturas es {{line}} en la factura de {{month, month}}: **{{amount, money}} EUR**{{note}}.',
    },
  },
  roaming: {
    table: {
      country: 'País',
      data: 'Datos incluidos',
      price: 'Precio (EUR)',
      perGb: 'Por GB (EUR)',
      month: 'Mes',
    },
    gb: '{{count}} GB',
    lead: 'Estos son los bonos de datos de roaming en {{country, country}} para {{month, month}}:',
    lead_every:
      'Estos son los bonos de datos de roaming en todos los países que cubrimos para {{month, month}}:',
    sideBySide: 'Bonos de datos de roaming para {{month, month}}, uno junto a otro:',
    cheapest: 'El bono más barato es el de {{country, country}}: {{price, money}} EUR por {{gb}} GB.',
    cheaperPerGb: 'Por GB, {{country, country}} es más barato ({{price, money}} EUR por GB).',
    monthByMonth: 'Roaming en {{country, country}}, mes a mes:',
    stayed: 'El precio se mantuvo en {{price, money}} EUR.',
    wentUp:
      'El precio subió {{difference, money}} EUR ({{change, percent}}), de {{from, money}} EUR en {{first, month}} a {{to, money}} EUR en {{last, month}}.',
    wentDown:
      'El precio bajó {{difference, money}} EUR ({{change, percent}}), de {{from, money}} EUR en {{first, month}} a {{to, money}} EUR en {{last, month}}.',
    packs_one:
      'Para {{need}} GB en {{country, country}}: {{count}} bono de {{gb}} GB a {{price, money}} EUR, **{{cost, money}} EUR**.',
    packs_other:
      'Para {{need}} GB en {{country, country}}: {{count}} bonos de {{gb}} GB a {{price, money}} EUR cada uno, **{{cost, money}} EUR**.',
    together: 'En total: **{{cost, money}} EUR**.',
    sorry: 'Lo siento. {{reason}}',
  },
  tariff: {
    table: {
      plan: 'Tarifa',
      type: 'Tipo',
      price: 'Precio (EUR)',
      validity: 'Validez',
      minutes: 'Minutos',
      data: 'Datos',
      sms: 'SMS',
      addOns: 'Extras (EUR)',
      yours: '(su tarifa)',
      none: 'ninguno',
    },
    structure: {
      prepaid: 'prepago',
      postpaid: 'pospago',
      hybrid: 'híbrida',
      flat_rate: 'tarifa plana',
      tiered: 'por tramos',
    },
    current: 'Tiene la tarifa {{plan}}; esto es lo que incluye, precios en EUR:',
    overview:
      'Tiene la tarifa {{plan}} ({{price, money}} EUR por {{validity}}). La tabla muestra todas nuestras tarifas, precios en EUR:',
    ofType: 'Estas son nuestras tarifas de tipo {{type}}, precios en EUR:',
    named: 'Aquí tiene {{plans}}, precios en EUR:',
    sideBySide: 'Estas tarifas una junto a otra, precios en EUR:',
    samePrice: '{{a}} y {{b}} cuestan lo mismo: {{price, money}} EUR.',
    costsMore:
      '{{dearer}} cuesta {{difference, money}} EUR más que {{cheaper}} ({{dearerPrice, money}} EUR por {{dearerValidity}} frente a {{cheaperPrice, money}} EUR por {{cheaperValidity}}).',
    yearly: 'En un año de 12 pagos son **{{difference, money}} EUR** más.',
    addOnPrice: '{{addon}} es una opción de {{plan}}: **{{price, money}} EUR**.',
    addOnPrice_validity: '{{addon}} es una opción de {{plan}}: **{{price, money}} EUR** por {{validity}}.',
    yearlyCost: 'En un año de 12 pagos {{plan}} cuesta **{{total, money}} EUR** (12 × {{price, money}} EUR).',
    withAddOns: '{{plan}} con {{addons}}: {{prices}} = **{{total, money}} EUR** por {{validity}}.',
    withAddOn:
      '{{plan}} con {{addon}}: {{price, money}} + {{addonPrice, money}} = **{{total, money}} EUR** por {{validity}}.',
    moreData:
      '{{more}} ofrece {{extra}} GB más de datos que {{less}} ({{moreGb}} GB frente a {{lessGb}} GB).',
    constraint: {
      data: 'al menos {{count}} GB de datos',
      minutes: 'al menos {{count}} minutos',
      sms: 'al menos {{count}} SMS',
      minPrice: 'al menos {{price, money}} EUR',
      maxPrice: 'como máximo {{price, money}} EUR',
      fiveG: '5G',
      finiteData: 'datos limitados',
    },
    none: 'Ninguna de nuestras tarifas tiene {{wanted}}. Estas son todas nuestras tarifas, precios en EUR:',
    noneAsked: 'lo que busca',
    cheapest:
      'La tarifa más barata es **{{plan}}**, a {{price, money}} EUR por {{validity}} ({{data}} de datos).',
    mostData: 'La tarifa con más datos es **{{plan}}**: {{data}} por {{price, money}} EUR por {{validity}}.',
    mostData_wanted:
      'La tarifa con más datos con {{wanted}} es **{{plan}}**: {{data}} por {{price, money}} EUR por {{validity}}.',
    cheapest_wanted:
      'La tarifa más barata con {{wanted}} es **{{plan}}**, a {{price, money}} EUR por {{validity}} ({{data}} de datos).',
    moreFit_one: 'Encaja {{count}} más, de la más barata a la más cara:',
    moreFit_other: 'Encajan {{count}} más, de la más barata a la más cara:',
    noPlans: 'Lo siento, no he podido consultar las tarifas. {{reason}}',
    noPlansOfType: 'Lo siento, no he encontrado esas tarifas. {{reason}}',
    noCurrent: 'Lo siento, no he podido consultar su tarifa. {{reason}}',
  },
};
