import { z } from 'zod';
import { PRICING_STRUCTURES, type PricingStructure } from '../slots.ts';
import { readDataFile } from '../data-file.ts';

/** An optional extra a plan can be topped up with. */
const addOn = z.strictObject({
  name: z.string().min(1),
  price: z.number().nonnegative(),
  /** How long the add-on lasts, when it differs from the plan's validity. */
  validity: z.string().min(1).optional(),
});
export type AddOn = z.infer<typeof addOn>;

/**
 * A tariff plan as the operator publishes it. Allowances are kept as the operator words them
 * ("10 GB (fair use, no rollover)", "unlimited (fair use)") because the conditions matter to customers.
 */
const tariffPlan = z.strictObject({
  name: z.string().min(1),
  pricing_structure: z.enum(PRICING_STRUCTURES),
  price: z.number().nonnegative(),
  currency: z.literal('EUR'),
  validity: z.string().min(1),
  minutes: z.string().min(1),
  data: z.string().min(1),
  sms: z.string().min(1),
  add_ons: z.array(addOn),
});
export type TariffPlan = z.infer<typeof tariffPlan>;

/** The operator's plans (docs/api.md), read from plans.json; the demo customer's current plan first. */
export const TARIFF_PLANS: readonly TariffPlan[] = readDataFile(
  new URL('./plans.json', import.meta.url),
  z
    .array(tariffPlan)
    .min(1)
    .refine((plans) => new Set(plans.map((plan) => plan.name)).size === plans.length, {
      message: 'two plans have the same name',
    }),
);

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
