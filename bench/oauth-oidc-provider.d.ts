/**
 * The part of oidc-provider's API the benchmark's peer uses (the package ships no types; its
 * configuration is a large object documented in its docs/README.md, passed through as is).
 */
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    /** Koa's listen: an http.Server serving the provider's routes. */
    listen(port: number, host: string, callback?: () => void): Server;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
