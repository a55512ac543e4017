/** The topics the FAQ covers; every entry belongs to exactly one. */
export const FAQ_CATEGORIES = [
  'roaming',
  'bills-and-payments',
  'plans-and-upgrades',
  'sim-and-esim',
  'number-porting',
  'data-and-fair-use',
  'international-calls',
  'contracts-and-cancellation',
  'coverage-and-5g',
] as const;
export type FaqCategory = (typeof FAQ_CATEGORIES)[number];

/** One question and its answer, as customer service publishes it. */
export interface FaqEntry {
  id: string;
  category: FaqCategory;
  question: string;
  answer: string;
}

/**
 * The knowledge base shipped with the project. The original scraped a live help page; we ship the
 * text so answers are reproducible and work offline.
 */
export const FAQ_ENTRIES: readonly FaqEntry[] = [
  // Roaming
  {
    id: 'roaming-activate',
    category: 'roaming',
    question: 'How do I activate roaming before I travel?',
    answer:
      'Roaming is switched on by default for postpaid and hybrid plans. On a prepaid plan, turn it on in the app under Settings > Roaming or by texting ROAM ON to 2020. Also enable data roaming in your phone settings once you arrive.',
  },
  {
    id: 'roaming-countries',
    category: 'roaming',
    question: 'Which countries have roaming bundles and what do they cost?',
    answer:
      'We offer roaming data bundles for Spain (3 GB), Belgium (2 GB) and Romania (1 GB). Ask for the roaming charges of a country to see the current price; prices can change from month to month.',
  },
  {
    id: 'roaming-charges-high',
    category: 'roaming',
    question: 'Why did I get charged so much for roaming?',
    answer:
      'Roaming charges appear when you use data, calls or texts abroad outside a bundle. Check the roaming line of your bill: the note shows the country and the data used. Buying a roaming bundle before you travel is usually cheaper than paying per megabyte.',
  },
  {
    id: 'roaming-disable',
    category: 'roaming',
    question: 'How can I avoid roaming charges abroad?',
    answer:
      'Turn off data roaming in your phone settings, use Wi-Fi where available, or buy a roaming bundle for your destination. You receive a text when you reach 80% and 100% of your roaming bundle.',
  },
  // Bills and payments
  {
    id: 'bill-view',
    category: 'bills-and-payments',
    question: 'Where can I see my bill?',
    answer:
      'Your bills for the last four months are in the app under Billing and in your online account. Each bill lists the base charge, roaming and third-party services such as Amazon Prime or Spotify.',
  },
  {
    id: 'bill-higher',
    category: 'bills-and-payments',
    question: 'Why is my bill higher than usual?',
    answer:
      'A higher bill usually comes from roaming, purchases charged to your phone bill (for example movies or subscriptions) or a change of your base charge. Compare the line items with the previous month to see what changed, or ask us about a specific month.',
  },
  {
    id: 'payment-methods',
    category: 'bills-and-payments',
    question: 'How can I pay my bill?',
    answer:
      'You can pay by direct debit, by card in the app or online, or by bank transfer using the reference on your bill. Direct debit is taken on the due date shown on the bill.',
  },
  {
    id: 'payment-late',
    category: 'bills-and-payments',
    question: 'What happens if I pay my bill late?',
    answer:
      'We send a reminder five days after the due date. If the bill is still unpaid after 14 days outgoing calls and data may be restricted until payment arrives. Contact us early if you need a payment arrangement.',
  },
  {
    id: 'third-party-charges',
    category: 'bills-and-payments',
    question: 'Why are Amazon Prime or Spotify on my phone bill?',
    answer:
      'Subscriptions and purchases you made with carrier billing are charged to your phone bill, including movie rentals in Amazon Prime. You can block carrier billing or cancel a subscription with the provider itself.',
  },
  {
    id: 'bill-dispute',
    category: 'bills-and-payments',
    question: 'How do I dispute a charge on my bill?',
    answer:
      'Contact customer service within 60 days of the bill date and name the line item you disagree with. We review it within 10 working days and credit any confirmed error on your next bill.',
  },
  // Plans and upgrades
  {
    id: 'plan-change',
    category: 'plans-and-upgrades',
    question: 'How do I change or upgrade my plan?',
    answer:
      'You can switch plans in the app under My Plan or by asking customer service. Upgrades take effect immediately; downgrades take effect at the start of the next billing period or validity period.',
  },
  {
    id: 'plan-types',
    category: 'plans-and-upgrades',
    question: 'What is the difference between prepaid, postpaid, hybrid, flat rate and tiered plans?',
    answer:
      'Prepaid plans are paid in advance for a validity period (for example 28 days). Postpaid plans are billed monthly after use. Hybrid plans combine a monthly fee with top-ups. Flat rate plans include unlimited use under a fair use policy. Tiered plans let you step up to a higher tier when you need more.',
  },
  {
    id: 'plan-add-ons',
    category: 'plans-and-upgrades',
    question: 'Can I add extra data or minutes to my plan?',
    answer:
      'Yes, each plan has add-ons such as data boosters, calling packs or streaming bundles. Add-ons are bought in the app and are valid for the period shown with the add-on.',
  },
  {
    id: 'prepaid-topup',
    category: 'plans-and-upgrades',
    question: 'How do I top up my prepaid plan?',
    answer:
      'Top up in the app, online with a card, with a voucher from a shop, or set up automatic top-up so your plan renews at the end of each validity period.',
  },
  // SIM and eSIM
  {
    id: 'esim-activate',
    category: 'sim-and-esim',
    question: 'How do I get and activate an eSIM?',
    answer:
      'Order an eSIM in the app or in a shop. You receive a QR code; scan it in your phone settings under Mobile data > Add eSIM. The eSIM is active within a few minutes. Your phone must support eSIM.',
  },
  {
    id: 'sim-lost',
    category: 'sim-and-esim',
    question: 'My SIM card was lost or stolen. What should I do?',
    answer:
      'Block your SIM at once in the app or by calling customer service, so nobody can use your number. We send a replacement SIM with the same number, or you can switch to an eSIM straight away.',
  },
  {
    id: 'sim-pin-puk',
    category: 'sim-and-esim',
    question: 'My SIM is locked and asks for a PUK code. Where do I find it?',
    answer:
      'The PUK code is on the card your SIM came with and in the app under SIM > Codes. After ten wrong PUK entries the SIM is blocked permanently and must be replaced.',
  },
  {
    id: 'esim-transfer',
    category: 'sim-and-esim',
    question: 'How do I move my eSIM to a new phone?',
    answer:
      'Request an eSIM transfer in the app under SIM > Transfer eSIM. You get a new QR code for the new phone; the old eSIM stops working once the new one is activated.',
  },
  // Number porting
  {
    id: 'port-in',
    category: 'number-porting',
    question: 'Can I keep my phone number when I switch to you?',
    answer:
      'Yes. Request a porting code (PAC) from your current operator, then give it to us when you order your SIM. Your number moves over within one working day; you keep service throughout.',
  },
  {
    id: 'port-out',
    category: 'number-porting',
    question: 'How do I take my number to another operator?',
    answer:
      'Ask us for your porting code in the app or by texting PAC to 2020. The code is valid for 30 days. Your contract ends when the number has moved; any remaining fixed-term fees still apply.',
  },
  {
    id: 'port-delay',
    category: 'number-porting',
    question: 'My number transfer is taking too long. What can I do?',
    answer:
      'Porting normally completes within one working day. Check that the porting code and the account holder name match your old contract. If it has taken longer than two working days, contact us and we will chase it with the other operator.',
  },
  // Data and fair use
  {
    id: 'fair-use',
    category: 'data-and-fair-use',
    question: 'What is the fair use policy?',
    answer:
      'Unlimited and large allowances are for normal personal use in a phone. Continuous tethering, reselling or using the SIM in a server or modem is not normal use; if we see it we contact you first and may reduce speeds.',
  },
  {
    id: 'data-rollover',
    category: 'data-and-fair-use',
    question: 'Does unused data roll over to the next month?',
    answer:
      'Only on plans marked with rollover, such as SmartConnect 5G Max and HybridSaver 5G+: unused data moves to the next period and is used first. On plans without rollover, unused data expires at the end of the period.',
  },
  {
    id: 'data-used-up',
    category: 'data-and-fair-use',
    question: 'What happens when I run out of data?',
    answer:
      'You receive a text at 80% and 100% of your allowance. After that, mobile data is paused until you buy a data add-on or your plan renews; calls and texts keep working.',
  },
  {
    id: 'data-usage-check',
    category: 'data-and-fair-use',
    question: 'How can I check how much data I have used?',
    answer:
      'The app shows your remaining data, minutes and texts on the home screen. You can also text USAGE to 2020. Usage can take up to an hour to appear.',
  },
  {
    id: 'hotspot',
    category: 'data-and-fair-use',
    question: 'Can I use my phone as a hotspot or tether?',
    answer:
      'Yes, tethering is included on all plans and counts towards your data allowance. On unlimited plans tethering is subject to the fair use policy.',
  },
  // International calls
  {
    id: 'intl-calls-cost',
    category: 'international-calls',
    question: 'How much does it cost to call abroad from home?',
    answer:
      'International calls are charged per minute by destination and are not part of your included minutes. The International Calling Pack add-on gives you discounted minutes to popular destinations.',
  },
  {
    id: 'intl-calls-block',
    category: 'international-calls',
    question: 'How do I block or allow international calls?',
    answer:
      "International calling is on by default. You can block it, for example for a child's phone, in the app under Settings > Call barring.",
  },
  {
    id: 'intl-sms',
    category: 'international-calls',
    question: 'Can I send texts to international numbers?',
    answer:
      'Yes. Texts to international numbers are charged per message and are not part of your included SMS. Start the number with + and the country code.',
  },
  // Contracts and cancellation
  {
    id: 'cancel-contract',
    category: 'contracts-and-cancellation',
    question: 'How do I cancel my contract?',
    answer:
      "Postpaid contracts can be cancelled with 30 days' notice in the app, online or by calling customer service. If you are within a fixed minimum term, an early termination fee applies. Prepaid plans simply end when you stop renewing them.",
  },
  {
    id: 'contract-term',
    category: 'contracts-and-cancellation',
    question: 'What is the minimum term of my contract?',
    answer:
      'Postpaid plans have a 12 or 24 month minimum term, shown in your contract summary in the app. Prepaid and hybrid plans have no minimum term.',
  },
  {
    id: 'cooling-off',
    category: 'contracts-and-cancellation',
    question: 'Can I cancel a new contract if I change my mind?',
    answer:
      'Yes, you have a 14-day cooling-off period from the day you receive your SIM or sign the contract. Return any device in its original condition; you pay only for what you used.',
  },
  {
    id: 'price-increase',
    category: 'contracts-and-cancellation',
    question: 'Why did my base charge go up?',
    answer:
      'Base charges can change after an announced price increase. We notify you at least 30 days in advance by text and email, and the new charge appears on your bill from the month it takes effect.',
  },
  // Coverage and 5G
  {
    id: 'coverage-check',
    category: 'coverage-and-5g',
    question: 'How can I check network coverage in my area?',
    answer:
      'Use the coverage map on our website or in the app: enter an address to see 4G and 5G coverage indoors and outdoors, and any planned works.',
  },
  {
    id: '5g-access',
    category: 'coverage-and-5g',
    question: 'How do I get 5G?',
    answer:
      'You need a 5G phone, a plan with 5G (all plans with 5G in their name) and to be in a 5G coverage area. Enable 5G in your phone under Mobile network settings. There is no extra charge for 5G.',
  },
  {
    id: 'no-signal',
    category: 'coverage-and-5g',
    question: 'I have no signal or calls drop. What should I do?',
    answer:
      'Restart your phone and check that airplane mode is off. Check the coverage map for outages in your area. If the problem continues, contact us with the address and time so we can investigate the network.',
  },
  {
    id: 'wifi-calling',
    category: 'coverage-and-5g',
    question: 'Do you support Wi-Fi calling?',
    answer:
      'Yes, Wi-Fi calling is free on all plans and helps where mobile signal is weak indoors. Turn it on in your phone under Phone > Wi-Fi calling.',
  },
];
