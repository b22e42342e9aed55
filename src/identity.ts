import type { EntityManager } from '@mikro-orm/postgresql';
import { registerEnumType } from 'type-graphql';

/**
 * Who is calling, and as what: the kernel (context, the schema's auth checker) and every module's
 * policy read it, so it lives below them all. Authenticating a request (which needs the user and
 * API-key tables) stays in auth/, which the assembly hands to createContext.
 */
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

export type Caller =
  | { kind: 'user'; userId: string; organizationId: string; roles: Role[]; sessionId: string }
  | { kind: 'apiKey'; apiKeyId: string; organizationId: string; roles: Role[] };

/** A person, signed in with a session (not a partner system's API key). */
export function isPerson(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}

/**
 * Ends a person's sessions, all of them or all but one, in the caller's transaction. auth/ owns
 * sessions and user/ (below it) needs this on deactivation and password change: the assembly
 * hands auth's implementation to AppServices, so user/ need not import auth/.
 */
export type RevokeSessions = (
  em: EntityManager,
  userId: string,
  /** `loginAttemptsOf`: the account's email, whose failed login attempts are forgotten too (an admin's password reset: the person may log in at once). */
  options?: { except?: string; loginAttemptsOf?: string },
) => Promise<void>;

/** Roles that may author a course (canAuthorCourse decides which course): one list, so content and file mutations refuse alike. */
export const COURSE_AUTHOR_ROLES = [Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN];
