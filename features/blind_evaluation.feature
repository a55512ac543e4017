@understanding
Feature: Understanding measured on messages written blind
  Batches of customer messages written by people who had never seen the engine, its training data
  or its corpus, each with the agent that should answer and the figures a right answer contains
  (features/data/blind/). They are held out: no training set, rule or lexicon reads them, and the
  engine is never tuned on them. Each message goes through the real API end to end (with its earlier
  turns first, in the same conversation), with today pinned to the day the writers were given.
  A message is right when the right agent answers and every expected figure is in its answer.
  Each scenario's floor is one message below its batch's score today (the engine is deterministic):
  any answer that goes wrong fails it. The first readings are in docs/understanding.md.

  Scenario: Blind batch 1, written before the understanding work, does not fall back
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-1" is asked
    Then the blind batch score is reported and is at least 132 of 133

  Scenario: Blind batch 2, written after the understanding work by a second writer, scored untouched
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-2" is asked
    Then the blind batch score is reported and is at least 95 of 97

  Scenario: Blind batch 3, by a third writer, scored untouched after the fixes the second batch showed
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-3" is asked
    Then the blind batch score is reported and is at least 102 of 103

  Scenario: Blind batch 4, by a fourth writer, scored untouched after the fixes batch 3 showed
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-4" is asked
    Then the blind batch score is reported and is at least 81 of 82

  Scenario: Blind batch 5, by a fifth writer, scored untouched after the fixes batch 4 showed
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-5" is asked
    Then the blind batch score is reported and is at least 81 of 83

  Scenario: Blind batch 6, by a sixth writer, scored untouched after the fixes batches 1 to 5 showed
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-6" is asked
    Then the blind batch score is reported and is at least 199 of 200

  Scenario: Blind batch 7, by a seventh writer, held out while the engine was improved on batch 6, scored untouched
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-7" is asked
    Then the blind batch score is reported and is at least 95 of 100

  Scenario: Blind batch 8, by an eighth writer in four languages (multi-part, arithmetic, constraints, policy, follow-ups), scored untouched
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-8" is asked
    Then the blind batch score is reported and is at least 115 of 120

  Scenario: Blind batch 9, by a ninth writer in four languages (with corrections), held out and scored once
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-9" is asked
    Then the blind batch score is reported and is at least 118 of 120

  Scenario: Blind batch 10, by a tenth writer in four languages, read for development after its first reading
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-10" is asked
    Then the blind batch score is reported and is at least 115 of 120


  Scenario: Blind batch 11, by an eleventh writer in four languages, held out and scored once
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-11" is asked
    Then the blind batch score is reported and is at least 108 of 120

  Scenario: Blind batch 12, by a twelfth writer in four languages, read for development after its first reading
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-12" is asked
    Then the blind batch score is reported and is at least 117 of 120

  Scenario: Blind batch 13, by a thirteenth writer in four languages, read for development after its first reading
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-13" is asked
    Then the blind batch score is reported and is at least 116 of 120

  Scenario: Blind batch 14, by a fourteenth writer in four languages, written after this round's work and scored once
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-14" is asked
    Then the blind batch score is reported and is at least 105 of 120

  Scenario: Blind batch 15, by a fifteenth writer in four languages, read for development after its first reading
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-15" is asked
    Then the blind batch score is reported and is at least 116 of 120

  Scenario: Blind batch 16, by a sixteenth writer in four languages, written after this round's work and scored once
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-16" is asked
    Then the blind batch score is reported and is at least 112 of 120

  Scenario: Blind batch 17, by a seventeenth writer in four languages, read for development after its first reading
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-17" is asked
    Then the blind batch score is reported and is at least 114 of 120

  Scenario: Blind batch 18, by an eighteenth writer in four languages, written after this round's work and scored once
    Given the API is running with today being 2026-12-15T10:00:00Z
    When every message of the blind batch "batch-18" is asked
    Then the blind batch score is reported and is at least 110 of 120
