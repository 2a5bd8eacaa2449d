/** Response schemas shared by the Management API modules. */
import { Type, type TSchema } from '@sinclair/typebox';

export const Link = Type.Object(
  {
    href: Type.String(),
    method: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    hints: Type.Optional(Type.Object({ allow: Type.Array(Type.String()) })),
  },
  { additionalProperties: false },
);

export const Links = Type.Record(Type.String(), Type.Union([Link, Type.Array(Link)]));

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Okta error body (every non-2xx on /api/v1). */
export const OktaError = Type.Object({
  errorCode: Type.String(),
  errorSummary: Type.String(),
  errorLink: Type.String(),
  errorId: Type.String(),
  errorCauses: Type.Array(Type.Object({ errorSummary: Type.String() })),
});

/** Any JSON value (custom profile attributes). */
export const AnyJson = Type.Unknown();

export const ListQuery = {
  limit: Type.Optional(Type.String()),
  after: Type.Optional(Type.String({ maxLength: 200 })),
};
