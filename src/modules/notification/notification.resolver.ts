import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Connection } from '../../graphql/connection';
import { Course } from '../course/course.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { Notification } from './notification.entity';
import { MarkNotificationsReadArgs, NotificationsArgs } from './notification.inputs';
import * as inbox from './notification-inbox.service';

const NotificationConnection = Connection('Notification', Notification);
const PEOPLE_ONLY = 'API keys get FORBIDDEN: partner systems have no notifications.';

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized()
  @Query(() => NotificationConnection, { description: `The signed-in person's notifications, newest first. ${PEOPLE_ONLY}` })
  notifications(@Ctx() ctx: Context, @Args(() => NotificationsArgs) args: NotificationsArgs) {
    return inbox.myNotifications(ctx, args);
  }

  @Authorized()
  @Query(() => Int, { description: `How many of the signed-in person's notifications are unread. ${PEOPLE_ONLY}` })
  unreadNotificationCount(@Ctx() ctx: Context) {
    return inbox.unreadCount(ctx);
  }

  @Authorized()
  @Mutation(() => Int, {
    description:
      "Marks the caller's notifications with these ids as read (all of the caller's when ids is omitted) and answers how many changed. " +
      `Only the caller's own unread notifications change: other ids are passed over, so it is safe to repeat. ${PEOPLE_ONLY}`,
  })
  markNotificationsRead(@Ctx() ctx: Context, @Args(() => MarkNotificationsReadArgs) args: MarkNotificationsReadArgs) {
    return inbox.markRead(ctx, args);
  }

  @Authorized()
  @Mutation(() => Notification, { description: `Marks one of the caller's notifications as read; someone else's is NOT_FOUND. ${PEOPLE_ONLY}` })
  markNotificationRead(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return inbox.markOneRead(ctx, id);
  }

  @FieldResolver(() => Boolean)
  read(@Root() notification: Notification) {
    return Boolean(notification.readAt);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The submission it is about, if any.' })
  submissionId(@Root() notification: Notification) {
    return notification.submission?.id ?? null;
  }

  @FieldResolver(() => Course, { nullable: true })
  course(@Root() notification: Notification, @Ctx() ctx: Context) {
    return notification.course ? ctx.loaders.courseById.load(notification.course.id) : null;
  }

  @FieldResolver(() => Enrollment, { nullable: true, description: 'The enrollment it is about (a coaching note), if any.' })
  enrollment(@Root() notification: Notification, @Ctx() ctx: Context) {
    return notification.enrollment ? ctx.loaders.enrollmentById.load(notification.enrollment.id) : null;
  }
}

export const notificationResolvers = [NotificationResolver] as const;
