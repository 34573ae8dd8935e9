/**
 * Shopify's calculated query cost, simplified: each mutation field 10, each object, interface or union field 1,
 * a connection 2 plus its page size, scalars and enums 0. Good enough for realistic `extensions.cost`; the
 * simulated Admin never throttles on its own (tests ask for throttling with failNext), so nothing depends on
 * these numbers being exact.
 * https://shopify.dev/docs/api/usage/limits#cost-calculation
 */
import {
  getNamedType,
  isCompositeType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): number {
  const typeInfo = new TypeInfo(schema);
  const mutation = schema.getMutationType();
  let cost = 0;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = typeInfo.getType();
        if (!type) return;
        if (mutation && typeInfo.getParentType() === mutation) {
          cost += 10;
          return;
        }
        const named = getNamedType(type);
        if (!isCompositeType(named)) return;
        if (!named.name.endsWith('Connection')) {
          cost += 1;
          return;
        }
        const size = node.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last')?.value;
        const pageSize =
          size?.kind === Kind.INT
            ? Number(size.value)
            : size?.kind === Kind.VARIABLE
              ? variables[size.name.value]
              : 0;
        cost += 2 + (typeof pageSize === 'number' ? pageSize : 0);
      },
    }),
  );
  return cost;
}
