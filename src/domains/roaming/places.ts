/**
 * The roaming domain's places: every country a customer may name, so the roaming answer can say "no
 * rates for France" instead of not hearing the country at all, and the cities customers travel to. Hand-written: the npm country lists (i18n-iso-countries,
 * countries-list) bring megabytes of locales for a table of two hundred English names, and none maps
 * demonyms ("Spanish") or the shorthand customers type ("uk", "the states").
 */
// prettier-ignore
const COUNTRY_NAMES = [
  'Afghanistan', 'Albania', 'Algeria', 'Andorra', 'Angola', 'Antigua and Barbuda', 'Argentina', 'Armenia',
  'Australia', 'Austria', 'Azerbaijan', 'Bahamas', 'Bahrain', 'Bangladesh', 'Barbados', 'Belarus', 'Belgium',
  'Belize', 'Benin', 'Bhutan', 'Bolivia', 'Bosnia and Herzegovina', 'Botswana', 'Brazil', 'Brunei', 'Bulgaria',
  'Burkina Faso', 'Burundi', 'Cambodia', 'Cameroon', 'Canada', 'Cape Verde', 'Central African Republic', 'Chad',
  'Chile', 'China', 'Colombia', 'Comoros', 'Congo', 'Costa Rica', 'Croatia', 'Cuba', 'Cyprus', 'Czech Republic',
  'Denmark', 'Djibouti', 'Dominica', 'Dominican Republic', 'Ecuador', 'Egypt', 'El Salvador', 'Equatorial Guinea',
  'Eritrea', 'Estonia', 'Eswatini', 'Ethiopia', 'Fiji', 'Finland', 'France', 'Gabon', 'Gambia', 'Georgia',
  'Germany', 'Ghana', 'Greece', 'Grenada', 'Guatemala', 'Guinea', 'Guinea-Bissau', 'Guyana', 'Haiti', 'Honduras',
  'Hungary', 'Iceland', 'India', 'Indonesia', 'Iran', 'Iraq', 'Ireland', 'Israel', 'Italy', 'Ivory Coast',
  'Jamaica', 'Japan', 'Jordan', 'Kazakhstan', 'Kenya', 'Kiribati', 'Kosovo', 'Kuwait', 'Kyrgyzstan', 'Laos',
  'Latvia', 'Lebanon', 'Lesotho', 'Liberia', 'Libya', 'Liechtenstein', 'Lithuania', 'Luxembourg', 'Madagascar',
  'Malawi', 'Malaysia', 'Maldives', 'Mali', 'Malta', 'Marshall Islands', 'Mauritania', 'Mauritius', 'Mexico',
  'Micronesia', 'Moldova', 'Monaco', 'Mongolia', 'Montenegro', 'Morocco', 'Mozambique', 'Myanmar', 'Namibia',
  'Nauru', 'Nepal', 'Netherlands', 'New Zealand', 'Nicaragua', 'Niger', 'Nigeria', 'North Korea',
  'North Macedonia', 'Norway', 'Oman', 'Pakistan', 'Palau', 'Palestine', 'Panama', 'Papua New Guinea',
  'Paraguay', 'Peru', 'Philippines', 'Poland', 'Portugal', 'Qatar', 'Romania', 'Russia', 'Rwanda',
  'Saint Kitts and Nevis', 'Saint Lucia', 'Saint Vincent and the Grenadines', 'Samoa', 'San Marino',
  'Sao Tome and Principe', 'Saudi Arabia', 'Senegal', 'Serbia', 'Seychelles', 'Sierra Leone', 'Singapore',
  'Slovakia', 'Slovenia', 'Solomon Islands', 'Somalia', 'South Africa', 'South Korea', 'South Sudan', 'Spain',
  'Sri Lanka', 'Sudan', 'Suriname', 'Sweden', 'Switzerland', 'Syria', 'Taiwan', 'Tajikistan', 'Tanzania',
  'Thailand', 'Timor-Leste', 'Togo', 'Tonga', 'Trinidad and Tobago', 'Tunisia', 'Turkey', 'Turkmenistan',
  'Tuvalu', 'Uganda', 'Ukraine', 'United Arab Emirates', 'United Kingdom', 'United States', 'Uruguay',
  'Uzbekistan', 'Vanuatu', 'Vatican City', 'Venezuela', 'Vietnam', 'Yemen', 'Zambia', 'Zimbabwe',
] as const;

