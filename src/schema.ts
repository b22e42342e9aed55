import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from './graphql/input-guard';
import { resolvePlainFieldsByDefault } from './graphql/plain-fields';
import { type AuthChecker, buildSchema } from 'type-graphql';
import type { Context } from './context';
import { forbidden, unauthenticated } from './errors';
import type { Role } from './identity';

/** Role permissions; ownership rules live in each module's policy and are checked by services. */
const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const caller = context.caller;
  if (!caller) throw unauthenticated();
  if (roles.length > 0 && !roles.some((role) => caller.roles.includes(role))) {
    throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  }
  return true;
};

type ResolverClasses = Parameters<typeof buildSchema>[0]['resolvers'];

/**
 * The schema of the resolvers the assembly collected from the modules' manifests. type-graphql
 * orders fields as their decorators ran, i.e. as the resolver files were first loaded: the
 * assembly's manifest order is what keeps schema/schema.graphql stable.
 */
export async function buildPelitaSchema(resolvers: readonly (new (...args: never[]) => object)[]): Promise<GraphQLSchema> {
  if (!resolvers.length) throw new Error('buildPelitaSchema needs at least one resolver');
  const schema = await buildSchema({
    resolvers: resolvers as unknown as ResolverClasses,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  resolvePlainFieldsByDefault(schema);
  return schema;
}
