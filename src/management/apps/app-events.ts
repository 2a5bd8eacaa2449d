/** System Log targets for apps, their keys, scopes and roles (Okta target types). */
import type { TargetRef } from '../../auth/target-guard.js';
import type { AppKeyRecord, AppRecord, AppSecretRecord } from '../../store/oauth-records.js';
import type { LogTarget } from '../../store/records.js';

export function appTarget(app: AppRecord): LogTarget {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: null };
}

export function keyTarget(key: AppKeyRecord): LogTarget {
  const name = key.kid === '' ? key.id : key.kid;
  return { id: key.id, type: 'JsonWebKey', alternateId: name, displayName: name, detailEntry: null };
}

export function scopeTarget(scopeId: string): LogTarget {
  return { id: scopeId, type: 'OAuth2Scope', alternateId: scopeId, displayName: scopeId, detailEntry: null };
}

export const secretTarget = (secret: AppSecretRecord): LogTarget => ({
  id: secret.id,
  type: 'ClientSecret',
  alternateId: secret.id,
  displayName: 'client secret',
  detailEntry: null,
});

/** An app as the target rules see it (auth/target-rules.ts). */
export function appRef(app: AppRecord): TargetRef {
  return { kind: 'app', id: app.id, label: app.label, logTarget: appTarget(app) };
}
