import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAuthorization } from './authorization-header.js';

/** The regular expression the parser stands in for. */
function reference(header: string): { scheme: string; value: string } | undefined {
  const match = /^([A-Za-z]+)(?: +(.*))?$/.exec(header);
  return match?.[1] === undefined ? undefined : { scheme: match[1], value: (match[2] ?? '').trim() };
}

describe('parseAuthorization', () => {
  const headers = [
    'SSWS 00abc',
    'ssws   00abc  ',
    'Bearer eyJ.a.b',
    'DPoP eyJ.a.b',
    'Bearer',
    'Bearer ',
    'Bearer  ',
    'Basic dXNlcjpwYXNz',
    'Bearer a b',
    'Bearer\ta',
    'Bearer\t',
    'Bear3r x',
    ' Bearer x',
    '',
    '1234',
    'SSWS:x',
    'Bearer x\t',
    'Négo x',
    `Bearer ${'a'.repeat(8000)}`,
  ];
  for (const header of headers) {
    it(`reads ${JSON.stringify(header.slice(0, 20))} as the regular expression does`, () => {
      assert.deepEqual(parseAuthorization(header), reference(header));
    });
  }
});
