import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { forbidden, notFound } from '../../errors';
import { type ConnectionShape, findConnection } from '../../graphql/connection';
import { findById, isUuid } from '../../graphql/loaders';
import { Notification } from './notification.entity';
import type { MarkNotificationsReadArgs, NotificationsArgs } from './notification.inputs';
import { hasInbox } from './notification.policy';

/** The read side of notifications: always the signed-in person's own, never anyone else's. */

function inboxOwner(ctx: Context): string {
  if (!hasInbox(ctx.caller)) throw forbidden('Notifications are for signed-in people; API keys have none');
  return ctx.caller.userId;
}

export function myNotifications(ctx: Context, args: NotificationsArgs): Promise<ConnectionShape<Notification>> {
  const recipient = inboxOwner(ctx);
  const where: FilterQuery<Notification> = args.unreadOnly ? { recipient, readAt: null } : { recipient };
  return findConnection(ctx.em, Notification, where, args, { createdAt: 'desc', id: 'desc' });
}

/** Answered from the partial index on unread rows. */
export function unreadCount(ctx: Context): Promise<number> {
  return ctx.em.count(Notification, { recipient: inboxOwner(ctx), readAt: null });
}

/**
 * Marks the caller's unread notifications among `ids` (all of them when `ids` is omitted) as
 * read, in one statement. Ids of other people's notifications, unknown or already read ones are
 * passed over, so repeating the call is harmless; the answer is how many changed.
 */
export async function markRead(ctx: Context, args: MarkNotificationsReadArgs): Promise<number> {
  const recipient = inboxOwner(ctx);
  const where: FilterQuery<Notification> = { recipient, readAt: null };
  if (args.ids !== undefined && args.ids !== null) {
    const ids = [...new Set(args.ids.filter(isUuid))];
    if (!ids.length) return 0;
    where.id = { $in: ids };
  }
  const now = new Date();
  return ctx.em.nativeUpdate(Notification, where, { readAt: now, updatedAt: now });
}

/** One of the caller's notifications, read from now on; someone else's is NOT_FOUND, as if it did not exist. */
export async function markOneRead(ctx: Context, id: string): Promise<Notification> {
  const recipient = inboxOwner(ctx);
  const notification = await findById(ctx.em, Notification, id);
  if (!notification || notification.recipient.id !== recipient) throw notFound('Notification');
  if (!notification.readAt) {
    notification.readAt = new Date();
    await ctx.em.flush();
  }
  return notification;
}
