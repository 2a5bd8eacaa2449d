/**
 * /api/v1/eventHooks: schemas + thin handlers over the event hook service (Okta Management API,
 * `EventHook`), and Tessera's read-only extension `GET /api/v1/eventHooks/{id}/deliveries`.
 * Okta's list takes no parameters and is not paged (an org has at most 25 hooks); the deliveries
 * list is paged newest first with `limit`/`after` and absolute `Link` headers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { invalidSearch } from '../../errors/domain-error.js';
import { pageLinks, parseLimit, splitPage } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { Store } from '../../store/store.js';
import { presentDelivery, presentEventHook } from './presenter.js';
import { DeliveriesQuery, Delivery, EventHook, EventHookBody, EventHookParams } from './schemas.js';
import type { EventHookService } from './service.js';

const DELIVERY_LIMITS = { defaultLimit: 20, maxLimit: 200 };

export interface EventHookRouteDeps {
  readonly hooks: EventHookService;
  readonly store: Store;
  readonly orgUrl: string;
}

/** A create or replace without a body is an empty one, refused on its missing fields as Okta does. */
async function emptyBodyIsEmptyObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

/** The deliveries cursor: the `seq` of the previous page's last delivery, a whole number. */
function afterSeq(after: string | undefined): number | undefined {
  if (after === undefined) return undefined;
  if (!/^\d{1,15}$/.test(after)) throw invalidSearch('after: the cursor is not valid');
  return Number(after);
}

export const eventHookRoutes: FastifyPluginAsyncTypebox<EventHookRouteDeps> = async (app, { hooks, store, orgUrl }) => {
  const one = { params: EventHookParams, response: { 200: EventHook } };

  app.post('/api/v1/eventHooks', { preValidation: emptyBodyIsEmptyObject, schema: { body: EventHookBody, response: { 200: EventHook } } }, async (request) =>
    presentEventHook(await hooks.create(eventContextOf(request), request.body), orgUrl),
  );

  app.get('/api/v1/eventHooks', { schema: { response: { 200: Type.Array(EventHook) } } }, async () =>
    (await hooks.list()).map((hook) => presentEventHook(hook, orgUrl)),
  );

  app.get('/api/v1/eventHooks/:eventHookId', { schema: one }, async (request) => presentEventHook(await hooks.get(request.params.eventHookId), orgUrl));

  app.put('/api/v1/eventHooks/:eventHookId', { preValidation: emptyBodyIsEmptyObject, schema: { ...one, body: EventHookBody } }, async (request) =>
    presentEventHook(await hooks.replace(eventContextOf(request), request.params.eventHookId, request.body), orgUrl),
  );

  app.delete('/api/v1/eventHooks/:eventHookId', { schema: { params: EventHookParams } }, async (request, reply) => {
    await hooks.remove(eventContextOf(request), request.params.eventHookId);
    return reply.code(204).send();
  });

  app.post('/api/v1/eventHooks/:eventHookId/lifecycle/activate', { schema: one }, async (request) =>
    presentEventHook(await hooks.setStatus(eventContextOf(request), request.params.eventHookId, 'ACTIVE'), orgUrl),
  );

  app.post('/api/v1/eventHooks/:eventHookId/lifecycle/deactivate', { schema: one }, async (request) =>
    presentEventHook(await hooks.setStatus(eventContextOf(request), request.params.eventHookId, 'INACTIVE'), orgUrl),
  );

  app.post('/api/v1/eventHooks/:eventHookId/lifecycle/verify', { schema: one }, async (request) =>
    presentEventHook(await hooks.verify(eventContextOf(request), request.params.eventHookId), orgUrl),
  );

  // Tessera's extension (not in Okta's API): what was sent to the hook, and how each attempt went.
  app.get(
    '/api/v1/eventHooks/:eventHookId/deliveries',
    { schema: { params: EventHookParams, querystring: DeliveriesQuery, response: { 200: Type.Array(Delivery) } } },
    async (request, reply) => {
      const hook = await hooks.get(request.params.eventHookId);
      const limit = parseLimit(request.query.limit, DELIVERY_LIMITS);
      const rows = await store.eventHookDeliveries.listOfHook(hook.id, { afterSeq: afterSeq(request.query.after), limit: limit + 1 });
      const { items, more } = splitPage(rows, limit);
      const attempts = await store.eventHookDeliveries.attemptsOf(items.map((d) => d.id));
      const asked: Record<string, string> = {};
      if (request.query.limit !== undefined) asked['limit'] = request.query.limit;
      if (request.query.after !== undefined) asked['after'] = request.query.after;
      const last = items.at(-1);
      reply.header('Link', pageLinks(orgUrl, `/api/v1/eventHooks/${hook.id}/deliveries`, asked, more && last !== undefined ? String(last.seq) : undefined));
      return items.map((d) => presentDelivery(d, attempts.get(d.id) ?? []));
    },
  );
};
