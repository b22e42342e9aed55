import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
} from 'graphql';

/**
 * Operations generated from the schema, as a careless client or a probe would send them:
 * every Query and Mutation field, its arguments filled with plausible, boundary, hostile and
 * wrongly typed values, inline or as variables, with a shallow selection of its result.
 * Everything comes from one seeded generator, so a seed reproduces the same operations.
 */

/** mulberry32: small, fast and good enough to pick test values; the same seed, the same run. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => int(16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[int(4)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
    },
  };
}

export interface Random {
  next(): number;
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  uuid(): string;
}

/** Real objects of the fixture, by what they are ("course", "material", …), and known values by argument name. */
export interface FuzzPools {
  ids: Record<string, string[]>;
  /** Values a client would plausibly send for an argument or input field of this name. */
  values: Record<string, unknown[]>;
  /** A marker inside every plausible text, so a test can look for it where it must not be (logs). */
  marker: string;
}

export interface FuzzOperation {
  field: string;
  operationType: 'query' | 'mutation';
  query: string;
  variables: Record<string, unknown>;
}

const MAX_BODY_CHARS = 90_000;

const INT_BOUNDARIES = [0, -1, 1, 2_147_483_647, -2_147_483_648, 100_000, -100_000];
const FLOAT_BOUNDARIES = [0, -0.0001, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 5e-324, 0.1 + 0.2, -1, 1e-9];
const DATE_BOUNDARIES = [
  '1900-01-01T00:00:00Z',
  '2199-12-31T23:59:59.999Z',
  '1899-12-31T23:59:59Z',
  '2200-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-06-01T25:61:00+14:00',
  '2026-06-01',
  '275760-09-13T00:00:00Z',
];
const ID_BOUNDARIES = ['', '0', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF', '{00000000-0000-0000-0000-000000000000}', 'a'.repeat(1000)];
const STRING_BOUNDARIES = ['', ' ', 'a', '\t\n', 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(10_001), 'y'.repeat(60_000)];
const HOSTILE_STRINGS = [
  'nul\u0000inside',
  '\u0000',
  'lone \uD800 high',
  'lone \uDC00 low',
  '\uDFFF\uD800',
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  '%_%\\',
  '$1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '\u202Eكتاب عربي\u202C',
  'שלום',
  '🙂'.repeat(2_000),
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301',
  '\uFEFFbom',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '{"$ne": null}',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e999',
  '١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨',
  '\u001b[31mred\u001b[0m',
  '\r\nX-Injected: 1',
  'z'.repeat(90_000),
];
const DATE_STRINGS = ['2026-01-01', '1899-12-31', '2200-01-01', '2026-02-30', '0000-00-00', '20260101', '2026-1-1', '9999-12-31'];

export class OperationGenerator {
  private readonly root: { query: GraphQLField<unknown, unknown>[]; mutation: GraphQLField<unknown, unknown>[] };

  constructor(
    schema: GraphQLSchema,
    private readonly random: Random,
    private readonly pools: FuzzPools,
  ) {
    this.root = {
      query: Object.values(schema.getQueryType()?.getFields() ?? {}),
      mutation: Object.values(schema.getMutationType()?.getFields() ?? {}),
    };
  }

  fields(): { operationType: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
    return [
      ...this.root.query.map((field) => ({ operationType: 'query' as const, field })),
      ...this.root.mutation.map((field) => ({ operationType: 'mutation' as const, field })),
    ];
  }

  /** One operation on the field: each value is hostile with probability `hostility`, else plausible. */
  operation(operationType: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, hostility: number): FuzzOperation {
    const r = this.random;
    const inline = r.chance(0.35);
    const variables: Record<string, unknown> = {};
    const definitions: string[] = [];
    const args: string[] = [];
    for (const arg of field.args) {
      // Optional arguments are left out now and then, as most clients do.
      if (!isNonNullType(arg.type) && r.chance(0.3)) continue;
      // …and now and then a required one too.
      if (isNonNullType(arg.type) && hostility > 0 && r.chance(0.03)) continue;
      const value = this.value(arg.type, { field: field.name, name: arg.name }, hostility, inline);
      if (value === undefined) continue;
      if (inline) {
        args.push(`${arg.name}: ${printLiteral(value, arg.type)}`);
      } else {
        definitions.push(`$${arg.name}: ${String(this.declaredType(arg))}`);
        args.push(`${arg.name}: $${arg.name}`);
        variables[arg.name] = value;
      }
    }
    // An argument the field does not have.
    if (hostility > 0 && r.chance(0.02)) args.push('zzUnknown: 1');
    const selection = this.selection(field.type, 1, field.name, hostility);
    const query = `${operationType}${definitions.length ? ` (${definitions.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection ? ` ${selection}` : ''} }`;
    return { field: field.name, operationType, query, variables };
  }

  /** The variable's declared type: as the schema says, or now and then a looser or wrong one. */
  private declaredType(arg: GraphQLArgument): string {
    if (this.random.chance(0.03)) return isNonNullType(arg.type) ? String(arg.type.ofType) : `${String(arg.type)}!`;
    if (this.random.chance(0.01)) return 'String';
    return String(arg.type);
  }

  private value(type: GraphQLInputType, at: { field: string; name: string }, hostility: number, inline: boolean, depth = 0): unknown {
    const r = this.random;
    if (isNonNullType(type)) {
      if (hostility > 0 && r.chance(hostility * 0.03)) return null;
      return this.value(type.ofType, at, hostility, inline, depth);
    }
    if (hostility > 0 && r.chance(hostility * 0.1)) return this.wrongType(type, inline);
    if (isListType(type)) return this.list(type.ofType as GraphQLInputType, at, hostility, inline, depth);
    if (isInputObjectType(type)) return this.inputObject(type, at, hostility, inline, depth);
    if (isEnumType(type)) return this.enumValue(type, hostility);
    const hostile = hostility > 0 && r.chance(hostility);
    return this.scalar(type.name, at, hostile);
  }

  private list(itemType: GraphQLInputType, at: { field: string; name: string }, hostility: number, inline: boolean, depth: number): unknown[] {
    const r = this.random;
    const hostile = hostility > 0 && r.chance(hostility);
    const plausibleLength = at.name === 'nips' || at.name === 'ids' ? 1 + r.int(3) : 1 + r.int(2);
    const length = hostile ? r.pick([0, 1, 10, 1_001, 10_000]) : depth > 1 ? 1 : plausibleLength;
    if (length <= 10) return Array.from({ length }, () => this.value(itemType, at, hostility, inline, depth + 1));
    // A long list repeats one item; it must still fit the request body (else it is only a 413).
    const item = this.value(itemType, at, hostility / 4, inline, depth + 1);
    const itemChars = Math.max(1, JSON.stringify(item ?? null).length + 1);
    return Array.from({ length: Math.max(2, Math.min(length, Math.floor((inline ? 18_000 : MAX_BODY_CHARS) / itemChars))) }, () => item);
  }

  private inputObject(type: GraphQLInputObjectType, at: { field: string; name: string }, hostility: number, inline: boolean, depth: number) {
    const r = this.random;
    const result: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      if (!required && r.chance(0.4)) continue;
      if (required && hostility > 0 && r.chance(hostility * 0.05)) continue;
      const value = this.value(field.type, { field: at.field, name: field.name }, hostility, inline, depth + 1);
      if (value !== undefined) result[field.name] = value;
    }
    if (hostility > 0 && r.chance(hostility * 0.05)) result.zzExtra = 'extra';
    return result;
  }

  private enumValue(type: GraphQLEnumType, hostility: number): unknown {
    const r = this.random;
    if (hostility > 0 && r.chance(hostility * 0.5)) return r.pick(['NOPE', 'published', 'ADMIN ', '', 'DROP']);
    return r.pick(type.getValues()).name;
  }

  private wrongType(type: GraphQLInputType, inline: boolean): unknown {
    const r = this.random;
    const named = getNamedType(type) as GraphQLNamedType;
    const choices: unknown[] = ['12', 1.5, true, {}, [1, 2], 'x'.repeat(30), -7, 2 ** 31, 1e308, nested(40)];
    if (isListType(type)) choices.push({ a: 1 }, 'one');
    if (isInputObjectType(named)) choices.push('an object?', [{}]);
    if (inline) choices.push(Infinity, -Infinity);
    return r.pick(choices);
  }

  private scalar(typeName: string, at: { field: string; name: string }, hostile: boolean): unknown {
    const r = this.random;
    switch (typeName) {
      case 'Int':
        return hostile ? r.pick(INT_BOUNDARIES) : this.plausibleInt(at.name);
      case 'Float':
        return hostile ? r.pick(FLOAT_BOUNDARIES) : this.plausibleFloat(at.name);
      case 'Boolean':
        return r.chance(0.5);
      case 'DateTime':
        return hostile ? r.pick(DATE_BOUNDARIES) : new Date(Date.now() + (r.int(120) - 30) * 86_400_000 + r.int(86_400_000)).toISOString();
      case 'ID':
        return hostile ? r.pick([...ID_BOUNDARIES, ...HOSTILE_STRINGS.slice(0, 12), r.uuid(), 12345]) : this.plausibleId(at);
      default:
        return hostile ? r.pick([...STRING_BOUNDARIES, ...HOSTILE_STRINGS]) : this.plausibleString(at);
    }
  }

  private known(name: string): unknown[] | undefined {
    const values = this.pools.values[name];
    return values?.length ? values : undefined;
  }

  private plausibleInt(name: string): number {
    const r = this.random;
    const known = this.known(name);
    if (known) return r.pick(known) as number;
    if (name === 'first') return r.pick([1, 5, 20, 50]);
    if (name === 'year') return 2024 + r.int(4);
    if (name === 'position') return r.int(4);
    if (name === 'score') return 1 + r.int(5);
    if (name === 'capacity' || name === 'waitlistLimit') return 1 + r.int(50);
    if (/seconds/i.test(name)) return 60 + r.int(3600);
    if (/bytes/i.test(name)) return 1_000 + r.int(10_000_000);
    return r.int(100);
  }

  private plausibleFloat(name: string): number {
    const r = this.random;
    if (name === 'size') return 1 + r.int(5_000_000);
    if (name === 'jp' || name === 'jpOverride') return 1 + r.int(40);
    if (name === 'passMark') return r.int(101);
    return r.int(100) + (r.chance(0.3) ? 0.5 : 0);
  }

  private plausibleId(at: { field: string; name: string }): unknown {
    const r = this.random;
    const pool = this.idPool(at);
    if (pool.length && r.chance(0.85)) return r.pick(pool);
    return r.chance(0.7) ? r.uuid() : r.pick(['bukan-id', '123', 'abc']);
  }

  /** `courseId` is a course; `id` is what the field is named after (`removeCohortSession` → cohortSession). */
  private idPool(at: { field: string; name: string }): string[] {
    const { ids } = this.pools;
    const named = at.name.endsWith('Ids') ? at.name.slice(0, -3) : at.name.endsWith('Id') ? at.name.slice(0, -2) : '';
    if (named && ids[named]) return ids[named];
    if (at.name === 'id' || at.name === 'ids') {
      const field = at.field.toLowerCase();
      const key = Object.keys(ids)
        .filter((k) => field.includes(k.toLowerCase()))
        .sort((a, b) => b.length - a.length)[0];
      if (key) return ids[key];
    }
    return Object.values(ids).flat();
  }

  private plausibleString(at: { field: string; name: string }): unknown {
    const r = this.random;
    const known = this.known(`${at.field}.${at.name}`) ?? this.known(at.name);
    if (known) return r.pick(known);
    const { marker } = this.pools;
    const name = at.name;
    if (name === 'after') return this.cursor();
    if (/email/i.test(name)) return `${marker}.${r.int(1000)}@sibolgakota.go.id`;
    if (/password/i.test(name)) return `sandi-${marker}-${r.int(1000)}`;
    if (/token/i.test(name)) return `${marker}.${r.int(1e9)}.tanda`;
    if (name === 'startsOn' || name === 'endsOn') return r.chance(0.8) ? new Date(Date.now() + (r.int(90) - 10) * 86_400_000).toISOString().slice(0, 10) : r.pick(DATE_STRINGS);
    if (name === 'timeZone') return r.pick(['Asia/Jakarta', 'Asia/Makassar', 'UTC', 'Mars/Olympus', '']);
    if (/url$/i.test(name)) return r.pick(['https://jdih.sibolgakota.go.id/peraturan', 'http://localhost:4000/x', 'bukan url']);
    if (name === 'contentType') return r.pick(['application/pdf', 'image/png', 'video/mp4', 'text/html', 'application/x-msdownload']);
    if (name === 'filename') return r.pick(['modul.pdf', 'sampul.png', '../x.pdf', 'a'.repeat(300)]);
    if (name === 'sha256') return r.chance(0.7) ? 'a'.repeat(64) : 'zz';
    if (name === 'nips' || name === 'nip') return Array.from({ length: 18 }, () => r.int(10)).join('');
    if (name === 'language') return r.pick(['id', 'en', 'xx']);
    if (name === 'code') return String(r.int(1_000_000)).padStart(6, '0');
    if (name === 'questionCode') return r.pick(['P1', 'P2', 'W1', 'Z9']);
    return `Uji ${marker} ${r.int(10_000)}`;
  }

  /**
   * Cursors as a client could forge them: base64url of a JSON array (MikroORM's form) holding
   * dates, ids, numbers, text with NUL or broken Unicode, objects, or not an array at all.
   */
  private cursor(): string {
    const r = this.random;
    const values = [new Date().toISOString(), '1899-01-01T00:00:00.000Z', r.uuid(), 'bukan-uuid', 42, 1e308, -1, 'nul\u0000', 'lone \uD800', '', true, { a: 1 }, [1], null];
    const content = r.chance(0.8) ? Array.from({ length: 1 + r.int(3) }, () => r.pick(values)) : r.pick([{ id: r.uuid() }, 'text', 12]);
    return r.chance(0.9) ? Buffer.from(JSON.stringify(content)).toString('base64url') : r.pick(['', 'YWJj', '%%%', '='.repeat(10)]);
  }

  /** Scalars of the result and, while shallow, one or two nested objects' scalars; nested arguments now and then. */
  selection(type: GraphQLOutputType, depth: number, fieldName: string, hostility: number): string {
    const r = this.random;
    const named = getNamedType(type);
    if (isLeafType(named)) return '';
    if (isUnionType(named)) {
      const parts = named.getTypes().map((member) => {
        const inner = this.selection(member, depth + 1, fieldName, hostility);
        return inner ? `... on ${member.name} ${inner}` : '';
      });
      return `{ __typename ${parts.join(' ')} }`;
    }
    if (!isObjectType(named) && !isInterfaceType(named)) return '';
    const fields = Object.values(named.getFields()).filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined));
    const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
    const objects = fields.filter((field) => !isLeafType(getNamedType(field.type)));
    const chosen = leaves.filter(() => r.chance(0.6)).slice(0, 8).map((field) => `${field.name}${this.nestedArguments(field, hostility)}`);
    if (depth < 3) {
      for (const field of objects.filter(() => r.chance(depth === 1 ? 0.5 : 0.25)).slice(0, 2)) {
        const inner = this.selection(field.type, depth + 1, field.name, hostility);
        if (inner) chosen.push(`${field.name}${this.nestedArguments(field, hostility)} ${inner}`);
      }
    }
    if (!chosen.length) chosen.push('__typename');
    return `{ ${chosen.join(' ')} }`;
  }

  /** Arguments of a nested field (all optional), written inline, for a third of the fields that take any. */
  private nestedArguments(field: GraphQLField<unknown, unknown>, hostility: number): string {
    if (!field.args.length || !this.random.chance(0.35)) return '';
    const args = field.args
      .filter(() => this.random.chance(0.7))
      .map((arg) => `${arg.name}: ${printLiteral(this.value(arg.type, { field: field.name, name: arg.name }, hostility, true), arg.type)}`);
    return args.length ? `(${args.join(', ')})` : '';
  }
}

/** Lists inside lists, deeper than any input of the schema. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

/** A value as a GraphQL literal: enum names bare, everything else as JSON would write it. */
export function printLiteral(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '0';
    if (!Number.isFinite(value)) return value > 0 ? '1e999' : '-1e999';
    return String(value);
  }
  if (typeof value === 'string') return isEnumType(named) && /^[_A-Za-z]\w*$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) {
    const itemType = isNonNullType(type) ? type.ofType : type;
    return `[${value.map((item) => printLiteral(item, isListType(itemType) ? (itemType.ofType as GraphQLInputType) : (itemType as GraphQLInputType))).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}: ${printLiteral(item, fields[key]?.type ?? named)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}
