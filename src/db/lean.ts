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
  const plan = leanPlan(em, entity);
  const query = em.createQueryBuilder(entity).select('*').where(where).orderBy(orderBy);
  // Rows by column name, mapped here by a plan made once per entity: MikroORM's own mapping
  // (mapResults) costs as much again as the plan for a thousand rows.
  const rows = (await query.execute('all', !plan)) as Record<string, unknown>[];
  if (!plan) return rows as T[];
  // A thousand materials point at a hundred modules: one reference per parent, not per row.
  const references = new Map<unknown, unknown>();
  return rows.map((row) => {
    const lean: Record<string, unknown> = {};
    for (const { column, name, convert, reference } of plan) {
      const value = row[column];
      if (value === null || value === undefined) lean[name] = undefined;
      else if (reference) {
        const key = `${name}:${value as string}`;
        let ref = references.get(key);
        if (ref === undefined) references.set(key, (ref = convert!(value)));
        lean[name] = ref;
      } else lean[name] = convert ? convert(value) : value;
    }
    return lean as T;
  });
}

type Step = { column: string; name: string; convert?: (value: unknown) => unknown; reference?: true };
const plans = new WeakMap<EntityMetadata, Step[] | null>();

/**
 * Per entity, once: each column's property and conversion (nulls become undefined, as the entity
 * factory leaves them). Null when some property is not one column of its own (an embeddable, a
 * composite key, a formula): such an entity keeps MikroORM's mapping.
 */
function leanPlan(em: EntityManager, entity: EntityClass<object>): Step[] | null {
  const meta = em.getMetadata().get(entity.name);
  const known = plans.get(meta);
  if (known !== undefined) return known;
  const platform = em.getPlatform();
  let plan: Step[] | null = [];
  for (const prop of Object.values<EntityProperty>(meta.properties)) {
    const owningReference = prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
    if (!owningReference && prop.kind !== ReferenceKind.SCALAR) {
      if (prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.MANY_TO_MANY || prop.kind === ReferenceKind.ONE_TO_ONE) continue;
      plan = null;
      break;
    }
    if (prop.persist === false || prop.formula || prop.fieldNames?.length !== 1) {
      plan = null;
      break;
    }
    const column = prop.fieldNames[0];
    if (owningReference) {
      const target = prop.targetMeta!.class;
      plan.push({ column, name: prop.name, convert: (id) => em.getReference(target, id as never, { wrapped: true }), reference: true });
    } else if (prop.customType) {
      const customType = prop.customType;
      plan.push({ column, name: prop.name, convert: (value) => customType.convertToJSValue(value, platform) });
    } else plan.push({ column, name: prop.name });
  }
  plans.set(meta, plan);
  return plan;
}
