import type { EntityClass, EntityMetadata, EntityProperty, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Lean reads for long lists that are only shown (a catalogue of 1,000 materials): rows come back
 * as plain objects with the entity's property names, custom types converted and each many-to-one
 * as a MikroORM reference (`x.module.id`, `x.module.load()` work as on an entity). They skip the
 * entity factory, the identity map and change tracking, which cost about 3× the SQL itself for
 * such a list (measured for the catalogue benchmark in issue 16). They are not managed: never
 * change or persist one; a service that writes loads its entity itself.
 */
export async function findLean<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  orderBy: QueryOrderMap<T>,
): Promise<T[]> {
  const rows = (await em.createQueryBuilder(entity).select('*').where(where).orderBy(orderBy).execute('all', true)) as Record<string, unknown>[];
  const plan = leanPlan(em, entity);
  // A thousand materials point at a hundred modules: one reference per parent, not per row.
  const references = new Map<unknown, unknown>();
  for (const row of rows) {
    for (const { name, convert, reference } of plan) {
      const value = row[name];
      if (value === null || value === undefined) row[name] = undefined;
      else if (reference) {
        const key = `${name}:${value as string}`;
        let ref = references.get(key);
        if (ref === undefined) references.set(key, (ref = convert(value)));
        row[name] = ref;
      } else row[name] = convert(value);
    }
  }
  return rows as T[];
}

type Conversion = { name: string; convert: (value: unknown) => unknown; reference?: true };
const plans = new WeakMap<EntityMetadata, Conversion[]>();

/** Per entity, once: which properties need more than the driver's value (nulls become undefined, as the entity factory leaves them). */
function leanPlan(em: EntityManager, entity: EntityClass<object>): Conversion[] {
  const meta = em.getMetadata().get(entity.name);
  let plan = plans.get(meta);
  if (plan) return plan;
  const platform = em.getPlatform();
  plan = Object.values<EntityProperty>(meta.properties).flatMap((prop): Conversion[] => {
    if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      const target = prop.targetMeta!.class;
      return [{ name: prop.name, convert: (id) => em.getReference(target, id as never, { wrapped: true }), reference: true }];
    }
    if (prop.kind !== ReferenceKind.SCALAR) return [];
    const customType = prop.customType;
    if (customType) return [{ name: prop.name, convert: (value) => customType.convertToJSValue(value, platform) }];
    return prop.nullable ? [{ name: prop.name, convert: (value) => value }] : [];
  });
  plans.set(meta, plan);
  return plan;
}
