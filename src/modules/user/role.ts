import { registerEnumType } from 'type-graphql';

export enum Role {
  LEARNER = 'LEARNER',
  INSTRUCTOR = 'INSTRUCTOR',
  PARTNER = 'PARTNER',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role' });
