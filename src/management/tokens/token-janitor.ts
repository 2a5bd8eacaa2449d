/**
 * The API-token janitor, run by every node every few minutes (and by tests through `runOnce`
 * with a manual clock): it warns of tokens about to idle out, once per approach, with a
 * `system.api_token.expiring` event (the claim is one conditional update, so two nodes never
 * both warn), and revokes rotated tokens whose grace period has ended, so that they leave the
 * lists even if nobody presents them again.
 */
import { isoAt, type Clock } from '../../clock.js';
import { systemContext, userTarget, type EventBus } from '../../events/event-bus.js';
import type { ApiTokenRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { ApiTokenService } from './service.js';
import { tokenTarget } from './ssws-authenticator.js';

export const JANITOR_INTERVAL_MS = 5 * 60_000;

export interface JanitorRun {
  /** Tokens warned of on this run. */
  readonly warned: readonly string[];
  /** Rotated tokens revoked at the end of their grace period on this run. */
  readonly retired: readonly string[];
}

export class ApiTokenJanitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly apiTokens: ApiTokenService,
    /** How long before its idle expiry a token is warned of (0: never). */
    private readonly warnBeforeMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.running = this.runOnce().catch(this.onError);
    }, JANITOR_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async runOnce(): Promise<JanitorRun> {
    const warned: string[] = [];
    const retired: string[] = [];
    for await (const token of this.activeTokens()) {
      const now = this.clock.now();
      if (token.retiresAt !== null) {
        if (now >= Date.parse(token.retiresAt) && (await this.retire(token))) retired.push(token.id);
        continue;
      }
      const expiresAt = this.apiTokens.expiresAtMs(token);
      if (this.warnBeforeMs > 0 && now < expiresAt && expiresAt - now <= this.warnBeforeMs && (await this.warn(token, expiresAt))) warned.push(token.id);
    }
    return { warned, retired };
  }

  private async *activeTokens(): AsyncGenerator<ApiTokenRecord> {
    let after: string | undefined;
    for (;;) {
      const page = await this.store.apiTokens.list({ after, limit: 200 });
      yield* page;
      after = page.at(-1)?.id;
      if (page.length < 200 || after === undefined) return;
    }
  }

  private async warn(token: ApiTokenRecord, expiresAt: number): Promise<boolean> {
    const at = isoAt(expiresAt);
    return this.store.transaction(async (tx) => {
      if (!(await tx.apiTokens.markExpiryWarned(token.id, at))) return false;
      const owner = await tx.users.get(token.userId);
      await this.events.emit(tx, systemContext(), {
        type: 'system.api_token.expiring',
        displayMessage: `API token expires at ${at} unless it is used before`,
        targets: [tokenTarget(token), ...(owner === undefined ? [] : [userTarget(owner)])],
        outcome: { result: 'SUCCESS', reason: `expires ${at}` },
      });
      return true;
    });
  }

  private async retire(token: ApiTokenRecord): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.apiTokens.revoke(token.id, isoAt(this.clock.now()), 'rotated'))) return false;
      await this.events.emit(tx, systemContext(), {
        type: 'system.api_token.revoke',
        displayMessage: 'API token retired at the end of its rotation grace period',
        targets: [tokenTarget(token)],
        outcome: { result: 'SUCCESS', reason: 'rotated' },
      });
      return true;
    });
  }
}
