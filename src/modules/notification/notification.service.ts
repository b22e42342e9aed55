import type { Context } from '../../context';
import { Notification, type NotificationKind } from './notification.entity';

export interface NotificationMessage {
  kind: NotificationKind;
  /** One line, in Bahasa Indonesia: shown as it is. */
  title: string;
  body?: string;
  submissionId?: string;
  enrollmentId?: string;
  courseId?: string;
  seminarId?: string;
}

/**
 * Writes in-app notifications in the caller's transaction (`tx`), so a notification exists
 * exactly when what it reports was committed. The actor never notifies themself.
 */
export async function notify(tx: Context, recipientIds: string[], message: NotificationMessage, actorId?: string): Promise<void> {
  const recipients = [...new Set(recipientIds)].filter((id) => id !== actorId);
  if (!recipients.length) return;
  for (const recipient of recipients) {
    tx.em.create(Notification, {
      recipient,
      kind: message.kind,
      title: message.title,
      body: message.body,
      submission: message.submissionId,
      enrollment: message.enrollmentId,
      course: message.courseId,
      seminar: message.seminarId,
    });
  }
  await tx.em.flush();
}
