/** Shared by the network zone suites: the wire shapes, and a zone made through the API. */
import assert from 'node:assert/strict';
import type { TestApp } from '../helpers/test-app.js';

export interface ZoneJson {
  type: string;
  id: string;
  name: string;
  status: string;
  usage: string;
  created: string;
  lastUpdated: string;
  system: boolean;
  gateways: { type: string; value: string }[];
  proxies: { type: string; value: string }[] | null;
  _links: Record<string, { href: string; hints: { allow: string[] } }>;
}

export interface ErrorJson {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

/** An active POLICY IP zone with these gateways (CIDR when the value has a slash, else RANGE). */
export async function createZone(t: TestApp, name: string, gateways: readonly string[], fields: Record<string, unknown> = {}): Promise<ZoneJson> {
  const res = await t.request('POST', '/api/v1/zones', {
    body: { type: 'IP', name, gateways: gateways.map((value) => ({ type: value.includes('/') ? 'CIDR' : 'RANGE', value })), ...fields },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<ZoneJson>();
}

/** The causes of an error body, as `field: message` lines. */
export function causesOf(body: string): string[] {
  return (JSON.parse(body) as ErrorJson).errorCauses.map((c) => c.errorSummary);
}
