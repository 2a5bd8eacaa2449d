/**
 * The token endpoint's single-use unit on its own (src/oauth/token/single-use.ts): commits that
 * come in together share one transaction and each gets its own answer; a replayed `jti` writes no
 * grant event; a storage error fails the whole batch closed and spends nothing; a spend is known
 * to the node that made it, and decided by the database on every other node.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { EventBus, systemContext, type DomainEvent } from '../../src/events/event-bus.js';
import { SystemLogWriter } from '../../src/events/system-log-writer.js';
import type { AssertionUse } from '../../src/oauth/client-assertion.js';
import { OAuthError } from '../../src/oauth/errors.js';
import { SingleUse } from '../../src/oauth/token/single-use.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { openTestDatabase, storeKinds, type TestDatabase } from '../helpers/databases.js';

const ASSERTION_REPLAYED = 'The client_assertion token has already been used.';
const PROOF_REPLAYED = 'The DPoP proof JWT has already been used.';

function event(reason: string): DomainEvent {
  return { type: 'app.oauth2.token.grant.access_token', displayMessage: reason, targets: [], outcome: { result: 'SUCCESS' } };
}

/** A refusal's event names its answer, as the token endpoint's does. */
function refusalEvent(answer: unknown): DomainEvent | undefined {
  return answer instanceof OAuthError ? event(`refused: ${answer.description}`) : undefined;
}

/** Matches the token endpoint's answer to a replayed assertion or proof. */
function isReplay(description: string): (error: unknown) => boolean {
  const code = description === ASSERTION_REPLAYED ? 'invalid_client' : 'invalid_dpop_proof';
  return (error) => error instanceof OAuthError && error.error === code && error.description === description;
}

for (const kind of await storeKinds()) {
  describe(`the token endpoint's single-use unit (${kind})`, () => {
    let database: TestDatabase;
    let store: Store;
    const clock = new ManualClock(Date.parse('2026-06-01T00:00:00.000Z'));
    const events = new EventBus();
    events.subscribe(new SystemLogWriter(clock));
    const context = systemContext();
    before(async () => {
      database = await openTestDatabase(kind);
      store = createStore(database);
    });
    after(() => database.dispose());

    const use = (prefix: string): AssertionUse => ({ key: `${prefix}:${randomUUID()}`, expires: new Date(clock.now() + 60_000).toISOString() });
    async function messages(): Promise<string[]> {
      const stored = await store.logs.query({ since: '2000-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 1000 });
      return stored.map((entry) => entry.event.displayMessage);
    }
    /** The store, counting its transactions; `fail` makes each one roll back after its work. */
    function counting(fail = false): { store: Store; transactions: () => number } {
      let transactions = 0;
      const wrapped = new Proxy(store, {
        get(target, property, receiver) {
          if (property !== 'transaction') return Reflect.get(target, property, receiver) as unknown;
          return <T>(work: (tx: Store) => Promise<T>): Promise<T> => {
            transactions++;
            return target.transaction(async (tx) => {
              const result = await work(tx);
              if (fail) throw new Error('storage lost');
              return result;
            });
          };
        },
      });
      return { store: wrapped, transactions: () => transactions };
    }

    it('commits that come in together share one transaction; each is answered for its own uses', async () => {
      const { store: tracked, transactions } = counting();
      const singleUse = new SingleUse(tracked, events, clock);
      const [assertion, proof] = [use('assertion'), use('dpop')];
      const before = (await messages()).length;
      const answers = await Promise.allSettled([
        singleUse.commitIssued({ assertion, proof: undefined }, context, event('first')),
        singleUse.commitIssued({ assertion, proof: use('dpop') }, context, event('assertion replayed')),
        singleUse.commitIssued({ assertion: use('assertion'), proof }, context, event('second')),
        singleUse.commitIssued({ assertion: use('assertion'), proof }, context, event('proof replayed')),
      ]);
      assert.equal(transactions(), 1);
      assert.deepEqual(
        answers.map((answer) => answer.status),
        ['fulfilled', 'rejected', 'fulfilled', 'rejected'],
      );
      assert.ok(answers[1]?.status === 'rejected' && isReplay(ASSERTION_REPLAYED)(answers[1].reason));
      assert.ok(answers[3]?.status === 'rejected' && isReplay(PROOF_REPLAYED)(answers[3].reason));
      assert.deepEqual((await messages()).slice(before), ['first', 'second']);
    });

    it('a storage error fails every request of the batch closed: nothing spent, nothing logged, nothing remembered', async () => {
      const singleUse = new SingleUse(counting(true).store, events, clock);
      const [first, second] = [use('assertion'), use('assertion')];
      const before = (await messages()).length;
      const answers = await Promise.allSettled([
        singleUse.commitIssued({ assertion: first, proof: undefined }, context, event('lost 1')),
        singleUse.spend({ assertion: second, proof: use('dpop') }, context),
      ]);
      for (const answer of answers) assert.ok(answer.status === 'rejected' && answer.reason instanceof Error && answer.reason.message === 'storage lost');
      assert.deepEqual((await messages()).slice(before), []);
      singleUse.refuseKnownReplay(first);
      assert.equal(await store.replay.use(first.key, first.expires), true, 'the failed commit spent nothing');
    });

    it('a spend writes no event; this node then refuses the assertion itself, another node through the database', async () => {
      const here = new SingleUse(store, events, clock);
      const elsewhere = new SingleUse(store, events, clock);
      const assertion = use('assertion');
      const before = (await messages()).length;
      await here.spend({ assertion, proof: undefined }, context);
      assert.deepEqual((await messages()).slice(before), []);
      assert.throws(() => here.refuseKnownReplay(assertion), isReplay(ASSERTION_REPLAYED));
      elsewhere.refuseKnownReplay(assertion);
      await assert.rejects(elsewhere.spend({ assertion, proof: undefined }, context), isReplay(ASSERTION_REPLAYED));
      // What the other node found spent it now refuses itself.
      assert.throws(() => elsewhere.refuseKnownReplay(assertion), isReplay(ASSERTION_REPLAYED));
    });

    it('forgets a spent assertion once it has expired, since it no longer verifies', async () => {
      const singleUse = new SingleUse(store, events, clock);
      const assertion = use('assertion');
      await singleUse.spend({ assertion, proof: undefined }, context);
      clock.advance(60_001);
      singleUse.refuseKnownReplay(assertion);
    });

    it('a refusal spends what was verified and is answered, and logged, as a replay when a use was replayed', async () => {
      const { store: tracked, transactions } = counting();
      const singleUse = new SingleUse(tracked, events, clock);
      const refusal = new OAuthError('invalid_scope', 'No scopes were requested.');
      const internal = new Error('internal');
      assert.equal(await singleUse.commitRefused({ assertion: undefined, proof: undefined }, context, internal, refusalEvent), internal);
      assert.equal(transactions(), 0, 'nothing to spend and nothing to log: no transaction');

      const proof = use('dpop');
      const before = (await messages()).length;
      assert.equal(await singleUse.commitRefused({ assertion: use('assertion'), proof }, context, refusal, refusalEvent), refusal);
      const replayed = await singleUse.commitRefused({ assertion: use('assertion'), proof }, context, refusal, refusalEvent);
      assert.ok(isReplay(PROOF_REPLAYED)(replayed));
      assert.deepEqual((await messages()).slice(before), ['refused: No scopes were requested.', `refused: ${PROOF_REPLAYED}`]);
    });
  });
}
