import { graphql } from '../gql';

// The signed-in person's notifications (the notifications screen).

export const NotificationsQuery = graphql(`
  query Notifications($after: String) {
    notifications(first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          title
          body
          createdAt
          read
          submissionId
          course {
            id
          }
          seminar {
            id
          }
        }
      }
    }
  }
`);

export const MarkNotificationReadMutation = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      read
    }
  }
`);

export const MarkAllNotificationsReadMutation = graphql(`
  mutation MarkAllNotificationsRead {
    markNotificationsRead
  }
`);
