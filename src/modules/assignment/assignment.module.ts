import { assignmentResolvers } from './assignment.resolver';
import { Assignment } from './assignment.entity';
import { createAssignmentLoaders } from './assignment.loader';
import { defineModule } from '../../module';

export const assignmentModule = defineModule({
  name: 'assignment',
  entities: [Assignment],
  resolvers: [...assignmentResolvers],
  loaders: createAssignmentLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createAssignmentLoaders> {}
}
