/**
 * The offline engine's tuning constants, in one place: every number that weighs one reading of a
 * message against another. Changing one moves routing everywhere: run
 * `features/offline_understanding.feature` and `features/blind_evaluation.feature` after (their
 * floors sit one message below today's scores), and never tune on a blind batch.
 */
import type { Lean } from '../../domains/domain.ts';

// Reading the language.

/** Below this many words a message says too little to tell its language ("belgium?", "ok", "ja bitte"). */
export const FEW_WORDS = 3;

/** How far the best language score must lead the next for an unreliable detection to count. */
export const CLEAR_LEAD = 0.05;

// Reading the words.

/**
 * Spanish, German and French words at least this long that the glossary does not list are read as
 * the listed word with the same stem; shorter ones (and the listed words shorter than this) are not:
 * the stem of "mes" or "als" says too little.
 */
export const STEMMED_GLOSS_LENGTH = 5;

/** Words shorter than this are never corrected: "bil" could be anything. */
export const MIN_LENGTH = 4;

/** How many of the most frequent English words count as real words that need no correction. */
export const EVERYDAY_WORDS = 20_000;

// Deciding the intent.

/** How many nearest training utterances vote. Odd, and small enough that a rare intent can win. */
export const NEIGHBOURS = 7;

/** How much one unit of cue-word weight counts against the neighbour vote (whose shares sum to 1). */
export const CUE_WEIGHT = 0.35;

/**
 * What a thing a message names adds to a domain's cue weight when the domain declares it leans
 * there (DomainModule.understanding.leans): `clear`, a country for roaming, whatever the other words;
 * `decisive`, a plan named by name for tariffs, however the rest is put.
 */
export const LEANS: Readonly<Record<Lean, number>> = { clear: 0.5, decisive: 1.5 };

/** A follow-up that names something of the domain it follows stays with it ("and the unlimited one?"). */
export const CONTINUITY_CUE = 1;

/** Below this summed cue weight a message has no topic of its own (a follow-up, if it has slots). */
export const CLEAR_CUE = 0.5;

/** A cue word's full weight: the lexicon's surest words ("bill", "roaming", "escalate"). */
export const FULL_CUE = 1;

/** Below this combined score nothing in training or the lexicon resembles the message. */
export const MIN_SCORE = 0.45;

/** Off-topic cue weight that decides on its own when no domain word is present ("pasta", "guitar"). */
export const OFF_TOPIC = 1;

/** From this share of words unseen in training on, a message without topic words is off-topic. */
export const UNKNOWN_SHARE = 0.5;

// Follow-ups.

/** How many earlier user turns are read for a follow-up's slots. */
export const HISTORY_TURNS = 6;
