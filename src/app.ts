/**
 * buildApp: the whole HTTP server, without listening (so tests use inject or a random port).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from './clock.js';
import { composeServices, type Services } from './compose.js';
import type { Config } from './config/config.js';
import { newRequestId } from './crypto/random-id.js';
import { DomainError } from './errors/domain-error.js';
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
import { insightsRoutes } from './management/insights/routes.js';
import { registerUseRecording } from './http/plugins/record-use.js';
import { zoneRoutes } from './management/zones/routes.js';
import { migrationRoutes } from './management/tokens/migration-routes.js';
import type { Store } from './store/store.js';
import { bearerVerifier } from './oauth/resource/bearer-verifier.js';
import { insufficientScopeChallenge } from './oauth/resource/challenges.js';
import { sswsVerifier } from './management/tokens/ssws-verifier.js';
import { oauthRoutes } from './oauth/routes.js';
import { authnRoutes } from './management/authn/routes.js';
import { passwordRoutes } from './management/authn/password-routes.js';
import { currentSessionRoutes } from './management/sessions/me-routes.js';
import { sessionAdminRoutes } from './management/sessions/admin-routes.js';
import { signInPageRoutes } from './web/routes.js';
import { consoleRoutes } from './console/console-routes.js';

export interface AppDeps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
}

export interface App {
  readonly fastify: FastifyInstance;
  /** The services this app was built from, each built once (compose.ts). */
  readonly services: Services;
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

  const services = await composeServices({
    config,
    store,
    clock,
    onBackgroundError: (error, what) => fastify.log.error({ err: error }, what),
  });
  const { events, usage, ssws, bearer } = services;
  // Event hooks: the delivery worker runs while the server listens.
  fastify.addHook('onListen', async () => services.eventHooks.worker.start());
  fastify.addHook('onClose', () => services.eventHooks.worker.stop());

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
  services.meter?.start();
  services.tokenJanitor.start();
  fastify.addHook('onClose', async () => {
    await services.tokenJanitor.stop();
    await usage.flush();
    await services.meter?.stop();
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
    const afterDecision = services.meter === undefined ? undefined : registerUseRecording(api, services.meter, clock);
    registerAuthentication(api, { verifiers, store, events, orgUrl: config.orgUrl, authorize, afterDecision });
    const routes = collectRoutes(api);
    await api.register(userRoutes, services);
    await api.register(groupRoutes, services);
    await api.register(roleRoutes, services);
    await api.register(apiTokenRoutes, services);
    await api.register(logRoutes, services);
    await api.register(appRoutes, services);
    await api.register(passwordRoutes, services);
    await api.register(sessionAdminRoutes, services);
    await api.register(insightsRoutes, services);
    await api.register(zoneRoutes, services);
    await api.register(migrationRoutes, services);
    await api.register(services.eventHooks.routes);
    await api.register(routes.plugin);
  });

  await fastify.register(oauthRoutes, services);
  // Public sign-in routes: no API credential; outside the authenticated plugin.
  await fastify.register(authnRoutes, services);
  await fastify.register(currentSessionRoutes, services);
  await fastify.register(signInPageRoutes, services);
  // The admin console (console/): its files, its sign-in settings, and / sending browsers to it.
  await fastify.register(consoleRoutes, services);

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return apiErrorHandler(new DomainError('not_found', 'not_found', `Resource not found: ${path} (Path)`), request, reply);
  });
  await fastify.ready();
  return { fastify, services };
}
