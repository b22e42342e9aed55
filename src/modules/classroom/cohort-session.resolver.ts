import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Cohort } from '../cohort/cohort.entity';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { checkInToClassroom } from './classroom-attendance.service';
import { CohortSession, CohortSessionAttendance } from './cohort-session.entity';
import { CohortSessionInput } from './cohort-session.inputs';
import { addCohortSession, removeCohortSession } from './cohort-session.service';

const AUTHORS = [Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN];

@Resolver(() => CohortSession)
export class CohortSessionResolver {
  @Authorized(...AUTHORS)
  @Mutation(() => CohortSession, {
    description: 'Adds a classroom session to a cohort (the course’s authors and admins); its instructor must teach the cohort.',
  })
  addCohortSession(@Ctx() ctx: Context, @Arg('cohortId', () => ID) cohortId: string, @Arg('input', () => CohortSessionInput) input: CohortSessionInput) {
    return addCohortSession(ctx, cohortId, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => Boolean, { description: 'Removes a classroom session; CONFLICT once anyone checked in to it.' })
  removeCohortSession(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return removeCohortSession(ctx, id);
  }

  @Authorized()
  @Mutation(() => CohortSessionAttendance, {
    description:
      'Checks the signed-in learner in to a classroom session of their cohort with the code shown there; same rules as checkIn ' +
      '(window, shared rate limit, CONFLICT when already checked in). FORBIDDEN without an ACTIVE enrollment in the cohort. ' +
      'May complete the course when it requires classroom attendance.',
  })
  checkInToClassroom(@Ctx() ctx: Context, @Arg('code', () => String) code: string) {
    return checkInToClassroom(ctx, code);
  }

  @FieldResolver(() => User)
  instructor(@Root() session: CohortSession, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(session.instructor.id);
  }

  @FieldResolver(() => Cohort)
  cohort(@Root() session: CohortSession, @Ctx() ctx: Context) {
    return ctx.loaders.cohortById.load(session.cohort.id);
  }
}

@Resolver(() => CohortSessionAttendance)
export class CohortSessionAttendanceResolver {
  @FieldResolver(() => CohortSession)
  session(@Root() attendance: CohortSessionAttendance, @Ctx() ctx: Context) {
    return ctx.loaders.cohortSessionById.load(attendance.session.id);
  }
}

@Resolver(() => Cohort)
export class CohortSessionsResolver {
  @FieldResolver(() => [CohortSession], { description: 'Classroom sessions, earliest first.' })
  sessions(@Root() cohort: Cohort, @Ctx() ctx: Context) {
    return ctx.loaders.sessionsByCohort.load(cohort.id);
  }
}

export const classroomResolvers = [CohortSessionResolver, CohortSessionAttendanceResolver, CohortSessionsResolver] as const;
