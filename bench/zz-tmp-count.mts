import BetterSqlite3 from 'better-sqlite3';
const counts = new Map<string, number>();
const proto = (BetterSqlite3 as unknown as { prototype: { prepare: (sql: string) => unknown } }).prototype;
const orig = proto.prepare;
let on = false;
proto.prepare = function (this: unknown, sql: string) { if (on) counts.set(sql.slice(0, 110), (counts.get(sql.slice(0, 110)) ?? 0) + 1); return orig.call(this, sql); };
const { startTessera } = await import('./servers.ts');
const { registerServiceApp, clientAssertion } = await import('./oauth-fixtures.ts');
const { JWT_BEARER } = await import('./oauth-bodies.ts');
const t = await startTessera('sqlite');
const client = await registerServiceApp(t, ['okta.users.read'], []);
const url = `${t.baseUrl}/oauth2/v1/token`;
on = true;
const n = 100;
for (let i = 0; i < n; i++) {
  const r = await t.app.fastify.inject({ method: 'POST', url: '/oauth2/v1/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ grant_type: 'client_credentials', scope: 'okta.users.read', client_assertion_type: JWT_BEARER, client_assertion: clientAssertion(client, url) }).toString() });
  if (r.statusCode !== 200) throw new Error(r.body);
}
on = false;
for (const [sql, c] of counts) console.log((c / n).toFixed(2), sql);
await t.close(); process.exit(0);
