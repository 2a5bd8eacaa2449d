/**
 * A zone's gateways or proxies as the form holds them: one address a line, a CIDR block
 * (`10.0.0.0/8`), a range (`10.0.0.1-10.0.0.9`) or one address (a range of one). The check here
 * is loose (the characters of IPv4 and IPv6 text); the server checks every value strictly and
 * names each bad one (`gateways[2].value: …`).
 */
import type { ZoneAddress } from './types';

const ADDRESS_TEXT = /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/;
const RANGE_TEXT = /^[0-9A-Fa-f.:]+-[0-9A-Fa-f.:]+$/;

export function addressOf(line: string): ZoneAddress | undefined {
  const value = line.replace(/\s+/g, '');
  if (RANGE_TEXT.test(value)) return { type: 'RANGE', value };
  if (ADDRESS_TEXT.test(value) && /\d/.test(value)) return { type: value.includes('/') ? 'CIDR' : 'RANGE', value };
  return undefined;
}

/** The addresses of a textarea, or a problem per line that is not one, as "Gateways, line 2: …". */
export function addressesOf(text: string, label: string): { addresses: ZoneAddress[]; problems: string[] } {
  const addresses: ZoneAddress[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const address = addressOf(line);
    if (address === undefined)
      problems.push(`${label}, line ${index + 1}: “${line}” is not an IP address, a CIDR block (10.0.0.0/8) or a range (10.0.0.1-10.0.0.9).`);
    else addresses.push(address);
  });
  return { addresses, problems };
}

/** Addresses back to the textarea's lines. */
export function textOf(addresses: readonly { readonly value: string }[] | null): string {
  return (addresses ?? []).map((a) => a.value).join('\n');
}
