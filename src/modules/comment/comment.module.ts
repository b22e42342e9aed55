import { commentResolvers } from './comment.resolver';
import { SubmissionComment } from './comment.entity';
import { createCommentLoaders } from './comment.loader';
import { defineModule } from '../../module';

export const commentModule = defineModule({
  name: 'comment',
  entities: [SubmissionComment],
  resolvers: [...commentResolvers],
  loaders: createCommentLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createCommentLoaders> {}
}
