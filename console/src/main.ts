import { detailOf, follow, type StreamState } from './event-stream.ts';
import { asksYesOrNo, highlightTicketIds, replyButtons } from './hand-over.ts';
import { createMarkdownRenderer } from './markdown.ts';

/**
 * The Semker web console: a chat over the API. Each message is posted to POST /messages; one
 * conversation stream (GET /conversations/{id}/events) brings every step of every message as it is
 * recorded. Text from messages and steps is only ever set as text; answers are Markdown rendered
 * through DOMPurify. The page runs under a CSP without inline script or eval.
 */

/** An update as the API sends it (the `Update` schema). */
interface Update {
  message_id: string;
  sequence: number;
  status: 'received' | 'inprogress' | 'completed' | 'failed' | 'cancelled';
  processed_at: string;
  result: string | null;
  agent_name: string | null;
}

/** One message of the conversation on the page: its turn in the log. */
interface Turn {
  element: HTMLElement;
  user: HTMLElement;
  assistant: HTMLElement;
  steps: HTMLDetailsElement;
  summary: HTMLElement;
  list: HTMLOListElement;
  answer: HTMLElement;
  /** Sequences shown, so an update that comes twice (a resumed stream) is shown once. */
  shown: Set<number>;
  final: boolean;
}

const element = <T extends HTMLElement>(selector: string): T => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`The console page has no ${selector}`);
  return found;
};

const STORAGE = { conversation: 'semker.conversation', key: 'semker.apiKey', customer: 'semker.customer' };

