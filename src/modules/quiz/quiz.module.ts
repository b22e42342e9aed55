import { quizResolvers } from './quiz.resolver';
import { Quiz, QuizQuestion, QuizAttempt } from './quiz.entity';
import { createQuizLoaders } from './quiz.loader';
import { defineModule } from '../../module';

export const quizModule = defineModule({
  name: 'quiz',
  entities: [Quiz, QuizQuestion, QuizAttempt],
  resolvers: [...quizResolvers],
  loaders: createQuizLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createQuizLoaders> {}
}
