import { evaluationResolvers } from './evaluation.resolver';
import { CourseEvaluation, EvaluationAnswer } from './evaluation.entity';
import { createEvaluationLoaders } from './evaluation.loader';
import { defineModule } from '../../module';

export const evaluationModule = defineModule({
  name: 'evaluation',
  entities: [CourseEvaluation, EvaluationAnswer],
  resolvers: [...evaluationResolvers],
  loaders: createEvaluationLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createEvaluationLoaders> {}
}
