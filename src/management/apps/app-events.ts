/** System Log targets for apps, their keys, scopes and roles (Okta target types). */
import type { AppKeyRecord, AppRecord } from '../../store/oauth-records.js';
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

export const secretTarget = (app: AppRecord): LogTarget => ({ id: app.id, type: 'ClientSecret', alternateId: app.id, displayName: 'client secret', detailEntry: null });
