import { registerEnumType } from 'type-graphql';

/** How a person's presence was recorded, at a seminar session or a classroom session alike. */
export enum AttendanceMethod {
  CODE = 'CODE',
}
registerEnumType(AttendanceMethod, { name: 'AttendanceMethod', description: 'CODE: the learner typed or scanned the session’s rotating code.' });
