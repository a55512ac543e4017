import type { PhraseCue } from '../domain.ts';

/**
 * Phrases that point to the FAQ more than their words do one by one: "how do I…" asks for a
 * procedure even when it names a bill or roaming; calling abroad from home is the international-calls
 * topic, not roaming; the contract's rules, topping up, porting, coverage, data usage.
 * Read by the offline engine (src/engines/offline/lexicon.ts) on the message as it normalises it:
 * lower case, accents and punctuation gone, Spanish, German and French glossed into English.
 */
export const PHRASES: readonly PhraseCue[] = [
  {
    pattern:
      /^(\w+ )?(how (do|can|should|would) (i|we|you)|how to|is it possible to|where (do|can) i|what do i do|what should i do|what can i do)\b(?! (pay|spend) (so|this|that|much))/,
    weight: 0.8,
    label: 'a how-to question',
    topical: false,
  },
  {
    pattern:
      /\b(call(s|ing)?|phoning|ring(ing)?|text(ing)?) (to )?(another|other|a foreign|foreign|international|abroad|overseas)\b|\bphone (to )?(another|other|a foreign|foreign) (country|number)\b|\binternational (calls?|calling)\b|\bfrom (home|here)\b|\bper minute\b/,
    // Strong on purpose: calling abroad from home names a country, which alone leans to roaming.
    weight: 3,
    label: 'international calls',
    topical: true,
    outweighs: ['roaming'],
  },
  {
    pattern:
      /\b(pay|paying) (my|the|a|this|that|these|those)( \w+)? (bill|invoice|charges?|balance)\b|\bpayment methods?\b|\bdirect debit\b|\bdispute\b|\bpay (by|with|via|using|through)\b|\bpaypal\b|\b(credit|debit) cards?\b|\bbank transfer\b|\bhow (can|do|could) (i|we) (\w+ ){0,3}pay\b/,
    weight: 2,
    label: 'how to pay or dispute',
    topical: true,
    outweighs: ['billing'],
  },
  {
    pattern:
      /\b(turn|switch|activate|enable|disable|deactivate|set up|setup|put|get) (on |off )?(my |the |data )?(data )?roaming( on| off)?\b|\broaming (on|off)\b(?! (the|my|this|that|last|your|our|each|every|an?)\b)|\broaming( \w+)? (is not|isnt|not|doesnt|does not|wont|stopped|never) (work|working|connect|connecting|on)\b|\broaming settings?\b|\b(work|works|working|turned on|switched on|activated|on) automatically\b|\b(avoid|stop|prevent|make sure|ensure|block|disable)\b( \w+){0,6} roaming\b|\b(enable|activate|turn on|switch on|set up|setup|configure|change)( \w+){0,3} (for|to use|to get) (data )?roaming\b|\b(turn|switch|put|enable|activate|set up)( \w+){0,2}( on)? (to use|for using|to get|before using) (my )?(phone|data|mobile|internet)( \w+)? (abroad|overseas|roaming|there)\b/,
    weight: 2,
    label: 'switching roaming on or off',
    topical: true,
    outweighs: ['roaming'],
  },
  // Coverage where the customer is: a how-to about the network, not a plan.
  {
    pattern:
      /\b(5g|4g|coverage|signal|reception|network)\b( \w+){0,4} (where i live|where i am|in my area|at home|near me|at my place|in my (village|town|city|street|house))\b|\b(5g|4g|coverage|signal|network)\b( \w+){0,3} (available|work|works|everywhere)\b( \w+){0,4} (everywhere|anywhere|cities|city|towns?|villages?|countryside|rural|area|region|nationwide|whole country)\b/,
    weight: 2,
    label: 'coverage where they are',
    topical: true,
    outweighs: ['tariff'],
  },
  // Going over the allowance is fair use, not a plan question: slowed down, throttled, used up.
  {
    pattern:
      /\bthrottl\w*|\bwhat happens (\w+ ){0,3}(when|if|once) (\w+ ){0,4}(used up|run out|runs out|ran out|is finished|is gone)\b|\b(burn(ed|t)?|blew|blown|used|went|gone|ran) (thru|through|up|all) (all )?(of )?my( \d+)? ?(data|gb|gigs?|allowance)\b|\b(4g|5g|network|signal|mobile data|connection|internet|data) (is |gets |got |goes |so |really |super |very )*slow\b|\bslow(ed)? (down|data|internet|connection|speed)\b|\b(goes|go|going|went|gets|got|is|becomes) (super |really |so |very |extremely )?slow\b|\bhit (the|my) (data )?(limit|cap|allowance)\b|\bdata (is |was )?(finished|gone|empty)\b|\bdata (is|was) over\b|\b(internet|data|connection) (is |got |gets |went )?(so |super |really |very )?slow\b|\b(speed|data|internet|connection) (has been |have been |was |is |got |gets |been )?(reduced|capped|limited|cut)\b|\breduced speed\b|\b(ran|run) out of data\b|\bdata (is |was )?(all )?used up\b|\bused (up )?(all )?(of )?my data\b|\b(go|going|went|gone) over (my|the) (data|allowance|limit|cap)\b|\bover (my|the) (allowance|limit|data cap)\b|\bdata (cap|limit)\b|\bexceed\w* (my |the )?(data|allowance|limit)\b|\b(more|beyond) (than )?my allowance\b|\bfair use\b|\b(data|gb|gigs?|allowance|bundle) (is |are |has |have |gets |get )?(all )?(gone|finished|used|run out|ran out)\b|\bcut (me |us )?off\b|\b(when|once|after) (my |the )?(\d+ ?gb|data|gb|gigs?|allowance) (runs? out|is gone|are gone|is used|are used|ends)\b|\b(internet|data|connection|4g|5g|network|speed|phone)\b( \w+){0,2} (crawl\w*|sluggish|laggy|lagging|unusable|not loading|wont load|barely (works?|loads?))\b/,
    // Strong on purpose: a short "data finished" shares its one topic word with roaming and plans.
    weight: 3,
    label: 'going over the data allowance',
    topical: true,
    outweighs: ['tariff', 'billing'],
  },
  // When a change may be made is policy ("upgrade in the middle of the cycle"): the FAQ's.
  {
    pattern:
      /\bdo i have to wait\b|\bbefore (my|the) (current )?(one|plan|contract|tariff)( \w+)? (runs out|ends|expires|is over)\b|\bnotice (period|to (leave|cancel|terminate|end|quit))\b|\b(give|giving|need to give|have to give) notice\b|\bnotice do (i|we) (need|have)\b|\b(mid|middle of (the|my|a)|during (the|my)|halfway through (the|my)|before the end of (the|my)) (billing )?(cycle|period|month|contract|term)\b|\bmid ?(cycle|month|contract|term)\b/,
    weight: 2,
    label: 'when a change may be made',
    topical: true,
    outweighs: ['tariff'],
  },
  // What the contract allows is policy, whatever plan or bill words come with it: how long it binds,
  // moving to a smaller plan, a fee for leaving early, calls received abroad.
  {
    pattern:
      /\b(minimum|min|shortest) (contract )?(term|length|duration|period|commitment)\b|\bcooling ?-?off\b|\bwithdraw (from )?(it|the|my|a|this)( new)? ?(contract|plan|subscription)?\b|\bchange my mind\b|\bcontract (length|term|duration|period)\b|\bhow long (is|does|will|am i|are we) (my |the )?(contract|commitment|tied|locked|bound)\b|\block ?in period\b|\bdowngrad\w*|\b(early )?(termination|cancellation|exit|leaving) (fee|fees|penalty|penalties|charge)\b|\bpenalt(y|ies)\b|\b(incoming|received|receiving|receive|answer|answering|take|taking|get|getting) (a |the )?(calls?|texts?|sms)\b( \w+){0,5} (abroad|overseas|roaming|outside)\b|\b(receiving|receive|received) (a |the )?(calls?|texts?|sms)\b|\b(abroad|overseas|roaming)\b( \w+){0,5} (incoming|received) (calls?|texts?|sms)\b|\bincoming calls?\b|\b(people|they|others|friends|family) (call|calls|calling|ring|rings|ringing|phone|phones|phoning) me\b|\b(someone|somebody|anyone) (calls|calling|rings|ringing|phones|phoning) me\b/,
    // Strong on purpose: a country or a plan named beside it leans to roaming or plans on its own.
    weight: 3,
    label: 'what the contract allows',
    topical: true,
    outweighs: ['tariff', 'roaming', 'billing'],
  },
  // Topping up credit is a how-to, however much the message says about the prepaid plan.
  {
    pattern: /\btop ?-?up\b|\btopping up\b|\badd (credit|balance|money)\b/,
    weight: 2,
    label: 'topping up',
    topical: true,
    outweighs: ['tariff'],
  },
  // Taking one's number along is porting, whichever verb carries it.
  {
    pattern:
      /\b(bring|take|move|keep|transfer|port) (over )?my (phone |mobile |old |current )?number\b|\bmy number (to|from|with) (another|a new|a different|other|your|you)\b|\bmy (phone |mobile )?number\b( \w+){0,4} (kept|keep|ported|transferred|moved)\b/,
    weight: 2,
    label: 'porting a number',
    topical: true,
  },
  // A phone with no service anywhere is the network's or the settings' doing: a how-to.
  {
    pattern:
      /\b(no|without|lost( the)?|zero) (service|signal|network|reception|bars)\b|\bsays (no|emergency calls only|sos)\b/,
    weight: 2,
    label: 'no service',
    topical: true,
    outweighs: ['roaming', 'tariff'],
  },
  {
    pattern:
      /\b(data|minutes|allowance|balance|credit) (left|remaining)\b|\bhow much (data|credit|minutes|balance)\b.{0,20}\b(left|remaining|used)\b|\bdata usage\b|\b(left|remaining) (of|on|in) my (data|allowance|minutes|bundle)\b/,
    weight: 2,
    label: 'data usage',
    topical: true,
    outweighs: ['tariff', 'billing'],
  },
  {
    // Getting 5G, and whether it costs extra, is the coverage article's, whatever plan is named.
    pattern:
      /\b(how (do|can|could|would) i|how to|where (do|can) i) (get|have|use|activate|enable|turn on|switch on) 5g\b|\b5g\b( \w+){0,4} (cost|costs|charge|charged|fee|pay|paid)( \w+){0,2} (extra|more|anything|separately)\b|\b(cost|costs|charge|charged|pay|paid)( \w+){0,2} 5g( \w+){0,3} (extra|more|separately)\b|\bhow (do i |can i |to )?(get|have|activate|enable) (the )?5g\b|\b(extra|additional) (fee|charge|cost)s? for 5g\b|\bis 5g (free|included|extra)\b/,
    weight: 2,
    label: 'getting 5G',
    topical: true,
    outweighs: ['tariff'],
  },
  {
    // Paying late is the payment policy's, whatever bill is named.
    pattern:
      /\bpa(y|ys|ying|id) (\w+ ){0,3}(late|in late|after the due date|too late)\b|\blate (payment|paying)\b|\bmiss(ed)? (a |my |the )?payment\b|\b(dont|do not|not) pay (\w+ ){0,3}on time\b/,
    weight: 2,
    label: 'paying late',
    topical: true,
    outweighs: ['billing'],
  },
  {
    // Whether unused data is lost or carried over is the rule's, asked as such ("or do I lose it?");
    // which plans have rollover stays a question about the plans.
    pattern:
      /^(?!.*\b(which|what|any) (plans?|tariffs?)\b).*\b(unused|leftover|not used)( \w+){0,3} (roll(s|ed)? over|rolled over|carr(y|ies|ied) (over|forward))\b|\b(roll(s|ed)? over|rollover|carr(y|ies|ied) (over|forward)|next month)\b.*\b(lose|lost|expire[sd]?|gone|disappear|wasted)\b|\b(lose|lost|expire[sd]?|wasted)\b.*\b(roll(s|ed)? over|rollover|carr(y|ies|ied) (over|forward))\b/,
    weight: 2,
    label: 'unused data rolling over or lost',
    topical: true,
    outweighs: ['tariff', 'billing'],
  },
  {
    // Whether a price rise had to be announced is the price-change policy's, whatever bill is named
    // ("shouldn't you have told me?"); "nobody told me" beside a bill is a question about the bill.
    pattern:
      /\b(should(nt| not)?|have to|had to|supposed to|must|required|obliged|need to|meant to)( \w+){0,3} (inform|informed|notify|notified|tell|told|warn|warned|announce)\b|\b(was|were|am|are) (i|we) (\w+ )?(informed|notified|told|warned)\b|\bdo you (\w+ ){0,2}(inform|notify|tell|warn)\b|\bhow (much|far|long) (in advance|ahead|notice)\b|\b(notice|notify|inform)\w* (\w+ ){0,3}(price|fee|charge) (rise|increase|change)s?\b/,
    // Strong on purpose: the bill's words around it are many.
    weight: 3,
    label: 'a price rise announced',
    topical: true,
    outweighs: ['billing', 'tariff'],
  },
];
