/**
 * The hand-over to a person, as the console shows it: an answer that ends with a yes/no question
 * (EscalationAgent's consent question, or the offer of a person after the assistant could not help)
 * gets "Yes" and "No" buttons that send that reply, and a support ticket's id in an answer is
 * highlighted so the customer can find it and quote it.
 */

/** The ticket ids the API writes: "TCK-" and 8 of its look-alike-free characters (src/domains/ticket/server.ts). */
const TICKET_ID = /\bTCK-[2-9A-HJKMNP-Z]{8}\b/g;

/** True when an answer ends by asking the customer a yes/no question. */
export const asksYesOrNo = (text: string): boolean => /\(yes\/no\)\s*$/i.test(text);

/** Wraps each ticket id in the element's text in a highlighted `<mark class="ticket-id">`. */
export function highlightTicketIds(root: HTMLElement): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  for (const text of texts) {
    const parts: Node[] = [];
    let last = 0;
    for (const match of text.data.matchAll(TICKET_ID)) {
      parts.push(document.createTextNode(text.data.slice(last, match.index)));
      const mark = document.createElement('mark');
      mark.className = 'ticket-id';
      mark.title = 'Your support ticket: quote it when you contact us';
      mark.textContent = match[0];
      parts.push(mark);
      last = match.index + match[0].length;
    }
    if (parts.length === 0) continue;
    parts.push(document.createTextNode(text.data.slice(last)));
    text.replaceWith(...parts);
  }
}

/** "Yes" and "No" buttons under a question; `reply` sends the answer as the customer's next message. */
export function replyButtons(reply: (text: string) => Promise<void>): HTMLElement {
  const group = document.createElement('div');
  group.className = 'replies';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Answer the question');
  for (const [label, text] of [
    ['Yes', 'yes'],
    ['No', 'no'],
  ] as const) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () => {
      for (const each of group.querySelectorAll('button')) each.disabled = true;
      void reply(text).finally(() => {
        for (const each of group.querySelectorAll('button')) each.disabled = false;
      });
    });
    group.append(button);
  }
  return group;
}
