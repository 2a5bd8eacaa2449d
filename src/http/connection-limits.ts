/**
 * The listener's time limits (config.connection) as Fastify server options. Node's http.Server
 * enforces them: the headers and the whole request must arrive in time (checked every
 * `connectionsCheckingInterval`; 408 and close beyond), an idle keep-alive connection closes,
 * a socket with no traffic either way closes, and a connection serves a bounded number of
 * requests. Fastify's own defaults would turn the request timeout off (0) and keep idle
 * connections for 72 s, so a body trickled a byte at a time could hold a socket forever.
 */
import type { ServerOptions } from 'node:http';
import type { ConnectionConfig } from '../config/config.js';

export interface ConnectionOptions {
  readonly requestTimeout: number;
  readonly keepAliveTimeout: number;
  readonly connectionTimeout: number;
  readonly maxRequestsPerSocket: number;
  readonly http: ServerOptions;
}

export function connectionOptions(limits: ConnectionConfig): ConnectionOptions {
  return {
    // Fastify sets server.requestTimeout and server.keepAliveTimeout from these after creating the server.
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // socket.setTimeout: inactivity in either direction, during a request or a slow read of its response.
    connectionTimeout: limits.socketTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    // Given to http.createServer, which checks headersTimeout against requestTimeout and takes the checking interval only here.
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
  };
}
