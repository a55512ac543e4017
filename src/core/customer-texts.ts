/**
 * The texts the service itself writes to customers, keyed by a stable message id: the processor's
 * updates, the failure table's texts, the declines (guardrails and engines), the hand-over to a
 * person and the actions with consent. One i18next catalogue per language (src/core/i18n/service/),
 * beside the offline engine's answers (src/core/i18n/); a language the catalogues lack reads English.
 *
 * `{{name}}` in a text is filled from the parameters given to `customerText`; a `count` parameter
 * picks the plural form.
 */
import { serviceTranslator } from './i18n/i18n.ts';
import { en as english } from './i18n/service/en.ts';

/** "a.b.c" for every text of a nested catalogue; plural forms by their base id ("x" for "x_one"). */
type Ids<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${PluralBase<K>}` : Ids<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
type PluralBase<K extends string> = K extends `${infer Base}_${'one' | 'other'}` ? Base : K;

/** The id of a customer-facing text. */
export type CustomerTextId = Ids<typeof english>;

/** The text with this id in `language` (en, es, de, fr; English for any other), its parameters filled. */
export function customerText(
  id: CustomerTextId,
  params: Readonly<Record<string, string | number>> = {},
  language = 'en',
): string {
  return serviceTranslator(language)(id, params);
}

/** True for the id of a text the English catalogue holds: for ids built from data, such as a domain's name. */
export function isCustomerTextId(id: string): id is CustomerTextId {
  let node: unknown = english;
  for (const part of id.split('.')) {
    node =
      typeof node === 'object' && node !== null && Object.hasOwn(node, part)
        ? (node as Record<string, unknown>)[part]
        : undefined;
  }
  return typeof node === 'string';
}
