import { DOMAINS, type Domain } from '../../domains/registry.ts';

/** What a customer's message is about: one of the domains, or something the planner answers itself. */
export type Intent = Domain | 'smalltalk' | 'out_of_scope' | 'refusal';

/** Every intent, in a fixed order: ties between intents are broken by this order, for determinism. */
export const INTENTS: readonly Intent[] = [...DOMAINS, 'smalltalk', 'out_of_scope', 'refusal'];
