/**
 * buildApp: the whole HTTP server, without listening (so tests use inject or a random port).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import { createPasswordHasher } from './crypto/password-hash.js';
import { newRequestId } from './crypto/random-id.js';
import { DomainError } from './errors/domain-error.js';
import { EventBus } from './events/event-bus.js';
import { SystemLogWriter } from './events/system-log-writer.js';
import { apiErrorHandler } from './http/errors/api-error-handler.js';
import { registerAuthentication } from './http/plugins/authenticate.js';
import { registerAuthorization } from './http/plugins/authorize.js';
import { applyRateLimit, RateLimiter } from './http/plugins/rate-limit.js';
import { connectionOptions } from './http/connection-limits.js';
import { collectRoutes } from './http/plugins/method-not-allowed.js';
import { apiTokenRoutes } from './management/tokens/routes.js';
import { appRoutes } from './management/apps/routes.js';
import { groupRoutes } from './management/groups/routes.js';
import { logRoutes } from './management/logs/routes.js';
import { roleRoutes } from './management/roles/routes.js';
import { userRoutes } from './management/users/routes.js';
import { SswsAuthenticator } from './management/tokens/ssws-authenticator.js';
import { TokenUsageRecorder } from './management/tokens/usage-recorder.js';
import type { Store } from './store/store.js';
import type { ManagementDeps } from './management/deps.js';
import { KeyEncryption } from './crypto/key-encryption.js';
import { resolveMasterKey } from './crypto/master-key.js';
import type { OAuthDeps } from './oauth/deps.js';
import { SigningKeyRing } from './oauth/keys/key-ring.js';
import { BearerAuthenticator } from './oauth/resource/bearer-authenticator.js';
import { bearerVerifier } from './oauth/resource/bearer-verifier.js';
import { insufficientScopeChallenge } from './oauth/resource/challenges.js';
import { sswsVerifier } from './management/tokens/ssws-verifier.js';
import { oauthRoutes } from './oauth/routes.js';
import { createSessionService } from './session/session-service.js';
import { deriveSignInKeys } from './session/sign-in-keys.js';
import { authnRoutes } from './management/authn/routes.js';
import { passwordRoutes } from './management/authn/password-routes.js';
import { currentSessionRoutes } from './management/sessions/me-routes.js';
import { sessionAdminRoutes } from './management/sessions/admin-routes.js';
import { signInPageRoutes } from './web/routes.js';
import { AccessTokenVerifier, CLOCK_SKEW_SECONDS } from './oauth/tokens/verify-access-token.js';
import { createEventHooks } from './management/event-hooks/event-hooks.js';

export interface AppDeps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
}

export interface App {
  readonly fastify: FastifyInstance;
  readonly deps: OAuthDeps;
}

export async function buildApp({ config, store, clock }: AppDeps): Promise<App> {
  const fastify = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.dpop', 'req.headers.cookie'] },
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
    return503OnClosing: true,
    ...connectionOptions(config.connection),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const events = new EventBus();
  events.subscribe(new SystemLogWriter(clock));
  const usage = new TokenUsageRecorder(store, config.tokenUseFlushMs, (error) => fastify.log.error({ err: error }, 'token use write failed'));
  const ssws = new SswsAuthenticator(store, clock, usage, events);
  const sessions = createSessionService({ store, clock, events, config });
  const deps: ManagementDeps = { config, store, clock, events, usage, ssws, sessions, passwordHasher: createPasswordHasher(config.passwordHash) };
  const masterKey = resolveMasterKey(config.masterKey, config.databaseUrl);
  const keys = await SigningKeyRing.open(store, new KeyEncryption(masterKey), clock, {
    retentionMs: (config.accessTokenLifetimeSeconds + CLOCK_SKEW_SECONDS) * 1000,
    refreshMs: 60_000,
  });
  const verifier = new AccessTokenVerifier(keys, config.orgUrl, clock);
  const bearer = new BearerAuthenticator(store, verifier, clock);
  const oauthDeps: OAuthDeps = { ...deps, keys, verifier };
  // Event hooks: routes below; the delivery worker runs while the server listens.
  const eventHooks = createEventHooks({ ...deps, masterKey, log: fastify.log });
  fastify.addHook('onListen', async () => eventHooks.worker.start());
  fastify.addHook('onClose', () => eventHooks.worker.stop());

  // The edge's first step for every request, in one callback-style hook (no promise): the
  // request id header, then the rate limit (its headers, or 429).
  const limiter = new RateLimiter(config.rateLimit, clock);
  fastify.decorateRequest('credentialMemo', undefined);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Okta-Request-Id', request.id);
    try {
      applyRateLimit(limiter, request, reply);
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    done();
  });
  // Cookies (session/cookies.ts): parsed on request after the rate limit, so that a refused
  // request is not parsed; `Set-Cookie` headers are written once, on send.
  await fastify.register(fastifyCookie);
  fastify.addHook('onClose', async () => {
    await usage.flush();
  });
  // A body-less POST with a JSON content type (or none) is an empty body, as the SDK sends for lifecycle calls.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(
        null,
        JSON.parse(text, (key, value: unknown) => (key === '__proto__' || key === 'constructor' ? undefined : value)),
      );
    } catch {
      done(new DomainError('malformed', 'malformed_json', 'The request body is not valid JSON'), undefined);
    }
  });
  fastify.setErrorHandler(apiErrorHandler);

  await fastify.register(async (api) => {
    const authorize = registerAuthorization(api, {
      store,
      events,
      insufficientScope: (scope, dpop, resource) => insufficientScopeChallenge(config.orgUrl, scope, dpop, resource),
    });
    const bearerVerification = bearerVerifier(bearer, config.orgUrl);
    const verifiers = { ssws: sswsVerifier(ssws), bearer: bearerVerification, dpop: bearerVerification };
    registerAuthentication(api, { verifiers, store, events, orgUrl: config.orgUrl, authorize });
    const routes = collectRoutes(api);
    await api.register(userRoutes, deps);
    await api.register(groupRoutes, deps);
    await api.register(roleRoutes, deps);
    await api.register(apiTokenRoutes, deps);
    await api.register(logRoutes, deps);
    await api.register(appRoutes, deps);
    await api.register(passwordRoutes, deps);
    await api.register(sessionAdminRoutes, deps);
    await api.register(eventHooks.routes);
    await api.register(routes.plugin);
  });

  await fastify.register(oauthRoutes, oauthDeps);
  // Public sign-in routes: no API credential; outside the authenticated plugin.
  const signInDeps = { ...deps, signInKeys: deriveSignInKeys(masterKey) };
  await fastify.register(authnRoutes, signInDeps);
  await fastify.register(currentSessionRoutes, deps);
  await fastify.register(signInPageRoutes, signInDeps);

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return apiErrorHandler(new DomainError('not_found', 'not_found', `Resource not found: ${path} (Path)`), request, reply);
  });
  await fastify.ready();
  return { fastify, deps: oauthDeps };
}
