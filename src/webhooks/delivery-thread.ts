/**
 * The delivery thread (webhooks/deliverer.ts): signs the attempts it is sent and makes them with
 * the sender of sender.ts, at a low CPU priority (nice 10), and answers each with its result.
 */
import type { KeyObject } from 'node:crypto';
import { setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import { createSender, type AttemptResult, type SenderOptions } from './sender.ts';
import { signedHeaders, signingKey } from './signer.ts';
import { DELIVERY_NICE, type Attempt, type FromDeliveryThread, type ToDeliveryThread } from './deliverer.ts';

if (isMainThread || !parentPort) throw new Error('delivery-thread.ts runs only as a worker thread');
const port = parentPort;

/** Signing keys kept decoded, at most (one per endpoint attempted lately). */
const KEYS_KEPT = 1000;

// The endpoints' keys, decoded once each; the least recently used forgotten past the bound.
const keys = new LRUCache<string, KeyObject>({ max: KEYS_KEPT });
const keyOf = (secret: string): KeyObject => {
  let key = keys.get(secret);
  if (!key) {
    key = signingKey(secret);
    keys.set(secret, key);
  }
  return key;
};

const sender = createSender(workerData as SenderOptions);
// The HTTP client is loaded at normal priority: a thread started on a busy machine is ready at once.
await sender.ready();
// On Linux a thread's nice value is its own: this lowers this thread alone, never the answers' threads.
try {
  setPriority(DELIVERY_NICE);
} catch {
  // A system that refuses it delivers at normal priority.
}
/** One attempt, signed now. A secret that cannot be decoded fails its attempt, not the thread. */
async function attempt({ url, secret, eventId, body }: Attempt): Promise<AttemptResult> {
  let headers;
  try {
    headers = signedHeaders(keyOf(secret), eventId, body, new Date());
  } catch {
    return { kind: 'unreachable', reason: "the endpoint's secret could not be read" };
  }
  return sender.send(url, headers, body);
}

port.on('message', (message: ToDeliveryThread) => {
  if (message.type === 'close') {
    void sender.close().finally(() => port.close());
    return;
  }
  void attempt(message).then((result) =>
    port.postMessage({ id: message.id, result } satisfies FromDeliveryThread),
  );
});
