/**
 * Usage insights of the Management API's credentials: a credential's usage report over a
 * window, its least-privilege suggestion, and the org's credential-risk report. Reads what the
 * nodes flushed (store.usage) plus this node's last use not yet flushed; visibility is the
 * credential's own (the API-token service decides who may read a token). Counts are per UTC
 * day: a window covers every day from the day of `since` to the day of `until`.
 */
import { isoAt, type Clock } from '../../clock.js';
import { appNotFound } from '../apps/service.js';
import type { ApiTokenRecord } from '../../store/records.js';
import type { AppRecord } from '../../store/oauth-records.js';
import type { Store } from '../../store/store.js';
import type { CredentialType, LastUse, UsageCount } from '../../store/usage-store.js';
import type { ApiTokenService, TokenScope } from '../tokens/service.js';
import { suggest, type Holdings, type Suggestion } from './suggestion.js';
import { utcDay, type UsageMeter } from './usage-meter.js';

const DAY_MS = 86_400_000;
/** The window a suggestion and the risk report look at when none is given. */
export const DEFAULT_WINDOW_DAYS = 30;
const EXPIRY_FLAG_MS = 7 * DAY_MS;

export interface Window {
  readonly since: number;
  readonly until: number;
}

export interface PresentedLastUse {
  readonly at: string;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
}

export interface UsageReport {
  readonly credential: { readonly type: CredentialType; readonly id: string };
  readonly lastUsed: PresentedLastUse | null;
  readonly window: { readonly since: string; readonly until: string };
  readonly totals: { readonly requests: number; readonly refused: number };
  readonly byPermission: { readonly permission: string; readonly requests: number; readonly lastAt: string }[];
  readonly byEndpoint: { readonly method: string; readonly route: string; readonly requests: number; readonly refused: number; readonly lastAt: string }[];
  readonly daily: { readonly date: string; readonly requests: number; readonly refused: number }[];
}

export interface SuggestionReport extends Suggestion {
  readonly credential: { readonly type: CredentialType; readonly id: string };
  readonly basedOn: { readonly since: string; readonly until: string; readonly requests: number };
  readonly holds: Holdings;
}

export const RISK_FLAGS = ['SUPER_ADMIN_TOKEN', 'NEVER_USED', 'UNUSED_30_DAYS', 'EXPIRES_WITHIN_7_DAYS', 'MIGRATION_CANDIDATE'] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

export interface CredentialInsight {
  readonly credential: { readonly type: CredentialType; readonly id: string };
  readonly name: string;
  readonly kind: 'API_TOKEN' | 'SERVICE_APP' | 'USER_CONTEXT_CLIENT';
  readonly owner: { readonly type: 'USER'; readonly id: string } | { readonly type: 'APP'; readonly id: string };
  readonly lastUsed: PresentedLastUse | null;
  /** API tokens only: when it stops working if it is not used before. */
  readonly expiresAt: string | null;
  readonly unusedPermissions: string[];
  readonly flags: RiskFlag[];
}

export interface InsightsDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly apiTokens: ApiTokenService;
  readonly meter: UsageMeter | undefined;
  /** How long before its idle expiry a token is flagged EXPIRES_WITHIN_7_DAYS (the janitor's warning window). */
  readonly expiryWarningMs?: number;
}

function latest(a: LastUse | undefined, b: LastUse | undefined): PresentedLastUse | null {
  const use = a === undefined ? b : b === undefined || a.at >= b.at ? a : b;
  return use === undefined ? null : { at: use.at, ipAddress: use.ipAddress, userAgent: use.userAgent };
}

const laterOf = (a: string, b: string): string => (a > b ? a : b);