/** Other words for a country: demonyms, short forms, older names. Keys are lower case, space-separated. */
// prettier-ignore
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  spanish: 'Spain', french: 'France', german: 'Germany', italian: 'Italy', belgian: 'Belgium',
  romanian: 'Romania', portuguese: 'Portugal', dutch: 'Netherlands', holland: 'Netherlands',
  'the netherlands': 'Netherlands', greek: 'Greece', british: 'United Kingdom', uk: 'United Kingdom',
  'great britain': 'United Kingdom', britain: 'United Kingdom', england: 'United Kingdom',
  scotland: 'United Kingdom', wales: 'United Kingdom', swiss: 'Switzerland', austrian: 'Austria',
  irish: 'Ireland', swedish: 'Sweden', norwegian: 'Norway', danish: 'Denmark', finnish: 'Finland',
  polish: 'Poland', czech: 'Czech Republic', czechia: 'Czech Republic', slovak: 'Slovakia',
  hungarian: 'Hungary', bulgarian: 'Bulgaria', croatian: 'Croatia', serbian: 'Serbia', turkish: 'Turkey',
  turkiye: 'Turkey', american: 'United States', usa: 'United States', 'united states of america': 'United States',
  america: 'United States', 'the states': 'United States', 'the us': 'United States', canadian: 'Canada',
  mexican: 'Mexico', brazilian: 'Brazil', argentinian: 'Argentina', japanese: 'Japan', chinese: 'China',
  indian: 'India', thai: 'Thailand', vietnamese: 'Vietnam', australian: 'Australia', moroccan: 'Morocco',
  egyptian: 'Egypt', tunisian: 'Tunisia', ukrainian: 'Ukraine', russian: 'Russia', maltese: 'Malta',
  cypriot: 'Cyprus', estonian: 'Estonia', latvian: 'Latvia', lithuanian: 'Lithuania', slovenian: 'Slovenia',
  icelandic: 'Iceland', moldovan: 'Moldova', albanian: 'Albania', macedonia: 'North Macedonia',
  uae: 'United Arab Emirates', emirates: 'United Arab Emirates', dubai: 'United Arab Emirates',
  'cote divoire': 'Ivory Coast', burma: 'Myanmar', 'czech rep': 'Czech Republic', korea: 'South Korea',
  'new zealand': 'New Zealand', 'south african': 'South Africa', luxemburg: 'Luxembourg',
};

/**
 * Cities and regions customers travel to, by the country whose roaming rates apply there: a
 * customer asks about Barcelona, the tool knows Spain. Hand-written for the same reason as the
 * country list (the city databases on npm weigh tens of megabytes for a few hundred names we need);
 * names that are everyday English words ("nice", "split", "bath", "reading") are left out.
 */
// prettier-ignore
const CITIES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries({
  Spain: 'madrid, barcelona, seville, sevilla, valencia, malaga, bilbao, granada, ibiza, mallorca, majorca, tenerife, gran canaria, canary islands, benidorm, alicante, cordoba, zaragoza, san sebastian, marbella, palma',
  Belgium: 'brussels, antwerp, ghent, gent, bruges, brugge, liege, leuven, namur, charleroi, ostend, mechelen',
  Romania: 'bucharest, cluj, cluj napoca, timisoara, brasov, constanta, iasi, sibiu, oradea',
  France: 'paris, lyon, marseille, toulouse, bordeaux, lille, strasbourg, nantes, montpellier, cannes',
  Portugal: 'lisbon, porto, faro, algarve, madeira',
  Italy: 'rome, milan, venice, florence, naples, turin, bologna, sicily, sardinia',
  Germany: 'berlin, munich, hamburg, frankfurt, cologne, dusseldorf, stuttgart, dresden, leipzig',
  Netherlands: 'amsterdam, rotterdam, the hague, utrecht, eindhoven',
  'United Kingdom': 'london, manchester, edinburgh, glasgow, liverpool, birmingham, belfast',
  Ireland: 'dublin, galway',
  Austria: 'vienna, salzburg, innsbruck',
  Switzerland: 'zurich, geneva, basel, lausanne',
  Greece: 'athens, thessaloniki, crete, santorini, mykonos, rhodes, corfu',
  Croatia: 'zagreb, dubrovnik',
  'Czech Republic': 'prague, brno',
  Hungary: 'budapest',
  Poland: 'warsaw, krakow, gdansk, wroclaw',
  Bulgaria: 'sofia, varna',
  Serbia: 'belgrade',
  Turkey: 'istanbul, ankara, antalya, izmir',
  Denmark: 'copenhagen',
  Sweden: 'stockholm, gothenburg',
  Norway: 'oslo, bergen',
  Finland: 'helsinki',
  'United States': 'new york, los angeles, san francisco, chicago, miami, las vegas, boston, washington dc',
  Morocco: 'marrakech, marrakesh, casablanca, rabat',
  Egypt: 'cairo, hurghada, sharm el sheikh',
  'United Arab Emirates': 'abu dhabi',
  Thailand: 'bangkok, phuket',
  Japan: 'tokyo, osaka, kyoto',
}).flatMap(([country, cities]) => cities.split(', ').map((city) => [city, country])));

/** Lower-case, space-separated key → canonical English name: names, aliases and cities in one lookup. */
export const COUNTRY_LOOKUP: ReadonlyMap<string, string> = new Map<string, string>([
  ...Object.entries(CITIES),
  ...COUNTRY_NAMES.map((name): [string, string] => [name.toLowerCase().replace(/-/g, ' '), name]),
  ...Object.entries(COUNTRY_ALIASES),
]);

/**
 * Country keys that are also everyday English words; they count as countries only after a
 * preposition ("in Jordan", "to Turkey"), never in "chad wants a turkey recipe".
 */
// prettier-ignore
export const AMBIGUOUS_COUNTRY_KEYS: ReadonlySet<string> = new Set([
  'chad', 'jordan', 'georgia', 'turkey', 'china', 'guinea', 'niger', 'polish', 'america', 'the us', 'the states',
  'dominica', 'grenada', 'wales', 'mali', 'togo', 'oman', 'peru', 'cuba', 'tonga', 'samoa', 'indian',
  'congo', 'korea', 'monaco', 'emirates', 'sofia', 'porto', 'faro', 'palma', 'rhodes', 'crete', 'split', 'bergen',
  'namur', 'varna',
]);
