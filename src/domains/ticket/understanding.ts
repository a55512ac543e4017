/**
 * What the offline engine learns the ticket domain (EscalationAgent) from: customers asking for a
 * person, to complain, or to be called back. Hand-written, like every domain's vocabulary.
 */
export const EXAMPLES: readonly string[] = [
  'I want to talk to a human',
  'Can I speak to a real person please?',
  'Put me through to an agent',
  'I need to speak with someone from customer service',
  'Connect me with a customer service representative',
  'Is there a person I can talk to?',
  'I want to make a complaint',
  'I would like to lodge a formal complaint',
  'Let me speak to your manager',
  'Can someone call me back?',
  'Transfer me to a human please',
  'I do not want to talk to a bot',
  'Get me a supervisor now',
  'This is useless, I want a person',
  'I am very unhappy with your service and want to complain to someone',
  'Please have a member of staff contact me',
];

// prettier-ignore
export const CUES: Readonly<Record<string, number>> = {
  human: 1, person: 0.8, representative: 1, operator: 0.8, supervisor: 1, manager: 0.6, complaint: 1,
  complain: 1, callback: 1, bot: 0.7, robot: 0.7, machine: 0.4, someone: 0.3, somebody: 0.3, staff: 0.4,
  ridiculous: 0.5, useless: 0.6, unacceptable: 0.6, furious: 0.8, angry: 0.8, disgusted: 0.8, escalate: 1,
};
