import { Given, Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openBrowser, screenshot, type BrowserPage } from '../support/browser.ts';
import type { SemkerWorld } from '../support/world.ts';
import { nginxBaseUrl } from './nginx.steps.ts';
import { credentials } from './security.steps.ts';

type Json = Record<string, unknown>;

/*
 * The page's globals, as the callbacks passed to `evaluate` use them there: they run in Chromium, and
 * the tests compile without the DOM library, so only what they touch is declared.
 */
declare const document: { activeElement: unknown; documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };
declare function getComputedStyle(element: unknown): {
  outlineStyle: string;
  outlineWidth: string;
  backgroundColor: string;
};
declare class EventSource {
  constructor(url: string);
  readonly readyState: number;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  close(): void;
}
interface MessageEvent<T> {
  readonly data: T;
  readonly lastEventId: string;
}
interface WireUpdate {
  message_id: string;
  sequence: number;
  status: string;
  result: string | null;
}

/** Per scenario: the browser, the conversation streams the API was asked for, the ids posted. */
interface ConsoleState {
  browser: BrowserPage;
  /** The Last-Event-ID (or none) of each conversation-stream request the API received, in order. */
  streamRequests: Array<string | undefined>;
  /** The message ids the console posted, in order (read from the API's answers). */
  posted: string[];
}
const states = new WeakMap<SemkerWorld, ConsoleState>();

function stateOf(world: SemkerWorld): ConsoleState {
  const state = states.get(world);
  assert.ok(state, 'the console is not open: "Given the console is open in Chromium"');
  return state;
}

const pageOf = (world: SemkerWorld) => stateOf(world).browser.page;

/** Records what the API's server receives, on the current server and on any restarted one. */
function watchServer(world: SemkerWorld, state: ConsoleState): void {
  world.api!.server.on('request', (req: IncomingMessage) => {
    if (req.method === 'GET' && /^\/conversations\/[^/]+\/events/.test(req.url ?? '')) {
      const header = req.headers['last-event-id'];
      state.streamRequests.push(typeof header === 'string' ? header : undefined);
    }
  });
}

async function openConsole(
  world: SemkerWorld,
  width: number,
  height: number,
  base: string = world.baseUrl,
): Promise<void> {
  const browser = await openBrowser({ width, height });
  world.onCleanup(() => browser.close());
  const state: ConsoleState = { browser, streamRequests: [], posted: [] };
  states.set(world, state);
  watchServer(world, state);
  browser.page.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/messages') {
      void response
        .json()
        .then((body: Json) => typeof body.message_id === 'string' && state.posted.push(body.message_id))
        .catch(() => {});
    }
  });
  await browser.page.goto(`${base}/console`);
  await browser.page.getByRole('textbox', { name: 'Message' }).waitFor();
}

Given('the console is open in Chromium', async function (this: SemkerWorld) {
  await openConsole(this, 1280, 800);
});

Given('the console is open in Chromium through nginx', async function (this: SemkerWorld) {
  await openConsole(this, 1280, 800, nginxBaseUrl(this));
});

Given(
  /^the console is open in Chromium on a (\d+)×(\d+) screen$/,
  async function (this: SemkerWorld, width: string, height: string) {
    await openConsole(this, Number(width), Number(height));
  },
);

/** The id of the n-th message the console posted (from 1), once the API has answered its POST. */
async function postedId(world: SemkerWorld, n = stateOf(world).posted.length || 1): Promise<string> {
  const state = stateOf(world);
  const deadline = Date.now() + 10_000;
  while (state.posted.length < n) {
    assert.ok(Date.now() < deadline, 'the console posted no message');
    await new Promise((r) => setTimeout(r, 20));
  }
  return state.posted[n - 1]!;
}

const turnOf = (world: SemkerWorld, id: string) => pageOf(world).locator(`article[data-message-id="${id}"]`);

async function updatesOf(world: SemkerWorld, id: string): Promise<WireUpdate[]> {
  const response = await fetch(`${world.baseUrl}/messages/${id}/updates`, {
    headers: world.memory.has('key-owner') ? credentials(world.memory.get('key-owner')!) : {},
  });
  return (await response.json()) as WireUpdate[];
}

