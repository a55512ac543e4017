/**
 * The delivery thread (webhooks/thread-sender.ts): makes the attempts it is sent with the sender of
 * sender.ts, at a low CPU priority (nice 10), and answers each with its result.
 */
import { setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createSender } from './sender.ts';
import {
  DELIVERY_NICE,
  type FromDeliveryThread,
  type SenderOptions,
  type ToDeliveryThread,
} from './thread-sender.ts';

if (isMainThread || !parentPort) throw new Error('sender-thread.ts runs only as a worker thread');
const port = parentPort;

const sender = createSender(workerData as SenderOptions);
// The HTTP client is loaded at normal priority: a thread started on a busy machine is ready at once.
await sender.ready();
// On Linux a thread's nice value is its own: this lowers this thread alone, never the answers' threads.
try {
  setPriority(DELIVERY_NICE);
} catch {
  // A system that refuses it delivers at normal priority.
}
port.on('message', (message: ToDeliveryThread) => {
  if (message.type === 'close') {
    void sender.close().finally(() => port.close());
    return;
  }
  void sender
    .send(message.url, message.headers, message.body)
    .then((result) => port.postMessage({ id: message.id, result } satisfies FromDeliveryThread));
});
