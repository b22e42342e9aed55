import { type GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * type-graphql gives every plain property field (a material's title, a module's position) its own
 * resolver, which builds a context object and runs the (here empty) middleware chain; a catalogue
 * page resolves thousands of such fields. Where a field has no role check, no middleware, no
 * arguments and no field resolver, that resolver only returns `root[name]`, which is what
 * graphql-js's default resolver does: such fields get the default back. Every field with
 * `@Authorized` (even with no roles), a middleware or a resolver method keeps type-graphql's.
 * Call after buildSchema (type-graphql fills each field's roles and middlewares while building).
 */
export function resolvePlainFieldsByDefault(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  const resolved = new Map<unknown, Set<string>>();
  for (const resolver of storage.fieldResolvers) {
    const owner = resolver.getObjectType?.();
    resolved.set(owner, (resolved.get(owner) ?? new Set()).add(resolver.methodName));
  }
  const hasFieldResolver = (owner: unknown, name: string) => resolved.get(owner)?.has(name) ?? false;
  const byTarget = new Map<unknown, (typeof storage.objectTypes)[number]>(storage.objectTypes.map((objectType) => [objectType.target, objectType]));
  /** The type's own fields, then those it inherits (every entity's `id` and timestamps come from BaseEntity), nearest first. */
  const fieldsOf = (target: object) => {
    const fields = [];
    const seen = new Set<string>();
    for (let cls: unknown = target; typeof cls === 'function' && cls !== Function.prototype; cls = Object.getPrototypeOf(cls)) {
      for (const field of byTarget.get(cls)?.fields ?? []) {
        if (seen.has(field.schemaName)) continue;
        seen.add(field.schemaName);
        fields.push(field);
      }
    }
    return fields;
  };
  let simplified = 0;
  for (const objectType of storage.objectTypes) {
    const graphqlType = schema.getType(objectType.name);
    if (!isObjectType(graphqlType)) continue;
    const graphqlFields = graphqlType.getFields();
    for (const field of fieldsOf(objectType.target)) {
      const graphqlField = graphqlFields[field.schemaName];
      const plain =
        graphqlField &&
        field.schemaName === field.name &&
        field.roles === undefined &&
        !field.middlewares?.length &&
        !field.params?.length &&
        !hasFieldResolver(objectType.target, field.name) &&
        !hasFieldResolver(field.target, field.name);
      if (plain && graphqlField.resolve) {
        graphqlField.resolve = undefined;
        simplified += 1;
      }
    }
  }
  return simplified;
}
