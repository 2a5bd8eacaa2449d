/** The credential-risk flags of `GET /api/v1/insights/credentials` (src/management/insights/service.ts), in words. */
export const FLAGS = ['SUPER_ADMIN_TOKEN', 'NEVER_USED', 'UNUSED_30_DAYS', 'EXPIRES_WITHIN_7_DAYS', 'MIGRATION_CANDIDATE'] as const;
export type Flag = (typeof FLAGS)[number];

export interface FlagText {
  readonly title: string;
  /** The flag on one credential's row. */
  readonly badge: string;
  readonly explanation: string;
  readonly tone: 'neutral' | 'good' | 'warn' | 'bad';
}

export const FLAG_TEXT: Readonly<Record<Flag, FlagText>> = {
  SUPER_ADMIN_TOKEN: {
    title: 'Super admin credentials',
    badge: 'Super admin',
    explanation: 'It holds the Super Administrator role, so whoever has it can do anything in the org: keep these few, and prefer narrower roles.',
    tone: 'bad',
  },
  NEVER_USED: {
    title: 'Never used',
    badge: 'Never used',
    explanation: 'It has never made a request: it may be forgotten, and a credential nobody uses can be revoked.',
    tone: 'warn',
  },
  UNUSED_30_DAYS: {
    title: 'Unused for 30 days',
    badge: 'Unused 30 days',
    explanation: 'It made no request in the last 30 days (or since it was made): check whether anything still needs it.',
    tone: 'warn',
  },
  EXPIRES_WITHIN_7_DAYS: {
    title: 'Expires within 7 days',
    badge: 'Expires within 7 days',
    explanation: 'An API token that stops working within 7 days unless it is used: whatever relies on it will start failing.',
    tone: 'warn',
  },
  MIGRATION_CANDIDATE: {
    title: 'Migration candidates',
    badge: 'Migration candidate',
    explanation: 'An API token whose every request a service app could make: migrate it to an app with a private key and only the scopes it uses.',
    tone: 'neutral',
  },
};

export function isFlag(value: string): value is Flag {
  return (FLAGS as readonly string[]).includes(value);
}

export const KIND_TEXT: Readonly<Record<string, string>> = {
  API_TOKEN: 'API token',
  SERVICE_APP: 'Service app',
  USER_CONTEXT_CLIENT: 'User-context client',
};
