/**
 * Usage insights at the edge: once the answer is sent (`onResponse`), each request made with a
 * credential becomes one `CredentialUse`, taken from what the edge already knows (the principal,
 * the endpoint rule and the decision, the status), and is handed to the recorder, which only
 * counts it in memory. A callback hook with no promise and no I/O: the request path writes nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UseRecorder } from '../../auth/credential-use.js';
import type { UsageOutcome } from '../../store/usage-store.js';
import type { Clock } from '../../clock.js';

/** User agents are kept to this many characters. */
const USER_AGENT_LENGTH = 256;

function outcomeOf(request: FastifyRequest, statusCode: number): UsageOutcome {
  if (request.accessRefused) return 'REFUSED';
  return statusCode < 400 ? 'SUCCESS' : 'FAILED';
}

export function registerUseRecording(app: FastifyInstance, recorder: UseRecorder, clock: Clock): void {
  app.addHook('onResponse', (request, reply, done) => {
    const principal = request.principal;
    const access = request.access;
    if (principal !== undefined && access !== undefined) {
      const credential = principal.credential;
      const userAgent = request.headers['user-agent'];
      recorder.record({
        credentialType: credential.kind === 'ssws' ? 'API_TOKEN' : 'APP',
        credentialId: credential.kind === 'ssws' ? credential.tokenId : credential.clientId,
        at: clock.now(),
        ipAddress: request.ip,
        userAgent: userAgent === undefined ? undefined : userAgent.slice(0, USER_AGENT_LENGTH),
        method: request.method,
        route: request.routeOptions.url ?? '',
        permission: access.rule.permission,
        scope: access.rule.scope,
        via: access.decision.allow ? access.decision.via : 'none',
        outcome: outcomeOf(request, reply.statusCode),
        endpoint: access.rule,
      });
    }
    done();
  });
}
