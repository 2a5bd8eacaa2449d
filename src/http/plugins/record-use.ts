/**
 * Usage insights at the edge, without a hook of their own on the success path: a request made
 * with a credential is counted once the access decision has let it through (`afterDecision`, called
 * by the authentication hook), as a success; the `onError` hook, which runs only for errors,
 * counts a refused request as REFUSED, or moves a counted one to REFUSED (a target rule) or FAILED
 * (every other error). Each use is taken from what the edge already knows (the principal, the
 * endpoint rule and the decision) and handed to the recorder, which only counts it in memory: the
 * request path writes nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccessDenied } from '../../auth/access-denied.js';
import type { CredentialUse, UseRecorder } from '../../auth/credential-use.js';
import type { Clock } from '../../clock.js';
import type { UsageOutcome } from '../../store/usage-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The use counted for this request, when one was (so that an error can move it to its outcome). */
    countedUse: CredentialUse | undefined;
  }
}

/** User agents are kept to this many characters. */
const USER_AGENT_LENGTH = 256;

function useOf(request: FastifyRequest, outcome: UsageOutcome, clock: Clock): CredentialUse | undefined {
  const principal = request.principal;
  const access = request.access;
  if (principal === undefined || access === undefined) return undefined;
  const credential = principal.credential;
  const userAgent = request.headers['user-agent'];
  return {
    credentialType: credential.kind === 'ssws' ? 'API_TOKEN' : 'APP',
    credentialId: credential.kind === 'ssws' ? credential.tokenId : credential.clientId,
    at: clock.now(),
    ipAddress: request.ip,
    userAgent: userAgent === undefined ? undefined : userAgent.slice(0, USER_AGENT_LENGTH),
    method: request.method,
    route: access.route,
    permission: access.rule.permission,
    scope: access.rule.scope,
    via: access.decision.allow ? access.decision.via : 'none',
    outcome,
    endpoint: access.rule,
  };
}

/** Registers the error half in `app`; returns the step the authentication hook calls once the decision allowed a request. */
export function registerUseRecording(app: FastifyInstance, recorder: UseRecorder, clock: Clock): (request: FastifyRequest) => void {
  app.decorateRequest('countedUse', undefined);
  app.addHook('onError', (request, _reply, error, done) => {
    const outcome: UsageOutcome = error instanceof AccessDenied ? 'REFUSED' : 'FAILED';
    const counted = request.countedUse;
    if (counted !== undefined) recorder.reclassify(counted, outcome);
    else {
      const use = useOf(request, outcome, clock);
      if (use !== undefined) recorder.record(use);
    }
    done();
  });
  return (request) => {
    const use = useOf(request, 'SUCCESS', clock);
    if (use === undefined) return;
    request.countedUse = use;
    recorder.record(use);
  };
}
