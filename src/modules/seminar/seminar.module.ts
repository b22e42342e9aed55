import { seminarResolvers } from './seminar.resolver';
import { Seminar, SeminarSession } from './seminar.entity';
import { SeminarRegistration } from './seminar-registration.entity';
import { SeminarMaterial } from './seminar-material.entity';
import { createSeminarLoaders } from './seminar.loader';
import { defineModule } from '../../module';

export const seminarModule = defineModule({
  name: 'seminar',
  entities: [Seminar, SeminarSession, SeminarRegistration, SeminarMaterial],
  resolvers: [...seminarResolvers],
  loaders: createSeminarLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createSeminarLoaders> {}
}
