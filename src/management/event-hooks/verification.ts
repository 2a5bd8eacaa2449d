/**
 * The one-time verification request (developer.okta.com, "Event hooks", One-time verification
 * request): a GET to the hook's URI carrying `x-okta-verification-challenge: <random>`, to which
 * the receiver must answer with the JSON `{"verification": "<the same value>"}`. As Okta, the call
 * gets the hook's timeout and one retry after a failure of any kind ("One retry is attempted after
 * a timeout or error response"); a redirect is not followed and counts as a failure.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { EventHookRecord } from '../../store/event-hook-store.js';
import { hookCall } from './hook-call.js';
import type { HookSecrets } from './hook-secrets.js';
import { callReceiver, type CallLimits, type CallResult } from './outbound-call.js';

export const CHALLENGE_HEADER = 'x-okta-verification-challenge';
const TRIES = 2;

export type Verification = { readonly verified: true } | { readonly verified: false; readonly reason: string };

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Why the answer does not prove control of the endpoint, or undefined when it does. */
function answerProblem(result: CallResult, challenge: string): string | undefined {
  if (result.kind === 'error') return result.error;
  if (result.status >= 300 && result.status < 400) return `the endpoint answered HTTP ${result.status}: redirects are not followed`;
  if (result.status < 200 || result.status >= 300) return `the endpoint answered HTTP ${result.status}`;
  if (result.truncated) return 'the response is longer than Tessera reads';
  let answer: unknown;
  try {
    answer = JSON.parse(result.body.toString('utf8'));
  } catch {
    return 'the response is not JSON';
  }
  const value = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)['verification'] : undefined;
  if (typeof value !== 'string') return 'the response has no "verification" value';
  return sameText(value, challenge) ? undefined : `the response's "verification" value is not the challenge sent in ${CHALLENGE_HEADER}`;
}

export async function verifyReceiver(hook: EventHookRecord, secrets: HookSecrets, limits: CallLimits): Promise<Verification> {
  const challenge = randomBytes(24).toString('base64url');
  const built = hookCall(hook, secrets, { method: 'GET', headers: { [CHALLENGE_HEADER]: challenge } });
  if (!built.ok) return { verified: false, reason: built.error };
  let reason = '';
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const problem = answerProblem(await callReceiver(built.call, limits), challenge);
    if (problem === undefined) return { verified: true };
    reason = problem;
  }
  return { verified: false, reason };
}
