/**
 * Signing keys made in the browser with WebCrypto: the private key never leaves it. The public
 * half goes to Tessera as a JWK with a `kid` that is its RFC 7638 thumbprint; the private half is
 * shown once, as PKCS#8 PEM and as a JWK (what `@okta/okta-sdk-nodejs` takes as `privateKey`).
 */

export interface PublicJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg?: string;
  readonly use?: string;
  readonly n?: string;
  readonly e?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
}

export interface GeneratedKey {
  readonly publicJwk: PublicJwk;
  readonly privateJwk: JsonWebKey & { kid: string; alg: string };
  readonly privatePem: string;
}

const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };

function base64url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function pem(label: string, der: ArrayBuffer): string {
  let binary = '';
  for (const b of new Uint8Array(der)) binary += String.fromCharCode(b);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** RFC 7638 §3: SHA-256 over the required members in lexicographic order. */
export async function thumbprint(jwk: JsonWebKey): Promise<string> {
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(members))));
}

function publicOf(jwk: JsonWebKey, kid: string, alg: string): PublicJwk {
  return jwk.kty === 'RSA'
    ? { kty: 'RSA', kid, alg, use: 'sig', n: jwk.n ?? '', e: jwk.e ?? '' }
    : { kty: 'EC', kid, alg, use: 'sig', crv: jwk.crv ?? '', x: jwk.x ?? '', y: jwk.y ?? '' };
}

/** A new RS256 key pair. */
export async function generateSigningKey(): Promise<GeneratedKey> {
  const pair = await crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const kid = await thumbprint(publicJwk);
  // WebCrypto's own members (key_ops, ext) are not part of the key a client library reads.
  const { key_ops: _ops, ext: _ext, ...privateJwk } = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const privatePem = pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return {
    publicJwk: publicOf(publicJwk, kid, 'RS256'),
    privateJwk: { ...privateJwk, kid, alg: 'RS256', use: 'sig' },
    privatePem,
  };
}

export class KeyInputError extends Error {}

/**
 * A public key an admin pasted: a JWK (JSON) or a PEM `PUBLIC KEY` (SPKI). Private members are
 * refused, so a private key pasted by mistake is never sent.
 */
export async function parsePublicKey(text: string): Promise<PublicJwk> {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) {
    const body = trimmed.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
    let der: Uint8Array<ArrayBuffer>;
    try {
      der = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
    } catch {
      throw new KeyInputError('The PEM block is not valid base64.');
    }
    for (const [params, alg] of [
      [{ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, 'RS256'],
      [{ name: 'ECDSA', namedCurve: 'P-256' }, 'ES256'],
    ] as const) {
      try {
        const key = await crypto.subtle.importKey('spki', der, params, true, ['verify']);
        const jwk = await crypto.subtle.exportKey('jwk', key);
        return publicOf(jwk, await thumbprint(jwk), alg);
      } catch {
        // Not this kind of key: try the next.
      }
    }
    throw new KeyInputError('The PEM block is not an RSA or P-256 public key.');
  }
  if (trimmed.includes('PRIVATE KEY')) throw new KeyInputError('This is a private key. Paste the public key only: the private key must stay with you.');
  let jwk: JsonWebKey & { kid?: unknown; alg?: unknown };
  try {
    jwk = JSON.parse(trimmed) as JsonWebKey & { kid?: unknown; alg?: unknown };
  } catch {
    throw new KeyInputError('Paste a public key as a JWK (JSON) or as a PEM block (-----BEGIN PUBLIC KEY-----).');
  }
  if (jwk.d !== undefined) throw new KeyInputError('This JWK holds a private key ("d"). Paste the public key only.');
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') throw new KeyInputError('The key type (kty) must be RSA or EC.');
  const kid = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : await thumbprint(jwk);
  const alg = typeof jwk.alg === 'string' ? jwk.alg : jwk.kty === 'RSA' ? 'RS256' : 'ES256';
  return publicOf(jwk, kid, alg);
}
