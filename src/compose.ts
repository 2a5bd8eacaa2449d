/**
 * The composition root: every service of a running node is built here, once, from the config,
 * the store and the clock. The master key is resolved once and each purpose derives its own
 * key from it (private keys at rest, DPoP nonces, sign-in CSRF and state tokens, refresh-token
 * successors). `buildApp` hands each route plugin the services it names; nothing else builds one.
 */
import { hkdfSync } from 'node:crypto';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import { KeyEncryption } from './crypto/key-encryption.js';
import { resolveMasterKey } from './crypto/master-key.js';
import { createPasswordHasher, type PasswordHasher } from './crypto/password-hash.js';
import { EventBus } from './events/event-bus.js';
import { SystemLogWriter } from './events/system-log-writer.js';
import { createPasswordService, type PasswordService } from './management/authn/password-service.js';
import { SswsAuthenticator } from './management/tokens/ssws-authenticator.js';
import { TokenUsageRecorder } from './management/tokens/usage-recorder.js';
import { createUserService, type UserService } from './management/users/service.js';
import { createApiTokenService, type ApiTokenService } from './management/tokens/service.js';
import { createInsightsService, type InsightsService } from './management/insights/service.js';
import { UsageMeter } from './management/insights/usage-meter.js';
import { ApiTokenJanitor } from './management/tokens/token-janitor.js';
import { createTokenMigration, type TokenMigration } from './management/tokens/migration.js';
import { createEventHooks, type EventHooks } from './management/event-hooks/event-hooks.js';
import { randomBase62 } from './crypto/random-id.js';
import { DpopNonces } from './oauth/dpop/nonce.js';
import { SigningKeyRing } from './oauth/keys/key-ring.js';
import { BearerAuthenticator } from './oauth/resource/bearer-authenticator.js';
import { AccessTokenVerifier, CLOCK_SKEW_SECONDS } from './oauth/tokens/verify-access-token.js';
import { createSessionService, type Sessions } from './session/session-service.js';
import { createSignIn, type SignIn } from './session/sign-in.js';
import { deriveSignInKeys, type SignInKeys } from './session/sign-in-keys.js';
import type { Store } from './store/store.js';

export interface CompositionInput {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  /** Where background work (the buffered token-use writes) reports a failure. */
  readonly onBackgroundError?: (error: unknown, what: string) => void;
}

export interface Services {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly passwordHasher: PasswordHasher;
  readonly users: UserService;
  readonly passwords: PasswordService;
  readonly sessions: Sessions;
  readonly signIn: SignIn;
  readonly signInKeys: SignInKeys;
  readonly usage: TokenUsageRecorder;
  readonly ssws: SswsAuthenticator;
  readonly apiTokens: ApiTokenService;
  /** Counts credential uses per node (undefined with TESSERA_USAGE_INSIGHTS=off). */
  readonly meter: UsageMeter | undefined;
  readonly insights: InsightsService;
  /** Warns of API tokens about to idle out and retires rotated ones (every node, every few minutes). */
  readonly tokenJanitor: ApiTokenJanitor;
  readonly migrateToken: TokenMigration;
  /** The /api/v1/eventHooks service and routes, and the delivery worker (run while the server listens). */
  readonly eventHooks: EventHooks;
  readonly keys: SigningKeyRing;
  readonly verifier: AccessTokenVerifier;
  readonly bearer: BearerAuthenticator;
  readonly dpopNonces: DpopNonces;
  /** HMAC key of rotated refresh-token secrets (oauth/token/grants/user-tokens.ts). */
  readonly refreshSuccessorKey: Buffer;
}

/** Opens the signing key ring: public keys stay published as long as a token they signed may live. */
export function openKeyRing(config: Config, store: Store, clock: Clock, masterKey: string): Promise<SigningKeyRing> {
  return SigningKeyRing.open(store, new KeyEncryption(masterKey), clock, {
    retentionMs: (config.accessTokenLifetimeSeconds + CLOCK_SKEW_SECONDS) * 1000,
    refreshMs: 60_000,
  });
}

function derivedKey(masterKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), 'tessera/v1', purpose, 32));
}

export async function composeServices({ config, store, clock, onBackgroundError }: CompositionInput): Promise<Services> {
  // First, so that a refused configuration (no master key with PostgreSQL) stops before anything is written.
  const masterKey = resolveMasterKey(config.masterKey, config.databaseUrl);
  const events = new EventBus();
  events.subscribe(new SystemLogWriter(clock));
  const passwordHasher = createPasswordHasher(config.passwordHash);
  const usage = new TokenUsageRecorder(store, config.tokenUseFlushMs, (error) => onBackgroundError?.(error, 'token use write failed'));
  const keys = await openKeyRing(config, store, clock, masterKey);
  const verifier = new AccessTokenVerifier(keys, config.orgUrl, clock);
  const ssws = new SswsAuthenticator(store, clock, usage, events);
  const apiTokens = createApiTokenService({
    store,
    clock,
    events,
    tokenWindow: config.tokenWindow,
    lastUse: (token) => ssws.lastUsed(token.id, token.lastUsed),
    onRevoked: (tokenId) => usage.forget(tokenId),
  });
  const meter = config.usage.enabled
    ? new UsageMeter(store, clock, randomBase62(12), config.usage, (error) => onBackgroundError?.(error, 'usage counts write failed'))
    : undefined;
  const insights = createInsightsService({ store, clock, apiTokens, meter, expiryWarningMs: config.tokenExpiryWarningMs });
  return {
    config,
    store,
    clock,
    events,
    passwordHasher,
    users: createUserService({ store, clock, events, passwordHasher }),
    passwords: createPasswordService({ store, clock, events, passwordHasher }),
    sessions: createSessionService({ store, clock, events, config }),
    signIn: createSignIn({ store, clock, events, passwordHasher, config }),
    signInKeys: deriveSignInKeys(masterKey),
    usage,
    ssws,
    apiTokens,
    meter,
    insights,
    eventHooks: createEventHooks({
      store,
      clock,
      events,
      config,
      masterKey,
      onError: (error) => onBackgroundError?.(error, 'event hook delivery tick failed'),
    }),
    migrateToken: createTokenMigration({ store, clock, events, config, insights, lastUse: (token) => ssws.lastUsed(token.id, token.lastUsed) }),
    tokenJanitor: new ApiTokenJanitor(store, clock, events, apiTokens, config.tokenExpiryWarningMs, (error) =>
      onBackgroundError?.(error, 'API token janitor failed'),
    ),
    keys,
    verifier,
    bearer: new BearerAuthenticator(store, verifier, clock),
    dpopNonces: new DpopNonces(masterKey),
    refreshSuccessorKey: derivedKey(masterKey, 'refresh-token-successor'),
  };
}