function start(): void {
  const renderMarkdown = createMarkdownRenderer();
  const log = element<HTMLElement>('#log');
  const scroller = element<HTMLElement>('#scroller');
  const examples = element<HTMLElement>('#examples');
  const composer = element<HTMLFormElement>('#composer');
  const textbox = element<HTMLTextAreaElement>('#message');
  const send = element<HTMLButtonElement>('#composer button[type=submit]');
  const connection = element<HTMLElement>('#connection');
  const keyForm = element<HTMLFormElement>('#key-form');
  const keyInput = element<HTMLInputElement>('#api-key');
  const keyReason = element<HTMLElement>('#key-reason');
  const newConversation = element<HTMLButtonElement>('#new-conversation');
  const customerPicker = element<HTMLElement>('#customer-picker');
  const customerSelect = element<HTMLSelectElement>('#customer');
  const youAre = element<HTMLElement>('#you-are');

  // sessionStorage, not localStorage: the key and the conversation last as long as the tab.
  let apiKey = sessionStorage.getItem(STORAGE.key) ?? '';
  const stored = sessionStorage.getItem(STORAGE.conversation);
  let conversationId = stored ?? freshConversationId();
  sessionStorage.setItem(STORAGE.conversation, conversationId);
  const turns = new Map<string, Turn>();
  let stream: AbortController | undefined;
  let waitingForKey: Array<() => void> = [];

  // A demonstration lets the visitor act as a demo customer (x-demo-customer); a deployment whose
  // customers sign in refuses the header, and the picker stays hidden.
  let demoCustomer = sessionStorage.getItem(STORAGE.customer) ?? 'demo';
  let demonstration = false;
  customerSelect.value = demoCustomer;

  const headers = (): Record<string, string> => ({
    ...(apiKey ? { 'x-api-key': apiKey } : {}),
    ...(demonstration ? { 'x-demo-customer': demoCustomer } : {}),
  });

  /** Asks who the console acts for, and shows "You are: name, plan". */
  async function whoAmI(): Promise<void> {
    const me = async (extra: Record<string, string>): Promise<Response> =>
      fetch('/customers/me', { headers: { ...(apiKey ? { 'x-api-key': apiKey } : {}), ...extra } });
    let response = await me({ 'x-demo-customer': demoCustomer });
    demonstration = response.ok;
    customerPicker.hidden = !demonstration;
    if (!demonstration) response = await me({});
    if (!response.ok) {
      youAre.textContent = '';
      return;
    }
    const customer = (await response.json()) as { name: string; plan: string };
    youAre.textContent = `You are: ${customer.name}, ${customer.plan}`;
  }

  function freshConversationId(): string {
    return `web-${crypto.randomUUID()}`;
  }

  const STATES: Record<StreamState, string> = {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Connection lost, reconnecting…',
    unauthorized: 'An API key is needed.',
    gone: '',
  };

  function showState(state: StreamState, detail?: string): void {
    connection.textContent =
      state === 'reconnecting' && detail ? `${STATES[state]} (${detail})` : STATES[state];
    connection.dataset.state = state;
    if (state === 'unauthorized') askForKey(detail ?? 'An API key is needed.').then(openStream, () => {});
    if (state === 'gone') {
      stream = undefined;
      // A conversation the tab kept but that has no message yet: nothing to replay.
      showEmptyState();
      // A 404 that raced the first message's POST: the conversation exists now, so follow it.
      if (turns.size > 0) setTimeout(() => stream ?? openStream(), 500);
    }
  }

  /** A line in the log that says plainly what went wrong. */
  function notice(text: string): void {
    const p = document.createElement('p');
    p.className = 'notice';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    log.append(p);
    p.scrollIntoView({ block: 'nearest' });
  }

  function askForKey(reason: string): Promise<void> {
    keyReason.textContent = reason;
    keyForm.hidden = false;
    keyInput.focus();
    return new Promise((resolve) => waitingForKey.push(resolve));
  }

  keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    apiKey = keyInput.value.trim();
    sessionStorage.setItem(STORAGE.key, apiKey);
    keyInput.value = '';
    keyForm.hidden = true;
    const waiting = waitingForKey;
    waitingForKey = [];
    for (const resolve of waiting) resolve();
    textbox.focus();
  });

  /** An empty conversation offers example questions; the first message puts them away. */
  function showEmptyState(): void {
    examples.hidden = turns.size > 0;
  }

  /**
   * Scrolls the newest reply into view above the composer: all of it, with as much of the message
   * above it as fits, or, when the reply is taller than the screen, its start, so that reading
   * begins at the top. The log scrolls inside its own box, so the composer below it never covers
   * what is scrolled into view.
   */
  function reveal(turn: Turn): void {
    if ([...turns.values()].at(-1) !== turn) return;
    const fits = turn.assistant.offsetHeight < scroller.clientHeight;
    turn.assistant.scrollIntoView({ block: fits ? 'end' : 'start' });
  }

  function turnFor(messageId: string, text?: string): Turn {
    const existing = turns.get(messageId);
    if (existing) return existing;
    // A new message answers (or passes over) the question before it: its Yes and No go.
    for (const replies of log.querySelectorAll('.replies')) replies.remove();
    const article = document.createElement('article');
    article.className = 'turn';
    article.dataset.messageId = messageId;
    const user = document.createElement('div');
    user.className = 'user';
    // As text, always: a message is never markup.
    user.textContent = text ?? '';
    const assistant = document.createElement('div');
    assistant.className = 'assistant';
    const steps = document.createElement('details');
    steps.className = 'steps';
    // Open while the message is being answered, so each step can be watched as it arrives.
    steps.open = true;
    const summary = document.createElement('summary');
    summary.textContent = 'Working…';
    const list = document.createElement('ol');
    steps.append(summary, list);
    const answer = document.createElement('div');
    answer.className = 'answer';
    assistant.append(steps, answer);
    article.append(user, assistant);
    log.append(article);
    const turn: Turn = {
      element: article,
      user,
      assistant,
      steps,
      summary,
      list,
      answer,
      shown: new Set(),
      final: false,
    };
    turns.set(messageId, turn);
    showEmptyState();
    if (text === undefined) void fillInText(messageId, turn);
    return turn;
  }

  /** A message this page did not post (a reload, another tab): its text comes from its status. */
  async function fillInText(messageId: string, turn: Turn): Promise<void> {
    const response = await fetch(`/messages/${encodeURIComponent(messageId)}/status`, { headers: headers() });
    if (!response.ok) return;
    const status = (await response.json()) as { content?: unknown };
    if (typeof status.content !== 'string' || turn.user.textContent === status.content) return;
    turn.user.textContent = status.content;
    reveal(turn);
  }

  function show(update: Update): void {
    const turn = turnFor(update.message_id);
    if (turn.shown.has(update.sequence)) return;
    turn.shown.add(update.sequence);
    if (update.status === 'received' || update.status === 'inprogress') {
      const item = document.createElement('li');
      item.dataset.sequence = String(update.sequence);
      const agent = document.createElement('span');
      agent.className = 'agent';
      agent.textContent = update.agent_name ?? 'Semker';
      item.append(agent, document.createTextNode(`: ${update.result ?? ''}`));
      turn.list.append(item);
      turn.summary.textContent = `Working… (${turn.list.children.length} steps)`;
    } else {
      turn.final = true;
      // The steps fold away once the message is answered; they stay one click away.
      turn.steps.open = false;
      turn.summary.textContent = `${turn.list.children.length} steps`;
      if (update.status === 'completed') {
        turn.answer.innerHTML = renderMarkdown(update.result ?? '');
        highlightTicketIds(turn.answer);
      } else {
        const failure = document.createElement('p');
        failure.className = 'failure';
        failure.setAttribute('role', 'alert');
        failure.textContent = `${update.status === 'cancelled' ? 'Cancelled' : 'Failed'}: ${update.result ?? 'no reason given'}`;
        turn.answer.replaceChildren(failure);
      }
      // A question (the consent to a support ticket) gets its answers as buttons, on the newest turn only.
      const asks = update.status !== 'cancelled' && asksYesOrNo(update.result ?? '');
      if (asks && log.lastElementChild === turn.element) {
        turn.answer.append(replyButtons((reply) => post(reply).then(() => textbox.focus())));
      }
    }
    reveal(turn);
  }

  function openStream(): void {
    stream?.abort();
    const controller = new AbortController();
    stream = controller;
    void follow({
      url: `/conversations/${encodeURIComponent(conversationId)}/events`,
      headers,
      signal: controller.signal,
      onState: (state, detail) => {
        if (!controller.signal.aborted) showState(state, detail);
      },
      onEvent: (event) => {
        if (controller.signal.aborted || !event.data) return;
        try {
          show(JSON.parse(event.data) as Update);
        } catch {
          notice('An update could not be read.');
        }
      },
    });
  }

  /** Posts a message; true once the API accepted it. */
  async function post(text: string): Promise<boolean> {
    let response: Response;
    try {
      response = await fetch('/messages', {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/json', 'x-ms-conversation-id': conversationId },
        body: JSON.stringify({ message: text }),
      });
    } catch {
      notice('The message could not be sent: the server is not reachable. Try again.');
      return false;
    }
    if (response.status === 401) {
      await askForKey(await detailOf(response));
      return post(text);
    }
    if (response.status !== 201) {
      notice(`The message could not be sent: ${await detailOf(response)}`);
      return false;
    }
    const { message_id } = (await response.json()) as { message_id: string };
    const turn = turnFor(message_id, text);
    // The stream may have brought the message's first updates before this answer: its turn is
    // there already, without the text, which moves the reply down once it is set.
    if (turn.user.textContent !== text) {
      turn.user.textContent = text;
      reveal(turn);
    }
    // The conversation exists now (a stream of a conversation without messages is a 404).
    if (!stream) openStream();
    return true;
  }

  /** Sends a message typed in the composer or picked from the examples; the textbox empties once it is accepted. */
  function submit(text: string): void {
    send.disabled = true;
    void post(text)
      .then((sent) => {
        if (sent && textbox.value.trim() === text) textbox.value = '';
      })
      .finally(() => {
        send.disabled = false;
        textbox.focus();
      });
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = textbox.value.trim();
    if (text) submit(text);
  });

  // An example question is sent as it reads, as if typed.
  for (const button of examples.querySelectorAll('button')) {
    button.addEventListener('click', () => submit(button.textContent.trim()));
  }

  // Enter sends, Shift+Enter starts a new line, as in chat applications.
  textbox.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });

  // Another customer is another conversation: switching starts a new one.
  customerSelect.addEventListener('change', () => {
    demoCustomer = customerSelect.value;
    sessionStorage.setItem(STORAGE.customer, demoCustomer);
    newConversation.click();
    void whoAmI();
  });

  newConversation.addEventListener('click', () => {
    stream?.abort();
    stream = undefined;
    conversationId = freshConversationId();
    sessionStorage.setItem(STORAGE.conversation, conversationId);
    turns.clear();
    log.replaceChildren();
    showEmptyState();
    connection.textContent = '';
    textbox.focus();
  });

  // A reload continues the tab's conversation: the stream replays it (a 404 when it has no message
  // yet, which brings the examples back); a fresh tab starts with the examples.
  // Who the console acts for is known before the stream opens, so it replays that customer's.
  void whoAmI().finally(() => {
    if (stored) openStream();
  });
  if (!stored) showEmptyState();
  textbox.focus();
}

start();
