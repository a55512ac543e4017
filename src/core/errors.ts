/**
 * Why the service refuses a request for a reason of its own state. Raised by processing and the
 * stores, which know nothing of HTTP; the problem handler (src/http/problem.ts) gives each its
 * status, headers and problem document, in one place.
 */
export abstract class ServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The backlog is at QUEUE_CAPACITY: nothing was accepted, and a retry shortly may be. */
export class QueueFullError extends ServiceError {
  constructor(readonly capacity: number) {
    super(`The message queue is full (${capacity} waiting)`);
  }
}

/**
 * The sender's waiting messages are at their share of the queue (QUEUE_OWNER_SHARE): nothing was
 * accepted, other senders' messages still are, and a retry once some are answered may be.
 */
export class QueueShareFullError extends ServiceError {
  constructor(readonly share: number) {
    super(`The sender has ${share} messages waiting, its share of the queue`);
  }
}

/** This process is draining for shutdown and takes no new message. */
export class NotAcceptingError extends ServiceError {
  constructor() {
    super('The service is shutting down and accepts no new messages');
  }
}

/**
 * The database behind the stores cannot be reached (or refused the work): nothing was accepted or
 * read, and the client retries. Its message never names the server.
 */
export class StoreUnavailableError extends ServiceError {
  constructor() {
    super('The message store is unavailable');
  }
}

/** A message that already ended (its final status given) cannot be cancelled. */
export class MessageEndedError extends ServiceError {
  constructor(
    readonly messageId: string,
    readonly status: string,
  ) {
    super(`Message ${messageId} has already ended (${status})`);
  }
}
