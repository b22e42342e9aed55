import { registerEnumType } from 'type-graphql';

export enum Role {
  LEARNER = 'LEARNER',
  INSTRUCTOR = 'INSTRUCTOR',
  PARTNER = 'PARTNER',
  ADMIN = 'ADMIN',
  AGENCY_HEAD = 'AGENCY_HEAD',
}
registerEnumType(Role, {
  name: 'Role',
  valuesConfig: {
    AGENCY_HEAD: {
      description:
        'Head or HR officer of an agency (kepala perangkat daerah / pengelola kepegawaian): sees the JP reports of their own organization and its sub-agencies.',
    },
  },
});

/** Roles that may author a course (canAuthorCourse decides which course): one list, so content and file mutations refuse alike. */
export const COURSE_AUTHOR_ROLES = [Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN];
