import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A webhook URL this service will not call; the message is safe to show to the client. */
export class UnsafeUrlError extends Error {
  override name = 'UnsafeUrlError';
}

/**
 * Whether an address is public unicast, by ipaddr.js's classification: loopback, private,
 * link-local (cloud metadata at 169.254.169.254), unique-local (fd00:ec2::254), carrier-grade NAT
 * (100.100.100.200), multicast, reserved and the rest are not. IPv4-mapped IPv6 is judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The host of a URL as `net` sees it: IPv6 literals without their brackets. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks a URL before it is registered: http or https, no credentials in it, and (unless private
 * addresses are allowed) a host that is, or resolves only to, public addresses. Throws
 * UnsafeUrlError with a reason for the client.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UnsafeUrlError('The URL must be an absolute http or https URL.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new UnsafeUrlError('The URL must not carry credentials: verify deliveries by their signature.');
  }
  if (allowPrivate) return url;
  const host = hostOf(url);
  const addresses = isIP(host)
    ? [host]
    : await new Promise<string[]>((resolve) =>
        dnsLookup(host, { all: true }, (error, found) =>
          resolve(error ? [] : found.map((entry) => entry.address)),
        ),
      );
  if (addresses.length === 0) throw new UnsafeUrlError('The URL’s host name does not resolve.');
  if (!addresses.every(isPublicAddress)) {
    throw new UnsafeUrlError(
      'The URL resolves to a loopback, private, link-local or otherwise non-public address, which webhooks may not call.',
    );
  }
  return url;
}

/**
 * Refuses a URL whose host is a non-public IP literal. Host names are checked as they are
 * resolved, by `guardedLookup` on the connection itself (`net` never looks an IP literal up).
 */
export function checkLiteralHost(url: URL): void {
  const host = hostOf(url);
  if (isIP(host) && !isPublicAddress(host)) {
    throw new UnsafeUrlError('The endpoint’s address is not public.');
  }
}

/**
 * The DNS lookup of webhook connections: resolves as `net` would, then refuses the connection when
 * any address is not public, so the address connected to is the address checked (a host name that
 * re-resolves to a private address between registration and delivery is refused here).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) {
      callback(error, '', 0);
      return;
    }
    if (addresses.length === 0 || !addresses.every((entry) => isPublicAddress(entry.address))) {
      callback(
        Object.assign(new UnsafeUrlError('The endpoint resolves to an address that is not public.'), {
          code: 'EADDRNOTPUBLIC',
        }),
        '',
        0,
      );
      return;
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
