import type { PricingStructure } from '../slots.ts';

/** An optional extra a plan can be topped up with. */
export interface AddOn {
  name: string;
  price: number;
  /** How long the add-on lasts, when it differs from the plan's validity. */
  validity?: string;
}

/**
 * A tariff plan as the operator publishes it. Allowances are kept as the operator words them
 * ("10 GB (fair use, no rollover)", "unlimited (fair use)") because the conditions matter to customers.
 */
export interface TariffPlan {
  name: string;
  pricing_structure: PricingStructure;
  price: number;
  currency: 'EUR';
  validity: string;
  minutes: string;
  data: string;
  sms: string;
  add_ons: AddOn[];
}

/** The operator's plans (docs/api.md), the customer's current plan first. */
export const TARIFF_PLANS: readonly TariffPlan[] = [
  {
    name: 'FlexiConnect 4G Prepaid',
    pricing_structure: 'prepaid',
    price: 14.99,
    currency: 'EUR',
    validity: '28 days',
    minutes: '300',
    data: '10 GB (fair use, no rollover)',
    sms: '100',
    add_ons: [{ name: 'Data Booster 5GB', price: 4.99, validity: '7 days' }],
  },
  {
    name: 'SmartConnect 5G Max',
    pricing_structure: 'postpaid',
    price: 49.99,
    currency: 'EUR',
    validity: '1 month',
    minutes: '1000',
    data: '50 GB (fair use, rollover)',
    sms: '500',
    add_ons: [
      { name: 'International Calling Pack', price: 9.99 },
      { name: 'Streaming Bundle', price: 5.99 },
    ],
  },
  {
    name: 'UltraFlex 5G Prepaid',
    pricing_structure: 'prepaid',
    price: 19.99,
    currency: 'EUR',
    validity: '28 days',
    minutes: '400',
    data: '15 GB',
    sms: '150',
    add_ons: [{ name: '5G Data Boost 10GB', price: 6.99, validity: '7 days' }],
  },
  {
    name: 'HybridSaver 5G+',
    pricing_structure: 'hybrid',
    price: 29.99,
    currency: 'EUR',
    validity: '30 days',
    minutes: '600',
    data: '25 GB (rollover)',
    sms: '250',
    add_ons: [
      { name: 'Weekend Unlimited 5G', price: 4.99 },
      { name: 'Extra Talktime 300', price: 3.49 },
    ],
  },
  {
    name: 'UnlimitedMax 5G Flat',
    pricing_structure: 'flat_rate',
    price: 59.99,
    currency: 'EUR',
    validity: '1 month',
    minutes: 'unlimited (fair use)',
    data: 'unlimited (fair use)',
    sms: 'unlimited',
    add_ons: [{ name: 'International Roaming Pack', price: 14.99 }],
  },
  {
    name: 'StepUp 5G Tiered',
    pricing_structure: 'tiered',
    price: 34.99,
    currency: 'EUR',
    validity: '1 month',
    minutes: '300',
    data: '10 GB',
    sms: '100',
    add_ons: [
      { name: 'Tier 2 Upgrade', price: 10 },
      { name: 'Tier 3 Upgrade', price: 20 },
    ],
  },
];

const copy = (plan: TariffPlan): TariffPlan => ({ ...plan, add_ons: plan.add_ons.map((a) => ({ ...a })) });

/** The plan of that name in the catalogue (a copy, so callers cannot change it); undefined if none. */
export function planNamed(name: string): TariffPlan | undefined {
  const plan = TARIFF_PLANS.find((p) => p.name === name);
  return plan && copy(plan);
}

/** Plans with the given pricing structure, or every plan when none is given. */
export function plansByStructure(structure?: PricingStructure): TariffPlan[] {
  return TARIFF_PLANS.filter((p) => structure === undefined || p.pricing_structure === structure).map(copy);
}
