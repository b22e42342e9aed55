import { graphql } from '../gql';

// The signed-in person's own account (the account screen), and passwords.

/** What the API asks of a new password (MIN_PASSWORD_LENGTH on the server): checked before sending. */
export const MIN_PASSWORD_LENGTH = 10;

export const AccountQuery = graphql(`
  query Account {
    me {
      id
      name
      email
      nip
      position
      organization {
        id
        name
      }
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);
