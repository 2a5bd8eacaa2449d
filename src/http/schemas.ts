/** Response schemas shared by the Management API modules. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

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

/**
 * `_links`: built by our presenters, never from input. Declared as a plain object so that the
 * serializer does not validate every link against a union (fast-json-stringify checks `anyOf`
 * branches with ajv at serialization time, which dominated the cost of a GET).
 */
export const Links = Type.Unsafe<Record<string, Static<typeof Link> | Static<typeof Link>[]>>({ type: 'object', additionalProperties: true });

/**
 * A free-form JSON object (profiles, log details). Declared as a plain object rather than
 * `Type.Record`: the serializer would otherwise match every key against a pattern and serialize
 * each value through its generic path (about 8 µs of a user GET); validation is the same.
 */
export const FreeForm = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

const PRIMITIVE = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * `T | null`. For primitives, as a JSON Schema type array (`["string", "null"]`), which the
 * serializer checks with `typeof` instead of validating an `anyOf` with ajv.
 */
export const Nullable = <T extends TSchema>(schema: T) =>
  typeof schema['type'] === 'string' && PRIMITIVE.has(schema['type'])
    ? Type.Unsafe<Static<T> | null>({ ...schema, type: [schema['type'], 'null'] })
    : Type.Union([schema, Type.Null()]);

/** Okta error body (every non-2xx on /api/v1). */
export const OktaError = Type.Object({
  errorCode: Type.String(),
  errorSummary: Type.String(),
  errorLink: Type.String(),
  errorId: Type.String(),
  errorCauses: Type.Array(Type.Object({ errorSummary: Type.String() })),
});

export const ListQuery = {
  limit: Type.Optional(Type.String()),
  after: Type.Optional(Type.String({ maxLength: 200 })),
};
