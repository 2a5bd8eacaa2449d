import { describe, expect, it } from 'vitest';
import { generateSigningKey, KeyInputError, parsePublicKey, thumbprint } from './keys';

describe('browser signing keys', () => {
  it('computes the RFC 7638 §3.1 example thumbprint', async () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(await thumbprint(jwk)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('makes an RS256 pair whose public half carries no private member and whose kid is its thumbprint', async () => {
    const key = await generateSigningKey();
    expect(key.publicJwk.kty).toBe('RSA');
    expect(key.publicJwk.alg).toBe('RS256');
    expect(Object.keys(key.publicJwk)).not.toContain('d');
    expect(key.publicJwk.kid).toBe(await thumbprint(key.publicJwk));
    expect(key.privateJwk.kid).toBe(key.publicJwk.kid);
    expect(key.privateJwk.d).toBeTypeOf('string');
    expect(key.privatePem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
  });

  it('takes a pasted public JWK or PEM, and refuses a private key', async () => {
    const key = await generateSigningKey();
    expect(await parsePublicKey(JSON.stringify(key.publicJwk))).toEqual(key.publicJwk);
    const spki = await crypto.subtle.exportKey(
      'spki',
      await crypto.subtle.importKey('jwk', key.publicJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']),
    );
    const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...new Uint8Array(spki)))}\n-----END PUBLIC KEY-----`;
    expect((await parsePublicKey(pem)).n).toBe(key.publicJwk.n);
    await expect(parsePublicKey(JSON.stringify(key.privateJwk))).rejects.toThrow(KeyInputError);
    await expect(parsePublicKey(key.privatePem)).rejects.toThrow(/private key/);
    await expect(parsePublicKey('not a key')).rejects.toThrow(/JWK/);
  });
});