// --- typing ---------------------------------------------------------------------------------------

When('I send {string} from the console', async function (this: SemkerWorld, text: string) {
  const page = pageOf(this);
  const before = stateOf(this).posted.length;
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  this.memory.set('expected posts', String(before + 1));
});

When('I type {string} and press Enter', async function (this: SemkerWorld, text: string) {
  const page = pageOf(this);
  // The console focuses the textbox itself: no click, keyboard only.
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  this.memory.set('expected posts', String(stateOf(this).posted.length + 1));
});

When('I press Tab', async function (this: SemkerWorld) {
  await pageOf(this).keyboard.press('Tab');
});

When('I click {string}', async function (this: SemkerWorld, name: string) {
  await pageOf(this).getByRole('button', { name }).click();
});

// --- steps and answers ----------------------------------------------------------------------------

Then(
  'the console shows the steps while the answer is pending: routing to {string} and a call to {string}',
  async function (this: SemkerWorld, agent: string, tool: string) {
    const id = await postedId(this, Number(this.memory.get('expected posts') ?? 1));
    const turn = turnOf(this, id);
    const steps = turn.locator('.steps li');
    await steps.filter({ hasText: `Routing to ${agent}` }).waitFor();
    await steps.filter({ hasText: `Calling tool ${tool}` }).waitFor();
    // The scripted model holds the answer: these steps arrived while the message was in progress.
    assert.equal(await turn.locator('.answer').innerText(), '');
    assert.equal(await turn.locator('details.steps').getAttribute('open'), '');
    const status = (await (await fetch(`${this.baseUrl}/messages/${id}/status`)).json()) as Json;
    assert.equal(status.status, 'inprogress');
  },
);

async function lastTurn(world: SemkerWorld) {
  const id = await postedId(world, Number(world.memory.get('expected posts') ?? 1));
  return { id, turn: turnOf(world, id) };
}

