/** What every Management API module is built from (explicit dependencies, no singletons). */
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { PasswordHasher } from '../crypto/password-hash.js';
import type { EventBus } from '../events/event-bus.js';
import type { Store } from '../store/store.js';
import type { SessionService } from '../session/contract.js';
import type { SswsAuthenticator } from './tokens/ssws-authenticator.js';
import type { TokenUsageRecorder } from './tokens/usage-recorder.js';

export interface ManagementDeps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  /** Hashes and checks passwords with the configured parameters (crypto/password-hash.ts). */
  readonly passwordHasher: PasswordHasher;
  readonly usage: TokenUsageRecorder;
  readonly ssws: SswsAuthenticator;
  /** Sign-in sessions and one-time session tokens (session/contract.ts; built by session/session-service.ts). */
  readonly sessions: SessionService;
}
