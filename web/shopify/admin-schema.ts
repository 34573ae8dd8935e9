/**
 * Shopify's Admin GraphQL schema, 2026-07 (the app's API version), for checking documents before they reach
 * Shopify: the document test and the simulated Admin use it. Production code never imports this file, so the
 * 924 KB schema is neither loaded by the server nor copied into web/dist. Where it comes from: schema/SOURCE.md.
 */
import {
  buildClientSchema,
  getNamedType,
  getVariableValues,
  GraphQLError,
  GraphQLScalarType,
  isObjectType,
  Kind,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const SCHEMA_FILE = new URL('./schema/admin_2026-07.json.gz', import.meta.url);

let cached: GraphQLSchema | undefined;

/** The schema, built on first use (about a third of a second) and kept for the life of the process. */
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const introspection = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString('utf8')) as {
      data: IntrospectionQuery;
    };
    cached = buildClientSchema(introspection.data);
    strictScalars(cached);
  }
  return cached;
}

/**
 * Every problem Shopify would report before running the document: syntax, the schema's validation rules, the
 * page-size rules of connections, and, when `variables` are given, their coercion against the operation's
 * variable definitions (a missing required one included). Empty = valid. Without `variables` only the document is
 * checked, which is what a static check of the app's documents can do.
 */
export function validateAdminDocument(document: string, variables?: Record<string, unknown>): string[] {
  const schema = adminSchema();
  let ast;
  try {
    ast = parse(document);
  } catch (error) {
    return [error instanceof GraphQLError ? error.message : String(error)];
  }
  const problems = validate(schema, ast, [...specifiedRules, ConnectionPageSizeRule]).map((e) => e.message);
  if (problems.length > 0) return problems;
  const operations = ast.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  // The app's client never sends an operationName, so a document must hold exactly one operation.
  if (operations.length !== 1) return [`expected exactly one operation, found ${operations.length}`];
  if (variables === undefined) return [];
  const coerced = getVariableValues(schema, operations[0]!.variableDefinitions ?? [], variables);
  return coerced.errors?.map((e) => e.message) ?? [];
}

const MAX_PAGE_SIZE = 250;

/** Shopify refuses a connection without `first` or `last`, and pages above 250. */
const ConnectionPageSizeRule: ValidationRule = (context) => ({
  Field(node) {
    const field = context.getFieldDef();
    if (
      !field ||
      !isObjectType(getNamedType(field.type)) ||
      !getNamedType(field.type).name.endsWith('Connection')
    )
      return;
    if (!field.args.some((a) => a.name === 'first')) return;
    const sizes = (node.arguments ?? []).filter((a) => a.name.value === 'first' || a.name.value === 'last');
    if (sizes.length === 0)
      context.reportError(
        new GraphQLError(`${node.name.value}: you must provide one of first or last`, { nodes: node }),
      );
    for (const size of sizes) {
      if (size.value.kind === Kind.INT && Number(size.value.value) > MAX_PAGE_SIZE)
        context.reportError(
          new GraphQLError(`${node.name.value}: ${size.name.value} must be at most ${MAX_PAGE_SIZE}`, {
            nodes: node,
          }),
        );
    }
  },
});

// A client schema's custom scalars accept anything; Shopify's do not. These are the ones whose format the app's
// inputs depend on (dates, money amounts, counts), made as strict as Shopify documents them.
const SCALAR_FORMATS: Record<string, (value: unknown) => boolean> = {
  DateTime: (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) &&
    !Number.isNaN(Date.parse(v)),
  Date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  Decimal: (v) =>
    (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) || (typeof v === 'number' && isFinite(v)),
  UnsignedInt64: (v) =>
    (typeof v === 'string' && /^\d{1,20}$/.test(v) && BigInt(v) < 2n ** 64n) ||
    (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0),
  BigInt: (v) => (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) || Number.isSafeInteger(v),
};

function strictScalars(schema: GraphQLSchema) {
  for (const [name, valid] of Object.entries(SCALAR_FORMATS)) {
    const scalar = schema.getType(name);
    if (!(scalar instanceof GraphQLScalarType)) continue;
    const parseValue = (value: unknown) => {
      if (!valid(value)) throw new GraphQLError(`${JSON.stringify(value)} is not a valid ${name}`);
      return value;
    };
    // GraphQLScalarType keeps these as plain properties; replacing them is how a built schema gets real scalars.
    Object.assign(scalar, {
      parseValue,
      parseLiteral: (node: ValueNode) => {
        if (node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT)
          return parseValue(node.kind === Kind.STRING ? node.value : Number(node.value));
        throw new GraphQLError(`${name} cannot represent a ${node.kind} literal`);
      },
    });
  }
}
