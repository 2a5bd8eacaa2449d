/** What the Management API's route plugins are handed by the composition root (src/compose.ts). */
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { PasswordHasher } from '../crypto/password-hash.js';
import type { EventBus } from '../events/event-bus.js';
import type { Store } from '../store/store.js';
import type { Sessions } from '../session/session-service.js';
import type { SignIn } from '../session/sign-in.js';
import type { SignInKeys } from '../session/sign-in-keys.js';
import type { PasswordService } from './authn/password-service.js';
import type { UserService } from './users/service.js';

/** The ground every Management API module stands on (explicit dependencies, no singletons). */
export interface ManagementDeps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  /** Hashes and checks passwords with the configured parameters (crypto/password-hash.ts). */
  readonly passwordHasher: PasswordHasher;
  /** The user service, built once: lifecycle, profile, credentials. */
  readonly users: UserService;
  /** Password changes, resets and expiry, by an admin or by the user (/api/v1/authn). */
  readonly passwords: PasswordService;
  /** Sign-in sessions and one-time session tokens (session/session-service.ts). */
  readonly sessions: Sessions;
}

/** The public sign-in routes (/api/v1/authn and the hosted sign-in page) also verify passwords and sign tokens of their own. */
export interface SignInRouteDeps extends ManagementDeps {
  readonly signIn: SignIn;
  readonly signInKeys: SignInKeys;
}
