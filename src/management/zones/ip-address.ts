/**
 * IPv4 and IPv6 addresses and address blocks as numbers, for network zones (Okta Management API,
 * `NetworkZoneAddress`: "the IP addresses (range or CIDR form)"). Pure: no DNS, no `node:net`.
 *
 * Text forms are the usual ones, parsed strictly so that what is stored is what is matched:
 * IPv4 is dotted quad without leading zeros (RFC 6943 §3.1.1: `010.0.0.1` is octal to some
 * parsers, decimal to others), IPv6 is RFC 4291 §2.2 text (`::` once, an IPv4 tail allowed),
 * with no zone index. A client address may carry a zone index (`fe80::1%eth0`), which is dropped.
 */

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

/** Every address from `first` to `last`, both included, of one version. */
export interface AddressBlock {
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

const BITS = { 4: 32n, 6: 128n } as const;
const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;
/** ::ffff:0:0/96, IPv4-mapped IPv6 addresses (RFC 4291 §2.5.5.2). */
const MAPPED_PREFIX = 0xffffn << 32n;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function hextets(text: string): string[] {
  return text === '' ? [] : text.split(':');
}

function parseIpv6(text: string): bigint | undefined {
  if (text.length > 45) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0] ?? '');
  const tail = halves.length === 2 ? hextets(halves[1] ?? '') : [];
  const last = halves.length === 2 ? tail : head;
  let ipv4: bigint | undefined;
  if (last.at(-1)?.includes('.') === true) {
    ipv4 = parseIpv4(last.pop() ?? '');
    if (ipv4 === undefined) return undefined;
  }
  if (![...head, ...tail].every((group) => HEXTET.test(group))) return undefined;
  const given = head.length + tail.length + (ipv4 === undefined ? 0 : 2);
  // Without `::` all eight groups are written; `::` stands for one group or more.
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  let value = 0n;
  for (const group of head) value = (value << 16n) | BigInt('0x' + group);
  value <<= 16n * BigInt(8 - given);
  for (const group of tail) value = (value << 16n) | BigInt('0x' + group);
  if (ipv4 !== undefined) value = (value << 32n) | ipv4;
  return value;
}

/** An address written as text, or undefined when it is not one. */
export function parseAddress(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { version: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { version: 4, value };
}

/** The address a request came from (`request.ip`), zone index dropped; undefined when unreadable. */
export function parseClientAddress(text: string): IpAddress | undefined {
  const percent = text.indexOf('%');
  return parseAddress(percent === -1 ? text : text.slice(0, percent));
}

/**
 * The forms an address takes in a comparison: an IPv4 address and its IPv4-mapped IPv6 form are
 * one host (a dual-stack socket reports IPv4 clients as `::ffff:a.b.c.d`), so each is compared
 * against blocks of either version.
 */
export function formsOf(address: IpAddress): readonly IpAddress[] {
  if (address.version === 4) return [address, { version: 6, value: MAPPED_PREFIX | address.value }];
  if (address.value >> 32n === 0xffffn) return [address, { version: 4, value: address.value & 0xffffffffn }];
  return [address];
}

export function blockContains(block: AddressBlock, address: IpAddress): boolean {
  return formsOf(address).some((form) => form.version === block.version && form.value >= block.first && form.value <= block.last);
}

/** `1.2.3.0/24`, `2001:db8::/32`. Host bits may be set (`1.2.3.4/24`, as Okta's own examples write it): they are masked off. */
export function parseCidr(text: string): AddressBlock | string {
  const slash = text.indexOf('/');
  if (slash === -1) return 'a CIDR block needs a prefix length, as in 1.2.3.0/24';
  const address = parseAddress(text.slice(0, slash));
  if (address === undefined) return `${text.slice(0, slash)} is not an IPv4 or IPv6 address`;
  const prefixText = text.slice(slash + 1);
  const bits = BITS[address.version];
  if (!/^\d{1,3}$/.test(prefixText) || BigInt(prefixText) > bits) return `the prefix length must be a whole number from 0 to ${bits}`;
  const hostBits = bits - BigInt(prefixText);
  const host = (1n << hostBits) - 1n;
  const first = address.value & ~host & ((1n << bits) - 1n);
  return { version: address.version, first, last: first | host };
}

/** `1.2.3.4-1.2.3.10` (both ends included), or one address. Both ends of one version, in order. */
export function parseRange(text: string): AddressBlock | string {
  const ends = text.split('-');
  if (ends.length > 2) return 'a range is two addresses joined by one hyphen, as in 1.2.3.4-1.2.3.10';
  const [from, to] = [parseAddress(ends[0] ?? ''), parseAddress(ends[1] ?? ends[0] ?? '')];
  if (from === undefined) return `${ends[0] ?? ''} is not an IPv4 or IPv6 address`;
  if (to === undefined) return `${ends[1] ?? ''} is not an IPv4 or IPv6 address`;
  if (from.version !== to.version) return 'a range cannot mix IPv4 and IPv6 addresses';
  if (from.value > to.value) return 'a range must start at its lower address';
  return { version: from.version, first: from.value, last: to.value };
}
