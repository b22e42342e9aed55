import { graphql } from 'graphql';
import { Authorized, buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { resolvers } from '../../src/app-modules';
import { resolvePlainFieldsByDefault } from '../../src/graphql/plain-fields';
import { buildPelitaSchema } from '../../src/schema';

@ObjectType()
class PlainFieldsProbe {
  @Field(() => String)
  title = 'Pelayanan Publik';

  @Authorized('ADMIN')
  @Field(() => String)
  secret = 'rahasia';

  @Authorized()
  @Field(() => String)
  signedInOnly = 'hanya yang masuk';
}

@Resolver()
class PlainFieldsProbeResolver {
  @Query(() => PlainFieldsProbe)
  probe() {
    return new PlainFieldsProbe();
  }
}

/** Plain property fields resolve as graphql-js's default would; checked fields keep their checks. */
describe('plain fields resolve by default', () => {
  async function schemaFor(roles: string[] | undefined) {
    const schema = await buildSchema({
      resolvers: [PlainFieldsProbeResolver],
      authChecker: ({ context }, wanted) => {
        const caller = (context as { roles?: string[] }).roles;
        return caller !== undefined && (wanted.length === 0 || wanted.some((role) => caller.includes(role)));
      },
      authMode: 'error',
    });
    const simplified = resolvePlainFieldsByDefault(schema);
    return { schema, simplified, contextValue: { roles } };
  }

  it('drops the wrapper of a plain field only', async () => {
    const { schema, simplified } = await schemaFor(undefined);
    const fields = (schema.getType('PlainFieldsProbe') as import('graphql').GraphQLObjectType).getFields();
    expect(simplified).toBeGreaterThanOrEqual(1);
    expect(fields.title.resolve).toBeUndefined();
    expect(fields.secret.resolve).toBeDefined();
    expect(fields.signedInOnly.resolve).toBeDefined();
  });

  it('still refuses an @Authorized field, with roles or without', async () => {
    const anonymous = await schemaFor(undefined);
    const answer = await graphql({ ...anonymous, source: '{ probe { title signedInOnly } }' });
    expect(answer.errors?.length).toBe(1);
    const learner = await schemaFor(['LEARNER']);
    const learnerAnswer = await graphql({ ...learner, source: '{ probe { title signedInOnly secret } }' });
    expect(learnerAnswer.errors?.map((error) => error.path?.join('.'))).toEqual(['probe.secret']);
    const admin = await schemaFor(['ADMIN']);
    const adminAnswer = await graphql({ ...admin, source: '{ probe { title signedInOnly secret } }' });
    expect(adminAnswer).toEqual({ data: { probe: { title: 'Pelayanan Publik', signedInOnly: 'hanya yang masuk', secret: 'rahasia' } } });
  });
});

/** Pelita's own schema: the catalogue's plain fields, inherited ones included, use the default resolver. */
describe("Pelita's schema", () => {
  it('resolves plain entity fields by default, including the id every entity inherits', async () => {
    const schema = await buildPelitaSchema(resolvers);
    const fields = (name: string) => (schema.getType(name) as import('graphql').GraphQLObjectType).getFields();
    for (const [type, name] of [
      ['Material', 'id'],
      ['Material', 'title'],
      ['Material', 'createdAt'],
      ['Module', 'id'],
      ['Module', 'position'],
      ['Course', 'id'],
      ['Course', 'title'],
    ]) {
      expect([type, name, fields(type)[name].resolve]).toEqual([type, name, undefined]);
    }
    // A field with its own resolver keeps it.
    expect(fields('Material').myProgress.resolve).toBeDefined();
  });
});
