import { graphql } from '../gql';

// The signed-in person's own account (the account screen).

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
