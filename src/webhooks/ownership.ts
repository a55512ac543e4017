import type { EventScope } from './events.ts';
import type { WebhookEndpoint } from './webhook-store.ts';

/** Who manages endpoints: an API key's owner (an admin key manages every owner's), or anyone when open. */
export interface Manager {
  owner: string;
  admin: boolean;
}

/**
 * Whether an endpoint receives an event: only its owner's (with no keys, the endpoints registered
 * without keys receive the events of messages posted without keys). An admin key's endpoint gets
 * its own owner's events, not everyone's. The one rule of who receives what; the store narrows its
 * query by owner for speed, and every event passes here too.
 */
export function receives(endpoint: WebhookEndpoint, scope: EventScope): boolean {
  return endpoint.owner === scope.owner;
}

/** Whether `manager` may see and change an endpoint (undefined: the API runs without keys). */
export function mayManage(manager: Manager | undefined, endpoint: WebhookEndpoint): boolean {
  return manager === undefined || manager.admin || manager.owner === endpoint.owner;
}
