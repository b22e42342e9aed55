import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Notification } from '../notification/notification.entity';
import { Seminar } from './seminar.entity';

/** The seminar side of a notification (cancelled seminar, seat from the waitlist); the inbox lives with notifications. */
@Resolver(() => Notification)
export class NotificationSeminarResolver {
  @FieldResolver(() => Seminar, { nullable: true, description: 'The seminar it is about (cancelled, or a seat from the waitlist), if any.' })
  seminar(@Root() notification: Notification, @Ctx() ctx: Context) {
    // The recipient registered for it: they keep seeing it, as through their registration.
    return notification.seminar ? ctx.loaders.seminarById.load(notification.seminar.id) : null;
  }
}
