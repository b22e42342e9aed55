import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Enrollment } from '../enrollment/enrollment.entity';
import { User } from '../user/user.entity';
import { CoachingNote } from './coaching-note.entity';
import * as coaching from './coaching.service';

@Resolver(() => CoachingNote)
export class CoachingNoteResolver {
  @Authorized()
  @Mutation(() => CoachingNote, {
    description:
      'Feedback on a learner’s overall progress (Markdown, 1–10,000 characters), by the course’s authors, admins or the instructors of the learner’s cohort. The learner is notified.',
  })
  addCoachingNote(@Ctx() ctx: Context, @Arg('enrollmentId', () => ID) enrollmentId: string, @Arg('body', () => String) body: string) {
    return coaching.addCoachingNote(ctx, enrollmentId, body);
  }

  @Authorized()
  @Mutation(() => CoachingNote, { description: 'Its author only.' })
  editCoachingNote(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('body', () => String) body: string) {
    return coaching.editCoachingNote(ctx, id, body);
  }

  @FieldResolver(() => User)
  author(@Root() note: CoachingNote, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(note.author.id);
  }

  @FieldResolver(() => Enrollment)
  enrollment(@Root() note: CoachingNote, @Ctx() ctx: Context) {
    return ctx.loaders.enrollmentById.load(note.enrollment.id);
  }
}

@Resolver(() => Enrollment)
export class EnrollmentCoachingResolver {
  @FieldResolver(() => [CoachingNote], { description: 'Oldest first; for the learner and the course’s staff (others: FORBIDDEN).' })
  coachingNotes(@Root() enrollment: Enrollment, @Ctx() ctx: Context) {
    return coaching.coachingNotesOf(ctx, enrollment);
  }
}

export const coachingResolvers = [CoachingNoteResolver, EnrollmentCoachingResolver] as const;