/** The report's aggregates of counted rows: totals, by permission exercised, by endpoint, by day. */
export function aggregate(rows: UsageCount[]): Pick<UsageReport, 'totals' | 'byPermission' | 'byEndpoint' | 'daily'> {
  let requests = 0;
  let refused = 0;
  const byPermission = new Map<string, { permission: string; requests: number; lastAt: string }>();
  const byEndpoint = new Map<string, { method: string; route: string; requests: number; refused: number; lastAt: string }>();
  const daily = new Map<string, { date: string; requests: number; refused: number }>();
  for (const row of rows) {
    const isRefused = row.outcome === 'REFUSED' ? row.requests : 0;
    requests += row.requests;
    refused += isRefused;
    if (row.via !== 'none') {
      const p = byPermission.get(row.permission) ?? { permission: row.permission, requests: 0, lastAt: row.lastAt };
      p.requests += row.requests;
      p.lastAt = laterOf(p.lastAt, row.lastAt);
      byPermission.set(row.permission, p);
    }
    const key = `${row.method} ${row.route}`;
    const e = byEndpoint.get(key) ?? { method: row.method, route: row.route, requests: 0, refused: 0, lastAt: row.lastAt };
    e.requests += row.requests;
    e.refused += isRefused;
    e.lastAt = laterOf(e.lastAt, row.lastAt);
    byEndpoint.set(key, e);
    const d = daily.get(row.day) ?? { date: row.day, requests: 0, refused: 0 };
    d.requests += row.requests;
    d.refused += isRefused;
    daily.set(row.day, d);
  }
  const byRequests = <T extends { requests: number }>(a: T, b: T): number => b.requests - a.requests;
  return {
    totals: { requests, refused },
    byPermission: [...byPermission.values()].sort((a, b) => byRequests(a, b) || a.permission.localeCompare(b.permission)),
    byEndpoint: [...byEndpoint.values()].sort((a, b) => byRequests(a, b) || `${a.route} ${a.method}`.localeCompare(`${b.route} ${b.method}`)),
    daily: [...daily.values()].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

function appKind(app: AppRecord): 'SERVICE_APP' | 'USER_CONTEXT_CLIENT' {
  const grants = app.oauthClient['grant_types'];
  return Array.isArray(grants) && grants.includes('client_credentials') ? 'SERVICE_APP' : 'USER_CONTEXT_CLIENT';
}

export function createInsightsService(deps: InsightsDeps) {
  const { store, clock, apiTokens, meter } = deps;

  async function lastUsesOf(type: CredentialType, ids: string[]): Promise<Map<string, PresentedLastUse | null>> {
    const stored = await store.usage.lastUses(type, ids);
    return new Map(ids.map((id) => [id, latest(stored.get(id), meter?.pendingLastUse(type, id))]));
  }

  async function countsOf(type: CredentialType, ids: string[], window: Window): Promise<UsageCount[]> {
    return store.usage.counts({ credentialType: type, credentialIds: ids, sinceDay: utcDay(window.since), untilDay: utcDay(window.until) });
  }

  async function report(type: CredentialType, id: string, window: Window): Promise<UsageReport> {
    const rows = await countsOf(type, [id], window);
    const lastUsed = (await lastUsesOf(type, [id])).get(id) ?? null;
    return { credential: { type, id }, lastUsed, window: { since: isoAt(window.since), until: isoAt(window.until) }, ...aggregate(rows) };
  }

  async function holdingsOfToken(token: ApiTokenRecord): Promise<Holdings> {
    return { roles: (await store.roles.roleTypesOfUser(token.userId)).sort() };
  }

  /** `grantedScopes`: the app's scopes when the caller has read them already. */
  async function holdingsOfApp(app: AppRecord, grantedScopes?: readonly string[]): Promise<Holdings> {
    const roles = (await store.roles.listFor('CLIENT', app.id)).map((r) => r.roleType).sort();
    return { roles, scopes: [...(grantedScopes ?? (await store.apps.listGrantedScopes(app.id)))].sort() };
  }

  async function suggestionFor(type: CredentialType, id: string, holds: Holdings, window: Window): Promise<SuggestionReport> {
    const rows = await countsOf(type, [id], window);
    return {
      credential: { type, id },
      basedOn: { since: isoAt(window.since), until: isoAt(window.until), requests: rows.reduce((sum, r) => sum + r.requests, 0) },
      holds,
      ...suggest(rows, holds),
    };
  }

  async function visibleApp(id: string): Promise<AppRecord> {
    const app = await store.apps.get(id);
    if (app === undefined) throw appNotFound(id);
    return app;
  }

  return {
    async tokenUsage(scope: TokenScope, id: string, window: Window): Promise<UsageReport> {
      const token = await apiTokens.get(scope, id);
      return report('API_TOKEN', token.id, window);
    },
    async appUsage(id: string, window: Window): Promise<UsageReport> {
      const app = await visibleApp(id);
      return report('APP', app.id, window);
    },
    async tokenSuggestion(scope: TokenScope, id: string, window: Window): Promise<SuggestionReport> {
      const token = await apiTokens.get(scope, id);
      return suggestionFor('API_TOKEN', token.id, await holdingsOfToken(token), window);
    },
    async appSuggestion(id: string, window: Window): Promise<SuggestionReport> {
      const app = await visibleApp(id);
      return suggestionFor('APP', app.id, await holdingsOfApp(app), window);
    },
    /** The last use of each token of a list page (the `lastUsed` of `GET /api/v1/api-tokens`). */
    lastUsesOfTokens(ids: string[]): Promise<Map<string, PresentedLastUse | null>> {
      return lastUsesOf('API_TOKEN', ids);
    },

    /**
     * The org's credential-risk report: live API tokens, then apps holding Okta API scopes, in id
     * order after `after`, each with its flags; `flag` keeps only those that carry it.
     */
    async credentials(page: {
      after?: string | undefined;
      limit: number;
      flag?: RiskFlag | undefined;
    }): Promise<{ items: CredentialInsight[]; more: boolean }> {
      const now = clock.now();
      const window = { since: now - DEFAULT_WINDOW_DAYS * DAY_MS, until: now };
      const out: CredentialInsight[] = [];
      let after = page.after;
      // Tokens ("00T…") sort before apps ("0oa…"): read tokens first, then apps, filling the page.
      while (out.length <= page.limit) {
        const batch = await nextBatch(after, page.limit + 1);
        if (batch.length === 0) break;
        after = batch.at(-1)?.id;
        const insights = await insightsOf(batch, window, now);
        out.push(...insights.filter((i) => page.flag === undefined || i.flags.includes(page.flag)));
      }
      return { items: out.slice(0, page.limit), more: out.length > page.limit };
    },
  };

  type Candidate = { readonly id: string; readonly token: ApiTokenRecord } | { readonly id: string; readonly app: AppRecord; readonly scopes: string[] };

  async function nextBatch(after: string | undefined, limit: number): Promise<Candidate[]> {
    const batch: Candidate[] = [];
    if (after === undefined || after < '0oa') {
      const { items } = await apiTokens.list({ kind: 'all' }, { after: after !== undefined && after.startsWith('00T') ? after : undefined, limit });
      batch.push(...items.map((token) => ({ id: token.id, token })));
      if (batch.length >= limit) return batch;
    }
    let appCursor = after !== undefined && after >= '0oa' ? after : undefined;
    while (batch.length < limit) {
      const apps = await store.apps.list({ after: appCursor, limit });
      if (apps.length === 0) break;
      for (const app of apps) {
        const scopes = await store.apps.listGrantedScopes(app.id);
        if (scopes.some((s) => s.startsWith('okta.'))) batch.push({ id: app.id, app, scopes: [...scopes] });
      }
      appCursor = apps.at(-1)?.id;
      if (apps.length < limit) break;
    }
    return batch.slice(0, limit);
  }

  async function insightsOf(batch: Candidate[], window: Window, now: number): Promise<CredentialInsight[]> {
    const tokenIds = batch.filter((c) => 'token' in c).map((c) => c.id);
    const appIds = batch.filter((c) => 'app' in c).map((c) => c.id);
    const last = new Map([...(await lastUsesOf('API_TOKEN', tokenIds)), ...(await lastUsesOf('APP', appIds))]);
    const rows = [...(await countsOf('API_TOKEN', tokenIds, window)), ...(await countsOf('APP', appIds, window))];
    const out: CredentialInsight[] = [];
    for (const candidate of batch) {
      const lastUsed = last.get(candidate.id) ?? null;
      const mine = rows.filter((r) => r.credentialId === candidate.id);
      const flags: RiskFlag[] = [];
      if (lastUsed === null) flags.push('NEVER_USED');
      const idleSince = lastUsed === null ? ('token' in candidate ? candidate.token.created : candidate.app.created) : lastUsed.at;
      if (now - Date.parse(idleSince) >= DEFAULT_WINDOW_DAYS * DAY_MS) flags.push('UNUSED_30_DAYS');
      if ('token' in candidate) {
        const holds = await holdingsOfToken(candidate.token);
        const suggestion = suggest(mine, holds);
        const expiresAt = apiTokens.expiresAt(candidate.token);
        if (holds.roles.includes('SUPER_ADMIN')) flags.unshift('SUPER_ADMIN_TOKEN');
        if (Date.parse(expiresAt) - now <= (deps.expiryWarningMs ?? EXPIRY_FLAG_MS)) flags.push('EXPIRES_WITHIN_7_DAYS');
        // Used, and every request it made could be made by a service app with some roles and scopes.
        if (mine.some((r) => r.via === 'permission') && suggestion.uncovered.length === 0) flags.push('MIGRATION_CANDIDATE');
        out.push({
          credential: { type: 'API_TOKEN', id: candidate.id },
          name: candidate.token.name,
          kind: 'API_TOKEN',
          owner: { type: 'USER', id: candidate.token.userId },
          lastUsed,
          expiresAt,
          unusedPermissions: suggestion.unusedPermissions,
          flags: RISK_FLAGS.filter((f) => flags.includes(f)),
        });
      } else {
        const holds = await holdingsOfApp(candidate.app, candidate.scopes);
        if (holds.roles.includes('SUPER_ADMIN')) flags.unshift('SUPER_ADMIN_TOKEN');
        out.push({
          credential: { type: 'APP', id: candidate.id },
          name: candidate.app.label,
          kind: appKind(candidate.app),
          owner: { type: 'APP', id: candidate.app.id },
          lastUsed,
          expiresAt: null,
          unusedPermissions: suggest(mine, holds).unusedPermissions,
          flags: RISK_FLAGS.filter((f) => flags.includes(f)),
        });
      }
    }
    return out;
  }
}

export type InsightsService = ReturnType<typeof createInsightsService>;
