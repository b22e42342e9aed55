import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Submission } from '../submission/submission.entity';
import { User } from '../user/user.entity';
import { SubmissionComment } from './comment.entity';
import { EDIT_WINDOW_MS } from './comment.rules';
import * as comments from './comment.service';

const WINDOW_MINUTES = EDIT_WINDOW_MS / 60_000;

@Resolver(() => SubmissionComment)
export class CommentResolver {
  @Authorized()
  @Mutation(() => SubmissionComment, {
    description:
      'Adds to a submission’s thread (Markdown, 1–10,000 characters); for its learner and the staff of the work. Staff comments notify the learner; the learner’s notify the staff in the conversation (else the cohort’s instructors).',
  })
  commentOnSubmission(@Ctx() ctx: Context, @Arg('submissionId', () => ID) submissionId: string, @Arg('body', () => String) body: string) {
    return comments.commentOnSubmission(ctx, submissionId, body);
  }

  @Authorized()
  @Mutation(() => SubmissionComment, {
    description: `Its author only (others: FORBIDDEN), within ${WINDOW_MINUTES} minutes of writing it (later: CONFLICT on id).`,
  })
  editComment(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('body', () => String) body: string) {
    return comments.editComment(ctx, id, body);
  }

  @FieldResolver(() => User)
  author(@Root() comment: SubmissionComment, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(comment.author.id);
  }

  @FieldResolver(() => Boolean, { description: `Whether the caller may still edit it: their own, within ${WINDOW_MINUTES} minutes.` })
  editable(@Root() comment: SubmissionComment, @Ctx() ctx: Context) {
    return comments.isEditable(ctx, comment);
  }
}

@Resolver(() => Submission)
export class SubmissionCommentsResolver {
  @FieldResolver(() => [SubmissionComment], { description: 'The thread, oldest first; for the learner and the staff of the work.' })
  comments(@Root() submission: Submission, @Ctx() ctx: Context) {
    return comments.commentsOf(ctx, submission);
  }
}

export const commentResolvers = [CommentResolver, SubmissionCommentsResolver] as const;
