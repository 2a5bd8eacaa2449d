/**
 * Addresses, blocks and network conditions as tables: IPv4 and IPv6 text forms, CIDR edges (/0,
 * the last host, host bits set), ranges, IPv4-mapped IPv6 against IPv4 blocks and back, and
 * include/exclude conditions failing closed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockContains, parseAddress, parseCidr, parseClientAddress, parseRange } from './ip-address.js';
import { ANYWHERE, parseCondition, storedCondition, type NetworkCondition } from './network-condition.js';
import { networkCheck, type ZoneForMatching } from './zone-match.js';

describe('IP addresses', () => {
  // prettier-ignore
  const ADDRESSES: readonly [string, 4 | 6 | undefined, bigint?][] = [
    ['0.0.0.0', 4, 0n],
    ['1.2.3.4', 4, 0x01020304n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['256.1.1.1', undefined],
    ['1.2.3', undefined],
    ['1.2.3.4.5', undefined],
    ['01.2.3.4', undefined], // leading zeros read as octal by some parsers
    ['1.2.3.-4', undefined],
    [' 1.2.3.4', undefined],
    ['', undefined],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['1::', 6, 1n << 112n],
    ['2001:db8::8:800:200c:417a', 6, 0x20010db80000000000080800200c417an],
    ['2001:DB8:0:0:8:800:200C:417A', 6, 0x20010db80000000000080800200c417an],
    ['::ffff:1.2.3.4', 6, 0xffff01020304n],
    ['::ffff:102:304', 6, 0xffff01020304n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
    ['1:2:3:4:5:6:1.2.3.4', 6, 0x00010002000300040005000601020304n],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1:2:3:4:5:6:7', undefined],
    ['1::2::3', undefined],
    ['1:::2', undefined],
    [':1::2', undefined],
    ['12345::', undefined],
    ['::g', undefined],
    ['::1.2.3.256', undefined],
    ['1:2:3:4:5:6:7::8', undefined], // :: must stand for at least one group
    ['fe80::1%eth0', undefined], // a zone index is only read off a client address
  ];
  for (const [text, version, value] of ADDRESSES) {
    it(`${JSON.stringify(text)} → ${version === undefined ? 'not an address' : `IPv${version}`}`, () => {
      const parsed = parseAddress(text);
      if (version === undefined) return assert.equal(parsed, undefined);
      assert.deepEqual(parsed, { version, value });
    });
  }

  it('a client address may carry a zone index, which is dropped', () => {
    assert.deepEqual(parseClientAddress('fe80::1%eth0'), { version: 6, value: (0xfe80n << 112n) | 1n });
    assert.deepEqual(parseClientAddress('10.0.0.1'), { version: 4, value: 0x0a000001n });
    assert.equal(parseClientAddress('not-an-ip'), undefined);
  });
});

describe('address blocks', () => {
  // [zone address, client address, inside]
  // prettier-ignore
  const CIDR: readonly [string, string, boolean][] = [
    ['1.2.3.0/24', '1.2.3.0', true],
    ['1.2.3.0/24', '1.2.3.255', true],
    ['1.2.3.0/24', '1.2.4.0', false],
    ['1.2.3.0/24', '1.2.2.255', false],
    ['1.2.3.4/24', '1.2.3.200', true], // host bits set, as Okta's examples write it: masked off
    ['1.2.3.4/32', '1.2.3.4', true],
    ['1.2.3.4/32', '1.2.3.5', false],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['0.0.0.0/0', '::1', false],
    ['10.0.0.0/8', '::ffff:10.9.8.7', true], // IPv4-mapped IPv6 is the IPv4 host
    ['10.0.0.0/8', '::ffff:a09:807', true],
    ['10.0.0.0/8', '::10.9.8.7', false], // IPv4-compatible (deprecated) is not mapped
    ['::ffff:10.0.0.0/104', '10.1.2.3', true], // and an IPv4 client matches a mapped block
    ['2001:db8::/32', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['2001:db8::/32', '2001:db9::', false],
    ['2001:db8::/32', '32.1.13.184', false],
    ['::/0', '2001:db8::1', true],
    ['::1/128', '::1', true],
    ['::1/128', '::2', false],
  ];
  for (const [block, address, inside] of CIDR) {
    it(`CIDR ${block} ${inside ? 'holds' : 'does not hold'} ${address}`, () => {
      const parsed = parseCidr(block);
      assert.ok(typeof parsed !== 'string', typeof parsed === 'string' ? parsed : '');
      const client = parseClientAddress(address);
      assert.ok(client !== undefined);
      assert.equal(blockContains(parsed, client), inside);
    });
  }

  // prettier-ignore
  const RANGES: readonly [string, string, boolean][] = [
    ['1.2.3.4-1.2.3.10', '1.2.3.4', true],
    ['1.2.3.4-1.2.3.10', '1.2.3.10', true],
    ['1.2.3.4-1.2.3.10', '1.2.3.3', false],
    ['1.2.3.4-1.2.3.10', '1.2.3.11', false],
    ['1.2.3.250-1.2.4.5', '1.2.4.0', true],
    ['1.2.3.4', '1.2.3.4', true], // one address
    ['1.2.3.4', '1.2.3.5', false],
    ['2001:db8::1-2001:db8::ff', '2001:db8::80', true],
    ['2001:db8::1-2001:db8::ff', '2001:db8::100', false],
    ['1.2.3.4-1.2.3.10', '::ffff:1.2.3.5', true],
  ];
  for (const [range, address, inside] of RANGES) {
    it(`range ${range} ${inside ? 'holds' : 'does not hold'} ${address}`, () => {
      const parsed = parseRange(range);
      assert.ok(typeof parsed !== 'string', typeof parsed === 'string' ? parsed : '');
      const client = parseClientAddress(address);
      assert.ok(client !== undefined);
      assert.equal(blockContains(parsed, client), inside);
    });
  }

  // prettier-ignore
  const REFUSED: readonly [(text: string) => unknown, string, RegExp][] = [
    [parseCidr, '1.2.3.0', /needs a prefix length/],
    [parseCidr, '1.2.3.0/33', /0 to 32/],
    [parseCidr, '2001:db8::/129', /0 to 128/],
    [parseCidr, '1.2.3.0/-1', /0 to 32/],
    [parseCidr, '1.2.3.0/2a', /0 to 32/],
    [parseCidr, '1.2.3/24', /not an IPv4 or IPv6 address/],
    [parseCidr, '1.2.3.4-1.2.3.5', /prefix length/],
    [parseRange, '1.2.3.10-1.2.3.4', /lower address/],
    [parseRange, '1.2.3.4-2001:db8::1', /cannot mix IPv4 and IPv6/],
    [parseRange, '1.2.3.4-1.2.3.5-1.2.3.6', /one hyphen/],
    [parseRange, '1.2.3.4-', /is not an IPv4 or IPv6 address/],
    [parseRange, 'x-1.2.3.4', /x is not an IPv4/],
    [parseRange, '1.2.3.0/24', /is not an IPv4 or IPv6 address/],
  ];
  for (const [parse, text, message] of REFUSED) {
    it(`${parse.name} refuses ${JSON.stringify(text)}`, () => {
      const result = parse(text);
      assert.equal(typeof result, 'string');
      assert.match(String(result), message);
    });
  }
});

describe('network conditions', () => {
  const zone = (id: string, gateways: string[], fields: Partial<ZoneForMatching> = {}): ZoneForMatching => ({
    id,
    type: 'IP',
    status: 'ACTIVE',
    usage: 'POLICY',
    gateways: gateways.map((value) => ({ type: value.includes('/') ? 'CIDR' : 'RANGE', value })),
    ...fields,
  });
  const office = zone('nzoOffice', ['203.0.113.0/24', '2001:db8:1::/48']);
  const vpn = zone('nzoVpn', ['198.51.100.10-198.51.100.20']);
  const inactive = zone('nzoOld', ['192.0.2.0/24'], { status: 'INACTIVE' });
  const blocklist = zone('nzoBlock', ['192.0.2.0/24'], { usage: 'BLOCKLIST' });
  const zones = [office, vpn, inactive, blocklist];

  // prettier-ignore
  const CASES: readonly [string, NetworkCondition | undefined, string | null, boolean][] = [
    ['ANYWHERE admits any address', ANYWHERE, '192.0.2.1', true],
    ['ANYWHERE admits even an unreadable address', ANYWHERE, 'garbage', true],
    ['include: an address in the first zone', { connection: 'ZONE', include: ['nzoOffice', 'nzoVpn'] }, '203.0.113.7', true],
    ['include: an address in the second zone', { connection: 'ZONE', include: ['nzoOffice', 'nzoVpn'] }, '198.51.100.20', true],
    ['include: IPv6 in a zone', { connection: 'ZONE', include: ['nzoOffice'] }, '2001:db8:1:2::3', true],
    ['include: IPv4-mapped IPv6 of an address in the zone', { connection: 'ZONE', include: ['nzoOffice'] }, '::ffff:203.0.113.7', true],
    ['include: outside every zone', { connection: 'ZONE', include: ['nzoOffice', 'nzoVpn'] }, '198.51.100.21', false],
    ['include: a zone not named does not count', { connection: 'ZONE', include: ['nzoVpn'] }, '203.0.113.7', false],
    ['include: an inactive zone admits nothing', { connection: 'ZONE', include: ['nzoOld'] }, '192.0.2.1', false],
    ['include: a blocklist zone admits nothing', { connection: 'ZONE', include: ['nzoBlock'] }, '192.0.2.1', false],
    ['include: a missing zone admits nothing, the others still do', { connection: 'ZONE', include: ['nzoGone', 'nzoVpn'] }, '198.51.100.15', true],
    ['exclude: outside the zone', { connection: 'ZONE', exclude: ['nzoOffice'] }, '198.51.100.15', true],
    ['exclude: inside the zone', { connection: 'ZONE', exclude: ['nzoOffice'] }, '203.0.113.1', false],
    ['exclude: inside, written as IPv4-mapped IPv6', { connection: 'ZONE', exclude: ['nzoOffice'] }, '::ffff:cb00:7101', false],
    ['exclude: a missing zone cannot be honoured', { connection: 'ZONE', exclude: ['nzoGone'] }, '198.51.100.15', false],
    ['exclude: an inactive zone cannot be honoured', { connection: 'ZONE', exclude: ['nzoOffice', 'nzoOld'] }, '198.51.100.15', false],
    ['an unreadable address is outside', { connection: 'ZONE', exclude: ['nzoOffice'] }, 'not-an-address', false],
    ['no address is outside', { connection: 'ZONE', exclude: ['nzoOffice'] }, null, false],
    ['an unreadable condition admits nothing', undefined, '203.0.113.7', false],
  ];
  for (const [name, condition, address, allowed] of CASES) {
    it(name, () => assert.equal(networkCheck(condition, zones)(address), allowed));
  }

  it('reads stored conditions, and anything else as unreadable', () => {
    assert.deepEqual(storedCondition({ connection: 'ANYWHERE' }), ANYWHERE);
    assert.deepEqual(storedCondition({}), ANYWHERE);
    assert.deepEqual(storedCondition(undefined), ANYWHERE);
    assert.deepEqual(storedCondition({ connection: 'ZONE', include: ['a'] }), { connection: 'ZONE', include: ['a'] });
    assert.deepEqual(storedCondition({ connection: 'ZONE', exclude: ['a'], include: [] }), { connection: 'ZONE', exclude: ['a'] });
    for (const bad of [
      { connection: 'ZONE' },
      { connection: 'ZONE', include: ['a'], exclude: ['b'] },
      { connection: 'ZONE', include: [1] },
      { connection: 'X' },
    ]) {
      assert.equal(storedCondition(bad as never), undefined, JSON.stringify(bad));
    }
  });

  // prettier-ignore
  const INPUTS: readonly [unknown, NetworkCondition | string][] = [
    [{ connection: 'ANYWHERE' }, ANYWHERE],
    [{ connection: 'ANYWHERE', include: [], exclude: [] }, ANYWHERE],
    [{ connection: 'ZONE', include: ['a', 'b', 'a'] }, { connection: 'ZONE', include: ['a', 'b'] }],
    [{ connection: 'ZONE', exclude: ['a'], include: [] }, { connection: 'ZONE', exclude: ['a'] }],
    [{ connection: 'ANYWHERE', include: ['a'] }, 'network.include: Network zones can be listed only when connection is ZONE'],
    [{ connection: 'ZONE' }, 'network: With connection ZONE, network zone ids are required in include or exclude'],
    [{ connection: 'ZONE', include: ['a'], exclude: ['b'] }, 'network: List the zones to include or the zones to exclude, not both'],
    [{ connection: 'zone', include: ['a'] }, "network.connection: 'zone' is not a connection: use ANYWHERE or ZONE"],
  ];
  for (const [input, expected] of INPUTS) {
    it(`parses ${JSON.stringify(input)}`, () => {
      const result = parseCondition(input as never, 'network');
      if (typeof expected === 'string') {
        assert.ok('causes' in result);
        assert.deepEqual(
          result.causes.map((c) => `${c.field ?? ''}: ${c.message}`),
          [expected],
        );
      } else assert.deepEqual(result, { condition: expected });
    });
  }
});
