/**
 * A customer's short reply as the consent readers compare it: lower case, accents and punctuation
 * gone, single spaces ("¡Sí, por favor!" → "si por favor").
 */
export const foldReply = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[!.?,;:¡¿]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
