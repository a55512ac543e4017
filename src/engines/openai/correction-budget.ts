import { ModelBehaviorError } from '../../core/failures.ts';

/** Something the model did that we can tell it to fix: malformed output, an unknown tool, bad arguments. */
export interface Misbehaviour {
  /** "The model called an unknown tool 'get_weather'": the operator-facing sentence, no full stop. */
  summary: string;
  /** Extra detail for the operator, e.g. the JSON parse error. */
  detail?: string;
}

/**
 * Models often fix a mistake once they are told about it, but one that repeats it will keep doing
 * so and only burn tokens. So each request gets one correction; the second misbehaviour throws
 * ModelBehaviorError with a reason an operator can read in the failed message.
 */
export class CorrectionBudget {
  private previous: Misbehaviour | undefined;

  /** Records a misbehaviour; throws when one was already corrected in this request. */
  spend(issue: Misbehaviour): void {
    const previous = this.previous;
    if (!previous) {
      this.previous = issue;
      return;
    }
    const detail = issue.detail ? `: ${issue.detail}` : '';
    const reason =
      previous.summary === issue.summary
        ? `${issue.summary} twice${detail}`
        : `${issue.summary} after being corrected once (${lowerFirst(previous.summary)})${detail}`;
    throw new ModelBehaviorError(reason);
  }
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