Then(
  'the console shows the answer with a table of the columns {string}',
  async function (this: SemkerWorld, columns: string) {
    const { turn } = await lastTurn(this);
    const table = turn.locator('.answer table');
    await table.waitFor();
    const headers = (await table.locator('th').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(
      headers,
      columns.split(',').map((c) => c.trim()),
    );
  },
);

Then('the console shows an answer containing {string}', async function (this: SemkerWorld, text: string) {
  const { turn } = await lastTurn(this);
  await turn.locator('.answer').filter({ hasText: text }).waitFor();
});

Then('the console shows the answer', async function (this: SemkerWorld) {
  const { turn } = await lastTurn(this);
  await turn.locator('.answer :is(p, table, ul, ol)').first().waitFor();
});

Then("the message's steps are folded away, one click from view", async function (this: SemkerWorld) {
  const { turn } = await lastTurn(this);
  const details = turn.locator('details.steps');
  assert.equal(await details.getAttribute('open'), null);
  assert.ok(!(await turn.locator('.steps li').first().isVisible()), 'the steps are still in view');
  await details.locator('summary').click();
  assert.ok(await turn.locator('.steps li').first().isVisible(), 'a click does not show the steps');
  await details.locator('summary').click();
});

Then('the console showed each update of the message once', async function (this: SemkerWorld) {
  const { id, turn } = await lastTurn(this);
  const updates = await updatesOf(this, id);
  const steps = updates.filter((u) => u.status === 'received' || u.status === 'inprogress');
  const shown = await turn
    .locator('.steps li')
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-sequence'))));
  assert.deepEqual(
    shown,
    steps.map((u) => u.sequence),
  );
  // One answer, not two.
  assert.equal(await turn.locator('.answer').count(), 1);
});

Then(
  'the console shows the failure as an alert starting with {string}',
  async function (this: SemkerWorld, start: string) {
    const { id, turn } = await lastTurn(this);
    const alert = turn.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.ok(text.startsWith(start), text);
    const last = (await updatesOf(this, id)).at(-1)!;
    assert.equal(last.status, 'failed');
    assert.ok(text.includes(last.result ?? ''), `the alert does not say why: ${text}`);
  },
);

Then('the answer has bold text {string}', async function (this: SemkerWorld, text: string) {
  const { turn } = await lastTurn(this);
  assert.equal((await turn.locator('.answer strong').innerText()).trim(), text);
});

// --- the hand-over to a person -------------------------------------------------------------------

Then(
  'under the question the console offers the answers {string} and {string}',
  async function (this: SemkerWorld, yes: string, no: string) {
    const { turn } = await lastTurn(this);
    const replies = turn.getByRole('group', { name: 'Answer the question' });
    await replies.waitFor();
    const labels = (await replies.getByRole('button').allInnerTexts()).map((label) => label.trim());
    assert.deepEqual(labels, [yes, no]);
  },
);

When('I answer {string} with its button', async function (this: SemkerWorld, label: string) {
  const { turn } = await lastTurn(this);
  this.memory.set('expected posts', String(stateOf(this).posted.length + 1));
  await turn.getByRole('button', { name: label, exact: true }).click();
});

Then('my message reads {string}', async function (this: SemkerWorld, text: string) {
  const { turn } = await lastTurn(this);
  assert.equal((await turn.locator('.user').innerText()).trim(), text);
});

Then(
  "the console shows the id of the conversation's one support ticket, highlighted",
  async function (this: SemkerWorld) {
    const { turn } = await lastTurn(this);
    const mark = turn.locator('.answer mark.ticket-id');
    await mark.waitFor();
    const conversation = await consoleConversation(this);
    const response = await fetch(
      `${this.baseUrl}/tickets?conversation_id=${encodeURIComponent(conversation)}`,
    );
    const { tickets } = (await response.json()) as { tickets: { ticket_id: string }[] };
    assert.equal(tickets.length, 1, JSON.stringify(tickets));
    assert.equal((await mark.innerText()).trim(), tickets[0]!.ticket_id);
    const background = await mark.evaluate((element) => getComputedStyle(element).backgroundColor);
    assert.notEqual(background, 'rgba(0, 0, 0, 0)', 'the ticket id is not highlighted');
  },
);

Then('the log offers no answers to a question any more', async function (this: SemkerWorld) {
  assert.equal(await pageOf(this).locator('#log .replies').count(), 0);
});

// --- markup ---------------------------------------------------------------------------------------

Then('my message reads {string} as text', async function (this: SemkerWorld, text: string) {
  const { turn } = await lastTurn(this);
  assert.equal(await turn.locator('.user').innerText(), text);
});

Then(
  'the log holds no image, script or event-handler attribute, and no dialog was opened',
  async function (this: SemkerWorld) {
    const page = pageOf(this);
    const log = page.getByRole('log');
    assert.equal(await log.locator('img, script, svg, iframe').count(), 0);
    const handlers = await log.evaluate((root) =>
      [...root.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`),
      ),
    );
    assert.deepEqual(handlers, []);
    assert.deepEqual(stateOf(this).browser.dialogs, []);
    assert.deepEqual(stateOf(this).browser.errors, []);
  },
);

Then('no link of the log points at {string}', async function (this: SemkerWorld, scheme: string) {
  const hrefs = await pageOf(this)
    .getByRole('log')
    .locator('a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  assert.ok(!hrefs.some((href) => href.trim().toLowerCase().startsWith(scheme)), hrefs.join(' '));
});

// --- conversations --------------------------------------------------------------------------------

async function consoleConversation(world: SemkerWorld): Promise<string> {
  const id = await pageOf(world).evaluate(() => sessionStorage.getItem('semker.conversation'));
  assert.ok(id, 'the console keeps no conversation id');
  return id;
}

async function statusOf(world: SemkerWorld, id: string): Promise<Json> {
  return (await (await fetch(`${world.baseUrl}/messages/${id}/status`)).json()) as Json;
}

Then(
  "the log holds {int} messages, both in the console's conversation",
  async function (this: SemkerWorld, count: number) {
    assert.equal(await pageOf(this).getByRole('log').locator('article').count(), count);
    const conversation = await consoleConversation(this);
    for (const id of stateOf(this).posted)
      assert.equal((await statusOf(this, id)).conversation_id, conversation);
  },
);

Then(
  "the console's log is empty and the textbox {string} has the focus",
  async function (this: SemkerWorld, name: string) {
    const page = pageOf(this);
    assert.equal(await page.getByRole('log').locator('article').count(), 0);
    assert.ok(
      await page.getByRole('textbox', { name }).evaluate((el) => el === document.activeElement),
      'the textbox does not have the focus',
    );
  },
);

Then('the two messages were posted in two different conversations', async function (this: SemkerWorld) {
  const [first, second] = stateOf(this).posted;
  assert.ok(first && second);
  const a = (await statusOf(this, first)).conversation_id;
  const b = (await statusOf(this, second)).conversation_id;
  assert.notEqual(a, b);
  assert.equal(b, await consoleConversation(this));
});

// --- restart --------------------------------------------------------------------------------------

When("the API's HTTP server restarts", async function (this: SemkerWorld) {
  const state = stateOf(this);
  const { id } = await lastTurn(this);
  // What the page had received when the connection was cut: the id of its last event.
  this.memory.set('last event before restart', `${id}/${(await updatesOf(this, id)).at(-1)!.sequence}`);
  this.memory.set('stream requests before restart', String(state.streamRequests.length));
  await this.restartHttpServer();
  watchServer(this, state);
});

Then(
  'the console reconnected with the Last-Event-ID of the last event it had received',
  function (this: SemkerWorld) {
    const requests = stateOf(this).streamRequests;
    const before = Number(this.memory.get('stream requests before restart'));
    assert.ok(before >= 1, 'the console followed no stream before the restart');
    assert.ok(requests.length > before, 'the console did not reconnect');
    assert.equal(requests[before], this.memory.get('last event before restart'));
  },
);

Then('the console says it is live', async function (this: SemkerWorld) {
  await pageOf(this).getByRole('status').filter({ hasText: 'Live' }).waitFor();
});

// --- keys -----------------------------------------------------------------------------------------

Then('the console asks for an API key', async function (this: SemkerWorld) {
  await pageOf(this).getByLabel('API key').waitFor();
});

When(/^I enter (\w+)'s API key$/, async function (this: SemkerWorld, who: string) {
  const page = pageOf(this);
  await page.getByLabel('API key').fill(credentials(who)['x-api-key']!);
  await page.getByRole('button', { name: 'Use key' }).click();
  this.memory.set('key-owner', who);
});

Then(/^the message belongs to (\w+)$/, async function (this: SemkerWorld, who: string) {
  const id = await postedId(this);
  const own = await fetch(`${this.baseUrl}/messages/${id}/status`, { headers: credentials(who) });
  assert.equal(own.status, 200);
  const other = await fetch(`${this.baseUrl}/messages/${id}/status`, {
    headers: credentials(who === 'bob' ? 'alice' : 'bob'),
  });
  assert.equal(other.status, 404);
});

// --- layout and keyboard --------------------------------------------------------------------------

Then(
  'the page does not scroll sideways, and {string} and {string} are on screen',
  async function (this: SemkerWorld, textbox: string, button: string) {
    const page = pageOf(this);
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth, `the page is ${scrollWidth}px wide on a ${innerWidth}px screen`);
    const viewport = page.viewportSize()!;
    for (const locator of [
      page.getByRole('textbox', { name: textbox }),
      page.getByRole('button', { name: button }),
    ]) {
      const box = await locator.boundingBox();
      assert.ok(box, 'not rendered');
      assert.ok(
        box.x >= 0 && box.x + box.width <= viewport.width,
        `off screen sideways: ${JSON.stringify(box)}`,
      );
      assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `off screen: ${JSON.stringify(box)}`);
    }
  },
);

Then('{string} has the focus, with a visible focus ring', async function (this: SemkerWorld, name: string) {
  const button = pageOf(this).getByRole('button', { name });
  const focus = await button.evaluate((el) => {
    const style = getComputedStyle(el);
    return {
      focused: el === document.activeElement,
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
    };
  });
  assert.ok(focus.focused, `${name} does not have the focus`);
  assert.notEqual(focus.style, 'none');
  assert.ok(focus.width >= 2, `outline ${focus.width}px`);
});

Then('a screenshot {string} is saved', async function (this: SemkerWorld, name: string) {
  await screenshot(pageOf(this), name);
});

// --- the page as served ---------------------------------------------------------------------------

Then(
  'the console page loads only its own script and stylesheet, and has no inline script or style',
  function (this: SemkerWorld) {
    const response = this.lastResponse!;
    assert.match(response.headers['content-type'] ?? '', /^text\/html/);
    const html = response.text;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.equal(scripts.length, 1, 'one script');
    assert.match(scripts[0]![1]!, /\bsrc="\/console\/console\.js"/);
    assert.equal(scripts[0]![2]!.trim(), '', 'the script tag has inline code');
    assert.doesNotMatch(html, /<style\b|\sstyle=|\son[a-z]+=/i, 'inline style or handler');
    const links = [...html.matchAll(/<link\b[^>]*href="([^"]+)"/gi)].map((m) => m[1]);
    assert.deepEqual(links, ['/console/console.css']);
    assert.doesNotMatch(html, /https?:\/\//, 'the page names another origin');
  },
);

Then(
  "the console's Content-Security-Policy allows no inline script, no eval and no other origin",
  function (this: SemkerWorld) {
    const csp = this.lastResponse!.headers['content-security-policy'] ?? '';
    const directives = new Map(
      csp.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'"]);
    assert.deepEqual(directives.get('connect-src'), ["'self'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
  },
);

Then("the console's script is served by the API", async function (this: SemkerWorld) {
  const response = await fetch(`${this.baseUrl}/console/console.js`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /javascript/);
  const code = await response.text();
  assert.ok(code.length > 1000, 'the bundle is empty');
  // Bundled: nothing is imported from elsewhere at run time.
  assert.doesNotMatch(code, /\bimport\s*\(?\s*["']https?:/);
});

// --- a plain EventSource --------------------------------------------------------------------------

/** What a page's EventSource saw: each event's id, name and data, and whether it stopped by itself. */
interface EventSourceOutcome {
  events: Array<{ id: string; type: string; data: string }>;
  closed: boolean;
}

When(
  "the page's own EventSource follows the message {string}",
  async function (this: SemkerWorld, text: string) {
    const id = await this.postMessage(text);
    const requests: Array<{ lastEventId: string | undefined; status: number }> = [];
    this.api!.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith(`/messages/${id}/events`)) {
        const header = req.headers['last-event-id'];
        res.on('finish', () =>
          requests.push({
            lastEventId: typeof header === 'string' ? header : undefined,
            status: res.statusCode,
          }),
        );
      }
    });
    const outcome = await pageOf(this).evaluate(
      (url) =>
        new Promise<EventSourceOutcome>((resolve) => {
          const source = new EventSource(url);
          const events: EventSourceOutcome['events'] = [];
          for (const type of ['received', 'inprogress', 'completed', 'failed']) {
            source.addEventListener(type, (event) => {
              const message = event as MessageEvent<string>;
              events.push({ id: message.lastEventId, type, data: message.data });
            });
          }
          // Bounded: CLOSED (2) comes by itself once the 204 after the final update told it to stop.
          const started = Date.now();
          const timer = setInterval(() => {
            if (source.readyState !== 2 && Date.now() - started < 15_000) return;
            clearInterval(timer);
            resolve({ events, closed: source.readyState === 2 });
            source.close();
          }, 20);
        }),
      `/messages/${id}/events`,
    );
    this.memory.set('eventsource', JSON.stringify(outcome));
    this.memory.set('eventsource requests', JSON.stringify(requests));
  },
);

Then(
  'the EventSource received every update of the message once, in order, then stopped',
  async function (this: SemkerWorld) {
    const outcome = JSON.parse(this.memory.get('eventsource')!) as EventSourceOutcome;
    const updates = await updatesOf(this, this.lastMessageId!);
    assert.deepEqual(
      outcome.events,
      updates.map((u) => ({ id: String(u.sequence), type: u.status, data: JSON.stringify(u) })),
    );
    assert.ok(outcome.closed, 'the EventSource kept reconnecting');
  },
);

Then(
  "it reconnected once after the final update, with that update's id, and was answered {int}",
  async function (this: SemkerWorld, status: number) {
    const requests = JSON.parse(this.memory.get('eventsource requests')!) as Array<{
      lastEventId?: string;
      status: number;
    }>;
    const last = (await updatesOf(this, this.lastMessageId!)).at(-1)!;
    assert.deepEqual(requests, [{ status: 200 }, { lastEventId: String(last.sequence), status }]);
  },
);

// --- in view --------------------------------------------------------------------------------------

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Where an element of the newest turn is on screen against the bar above the conversation and the
 * composer below it (getBoundingClientRect), and at which of its edges another element lies on top.
 */
async function placement(world: SemkerWorld, selector: string) {
  const { turn } = await lastTurn(world);
  // Measured once the turn shows the message too (it may come after the first updates).
  await turn.locator('.user').filter({ hasText: /\S/ }).waitFor();
  return turn.locator(selector).evaluate((target) => {
    const doc = target.ownerDocument;
    // No helper functions in here: the callback runs in the page, without the bundler's helpers.
    const [own, bar, composer] = [target, doc.querySelector('.bar'), doc.querySelector('#composer')].map(
      (element): Box => {
        const { top, bottom, left, right } = element.getBoundingClientRect();
        return { top, bottom, left, right };
      },
    ) as [Box, Box, Box];
    const middleX = (own.left + own.right) / 2;
    const middleY = (own.top + own.bottom) / 2;
    // The middle of each edge, just inside: clear of rounded corners.
    const edges = {
      top: [middleX, own.top + 2],
      bottom: [middleX, own.bottom - 2],
      left: [own.left + 2, middleY],
      right: [own.right - 2, middleY],
    } as const;
    return {
      box: own,
      bar,
      composer,
      viewportHeight: doc.defaultView.innerHeight as number,
      covered: Object.entries(edges)
        .filter(([, [x, y]]) => !target.contains(doc.elementFromPoint(x, y)))
        .map(([edge]) => edge),
    };
  });
}

async function assertInFullView(world: SemkerWorld, selector: string, what: string): Promise<void> {
  const { box, bar, composer, viewportHeight, covered } = await placement(world, selector);
  assert.ok(box.bottom > box.top, `${what} is not rendered`);
  // Within 2 px: fractional layout boxes against a scroll position the browser rounds to whole
  // pixels, at most the box's edge (its padding), never a line of its text.
  assert.ok(box.top >= bar.bottom - 2, `${Math.round(bar.bottom - box.top)} px of ${what} are above the bar`);
  assert.ok(
    box.bottom <= composer.top + 2,
    `${Math.round(box.bottom - composer.top)} of ${Math.round(box.bottom - box.top)} px of ${what} are behind or below the composer`,
  );
  assert.ok(composer.bottom <= viewportHeight + 0.5, 'the composer is below the screen');
  assert.deepEqual(covered, [], `something lies over ${what}`);
}

Then(
  'the newest answer is in full view between the bar and the composer',
  async function (this: SemkerWorld) {
    await assertInFullView(this, '.assistant', 'the newest answer');
  },
);

Then('its steps are in full view between the bar and the composer', async function (this: SemkerWorld) {
  await assertInFullView(this, 'details.steps', 'the steps');
});

Then(
  "the newest answer, taller than the conversation's box, is shown from its start under the bar",
  async function (this: SemkerWorld) {
    const { box, bar, composer } = await placement(this, '.assistant');
    assert.ok(box.bottom > composer.top, 'the answer fits on the screen');
    // Its top just under the bar: the box's padding and scroll padding at most.
    assert.ok(
      box.top >= bar.bottom - 0.5 && box.top <= bar.bottom + 40,
      `the answer starts ${Math.round(box.top - bar.bottom)} px under the bar`,
    );
  },
);

Then('the conversation is taller than its box, so it has scrolled', async function (this: SemkerWorld) {
  const { scrollHeight, clientHeight, scrollTop } = await pageOf(this)
    .getByRole('log')
    .evaluate((log) => {
      // The conversation's scrolling box: the log's nearest ancestor that scrolls (or the page).
      let box = log.parentElement;
      while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
      const scroller = box ?? log.ownerDocument.scrollingElement;
      return {
        scrollHeight: scroller.scrollHeight as number,
        clientHeight: scroller.clientHeight as number,
        scrollTop: scroller.scrollTop as number,
      };
    });
  assert.ok(
    scrollHeight > clientHeight,
    `the conversation (${scrollHeight} px) fits its box (${clientHeight} px)`,
  );
  assert.ok(scrollTop > 0, 'the conversation has not scrolled');
});

Then("the first message's steps are folded", async function (this: SemkerWorld) {
  const first = turnOf(this, await postedId(this, 1));
  assert.equal(await first.locator('details.steps').getAttribute('open'), null);
  assert.ok(!(await first.locator('.steps li').first().isVisible()), "the first message's steps are in view");
});

// --- tables ---------------------------------------------------------------------------------------

/**
 * For each non-empty cell of the newest answer's table: its column's header, and how far its text
 * stands from the cell's left and right inner edges (px).
 */
async function cellGaps(world: SemkerWorld) {
  const { turn } = await lastTurn(world);
  return turn.locator('.answer table').evaluate((table) => {
    const doc = table.ownerDocument;
    const headers = [...table.rows[0].cells].map((cell) => String(cell.textContent).trim());
    return [...table.rows].flatMap((row) =>
      [...row.cells].flatMap((cell, index: number) => {
        if (!String(cell.textContent).trim()) return [];
        const style = doc.defaultView.getComputedStyle(cell);
        const outer = cell.getBoundingClientRect();
        const range = doc.createRange();
        range.selectNodeContents(cell);
        const text = range.getBoundingClientRect();
        return [
          {
            column: headers[index] as string,
            cell: String(cell.textContent).trim(),
            left: (text.left - (outer.left + parseFloat(style.paddingLeft))) as number,
            right: (outer.right - parseFloat(style.paddingRight) - text.right) as number,
          },
        ];
      }),
    );
  });
}

Then(
  "in the answer's table the amounts of {string} line up on the right, the rest on the left",
  async function (this: SemkerWorld, columns: string) {
    const right = columns.split(',').map((column) => column.trim());
    const gaps = await cellGaps(this);
    for (const column of right)
      assert.ok(
        gaps.some((gap) => gap.column === column),
        `no column ${column}`,
      );
    // Within the half of a collapsed border, wherever the cell's text starts or ends.
    const edge = 1.5;
    for (const gap of gaps) {
      if (right.includes(gap.column))
        assert.ok(gap.right <= edge, `"${gap.cell}" ends ${gap.right.toFixed(1)} px left of its cell's edge`);
      else
        assert.ok(
          gap.left <= edge,
          `"${gap.cell}" starts ${gap.left.toFixed(1)} px right of its cell's edge`,
        );
    }
    // Lined up on the right shows only where an amount is narrower than its column.
    assert.ok(
      gaps.some((gap) => right.includes(gap.column) && gap.left > edge),
      'every amount fills its cell: the alignment cannot be seen',
    );
  },
);

Then("no word of the answer's table is broken across two lines", async function (this: SemkerWorld) {
  const { turn } = await lastTurn(this);
  const broken = await turn.locator('.answer table').evaluate((table) => {
    const doc = table.ownerDocument;
    const walker = doc.createTreeWalker(table, 4 /* NodeFilter.SHOW_TEXT */);
    const split: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of String(node.data).matchAll(/\S+/g)) {
        const range = doc.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        // A word on one line has one box; a word broken in two has a box on each line.
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
    return split;
  });
  assert.deepEqual(broken, [], `broken across lines: ${broken.join(', ')}`);
});

// --- the empty conversation -----------------------------------------------------------------------

const examplesOf = (world: SemkerWorld) => pageOf(world).getByRole('region', { name: /try one of these/i });

Then(
  'the console offers the example questions {string}, {string} and {string}',
  async function (this: SemkerWorld, first: string, second: string, third: string) {
    const examples = examplesOf(this);
    await examples.waitFor();
    const labels = (await examples.getByRole('button').allInnerTexts()).map((label) => label.trim());
    assert.deepEqual(labels, [first, second, third]);
  },
);

When('I click the example question {string}', async function (this: SemkerWorld, question: string) {
  this.memory.set('expected posts', String(stateOf(this).posted.length + 1));
  await examplesOf(this).getByRole('button', { name: question, exact: true }).click();
});

Then('the console offers no example questions', async function (this: SemkerWorld) {
  await examplesOf(this).waitFor({ state: 'hidden' });
});
