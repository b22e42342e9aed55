import { attendanceResolvers } from './attendance.resolver';
import { AttendanceKey, Attendance } from './attendance.entity';
import { createAttendanceLoaders } from './attendance.loader';
import { defineModule } from '../../module';

export const attendanceModule = defineModule({
  name: 'attendance',
  entities: [AttendanceKey, Attendance],
  resolvers: [...attendanceResolvers],
  loaders: createAttendanceLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createAttendanceLoaders> {}
}
