import { submissionResolvers } from './submission.resolver';
import { Submission } from './submission.entity';
import { SubmissionFile } from './submission-file.entity';
import { createSubmissionLoaders } from './submission.loader';
import { defineModule } from '../../module';

export const submissionModule = defineModule({
  name: 'submission',
  entities: [Submission, SubmissionFile],
  resolvers: [...submissionResolvers],
  loaders: createSubmissionLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createSubmissionLoaders> {}
}
