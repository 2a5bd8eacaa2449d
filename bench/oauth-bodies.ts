/**
 * The bodies of the load generator's POST jobs (bench/loader.ts): client assertions signed ahead
 * of the load (so the generator's own RSA signing never competes with the server's during a
 * round), and the pool of refresh tokens that each answer refills.
 */
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AssertionBodies, BodySource, RefreshBodies } from './load-jobs.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** crypto.sign with a callback runs in libuv's pool: both cores sign while the servers idle. */
function signAsync(input: Buffer, key: KeyObject): Promise<Buffer> {
  return new Promise((resolve, reject) => sign('sha256', input, key, (error, signature) => (error ? reject(error) : resolve(signature))));
}

/**
 * `count` form bodies, each with its own assertion (uuid `jti`, `exp` = iat + 300 s plus the
 * time a long round may take, as the Okta SDK's 5-minute assertions would be within it).
 */
export async function signAssertions(source: AssertionBodies, durationS: number): Promise<string[]> {
  const key = createPrivateKey(source.privateKeyPem);
  const header = b64({ alg: 'RS256', typ: 'JWT', kid: source.kid });
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + Math.min(3000, 300 + 2 * Math.ceil(durationS));
  const prefix = new URLSearchParams({ ...source.form, client_assertion_type: JWT_BEARER }).toString();
  const bodies: string[] = new Array<string>(source.count);
  const batch = 64;
  for (let start = 0; start < source.count; start += batch) {
    const end = Math.min(source.count, start + batch);
    const work: Promise<void>[] = [];
    for (let i = start; i < end; i++) {
      const input = `${header}.${b64({ iss: source.clientId, sub: source.clientId, aud: source.audience, iat, exp, jti: randomUUID() })}`;
      work.push(
        signAsync(Buffer.from(input), key).then((signature) => void (bodies[i] = `${prefix}&client_assertion=${input}.${signature.toString('base64url')}`)),
      );
    }
    await Promise.all(work);
  }
  return bodies;
}

/** Hands out bodies in order; `next()` past the end wraps (and the round is marked exhausted). */
export interface BodyFeed {
  next(): string;
  /** Called with every answer's status and body (refills the refresh-token pool). */
  answered(status: number, body: string): void;
  readonly prepared: number;
  readonly prepareMs: number;
  exhausted(): boolean;
  /** Live refresh tokens left in the pool at the end (handed to the next round). */
  leftover(): string[];
}

/** `singleUse`: each body may be sent once (assertions); reusing one marks the round exhausted. */
function listFeed(bodies: readonly string[], prepareMs: number, singleUse: boolean): BodyFeed {
  let index = 0;
  return {
    next: () => bodies[index++ % bodies.length] ?? '',
    answered: () => undefined,
    prepared: bodies.length,
    prepareMs,
    exhausted: () => singleUse && index > bodies.length,
    leftover: () => [],
  };
}

function refreshFeed(source: RefreshBodies): BodyFeed {
  const pool = [...source.tokens];
  let starved = false;
  const form = (token: string) => new URLSearchParams({ ...source.form, refresh_token: token }).toString();
  return {
    next() {
      const token = pool.shift();
      if (token === undefined) starved = true;
      return form(token ?? 'pool-empty');
    },
    answered(status, body) {
      if (status !== 200) return;
      const successor = (JSON.parse(body) as { refresh_token?: unknown }).refresh_token;
      if (typeof successor === 'string') pool.push(successor);
    },
    prepared: source.tokens.length,
    prepareMs: 0,
    exhausted: () => starved,
    leftover: () => [...pool],
  };
}

export async function bodyFeed(source: BodySource, durationS: number): Promise<BodyFeed> {
  switch (source.kind) {
    case 'static':
      return listFeed([source.body], 0, false);
    case 'refresh':
      return refreshFeed(source);
    case 'assertions': {
      const start = performance.now();
      const bodies = await signAssertions(source, durationS);
      return listFeed(bodies, performance.now() - start, true);
    }
  }
}
