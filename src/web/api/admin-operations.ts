import { graphql } from '../gql';

// The administrator's (BKPSDM) operations: course approval, enrolment, the agency JP report and
// partners' API keys. Checked against schema/schema.graphql by graphql-codegen like the rest.

export const CoursesInReviewQuery = graphql(`
  query CoursesInReview {
    courses(first: 100, filter: { status: IN_REVIEW }) {
      totalCount
      edges {
        node {
          id
          code
          title
          summary
          jp
          updatedAt
          organization {
            id
            name
          }
          instructors {
            id
            name
          }
        }
      }
    }
  }
`);

export const CourseUnderReviewQuery = graphql(`
  query CourseUnderReview($id: ID!) {
    course(id: $id) {
      id
      code
      title
      summary
      description
      competency
      deliveryMode
      jp
      tags
      status
      reviewNote
      updatedAt
      organization {
        id
        name
      }
      instructors {
        id
        name
      }
      modules {
        id
        position
        title
        summary
        estimatedMinutes
        prerequisite {
          id
          title
        }
        materials {
          id
          position
          title
          kind
          required
          estimatedMinutes
          status
          body
          url
          downloadUrl
        }
      }
    }
  }
`);

export const PublishCourseMutation = graphql(`
  mutation PublishCourse($id: ID!) {
    publishCourse(id: $id) {
      id
      status
      publishedAt
    }
  }
`);

export const ReturnCourseToDraftMutation = graphql(`
  mutation ReturnCourseToDraft($id: ID!, $reason: String!) {
    returnCourseToDraft(id: $id, reason: $reason) {
      id
      status
      reviewNote
    }
  }
`);

export const PublishedCoursesQuery = graphql(`
  query PublishedCourses {
    courses(first: 100, filter: { status: PUBLISHED }) {
      totalCount
      edges {
        node {
          id
          code
          title
        }
      }
    }
  }
`);

export const CourseCohortsQuery = graphql(`
  query CourseCohorts($courseId: ID!) {
    course(id: $courseId) {
      id
      cohorts {
        id
        name
        startsOn
        endsOn
        capacity
        seatsLeft
        enrollmentOpen
        course {
          id
          title
        }
      }
    }
  }
`);

export const CreateCohortMutation = graphql(`
  mutation CreateCohort($courseId: ID!, $input: CohortInput!) {
    createCohort(courseId: $courseId, input: $input) {
      id
      name
      startsOn
      endsOn
      capacity
      seatsLeft
      course {
        id
        title
      }
    }
  }
`);

graphql(`
  fragment EnrollResultFields on EnrollLearnersResult {
    enrolled
    alreadyEnrolled
    unknownNip
    invalidNip
    cohortFull
    entries {
      nip
      outcome
      user {
        id
        name
      }
    }
  }
`);

export const EnrollLearnersMutation = graphql(`
  mutation EnrollLearners($cohortId: ID!, $nips: [String!]!) {
    enrollLearners(cohortId: $cohortId, nips: $nips) {
      ...EnrollResultFields
    }
  }
`);

export const EnrollAgencyMutation = graphql(`
  mutation EnrollAgency($cohortId: ID!, $organizationId: ID!) {
    enrollAgency(cohortId: $cohortId, organizationId: $organizationId) {
      ...EnrollResultFields
    }
  }
`);

export const OrganizationsQuery = graphql(`
  query Organizations($kind: OrganizationKind) {
    organizations(first: 100, kind: $kind) {
      totalCount
      edges {
        node {
          id
          name
          kind
          parent {
            id
            name
          }
        }
      }
    }
  }
`);

export const AgencyJpReportQuery = graphql(`
  query AgencyJpReport($organizationId: ID!, $year: Int) {
    agencyJpReport(organizationId: $organizationId, year: $year) {
      year
      target
      asnCount
      meetingTargetCount
      meetingTargetPercent
      averageJp
      totalJp
      organization {
        id
        name
      }
      learners(first: 100) {
        totalCount
        edges {
          node {
            jp
            meetsTarget
            shortfall
            user {
              id
              name
              nip
              organization {
                id
                name
              }
            }
          }
        }
      }
      topCourses(limit: 5) {
        completions
        jp
        course {
          id
          title
        }
      }
    }
  }
`);

graphql(`
  fragment JpExportFields on JpExport {
    id
    year
    status
    rowCount
    byteSize
    error
    filename
    downloadUrl
  }
`);

export const RequestJpExportMutation = graphql(`
  mutation RequestJpExport($organizationId: ID!, $year: Int) {
    requestJpExport(organizationId: $organizationId, year: $year) {
      ...JpExportFields
    }
  }
`);

export const JpExportQuery = graphql(`
  query JpExport($id: ID!) {
    jpExport(id: $id) {
      ...JpExportFields
    }
  }
`);

export const CreateOrganizationMutation = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      id
      name
      kind
    }
  }
`);

export const ApiKeysQuery = graphql(`
  query ApiKeys($organizationId: ID!) {
    apiKeys(first: 100, organizationId: $organizationId) {
      totalCount
      edges {
        node {
          id
          name
          prefix
          createdAt
          lastUsedAt
          revokedAt
        }
      }
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($organizationId: ID!, $name: String!) {
    createApiKey(organizationId: $organizationId, name: $name) {
      secret
      apiKey {
        id
        name
        prefix
      }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

/** People found by name, email or NIP, for an administrator who helps one of them. */
export const AdminPeopleQuery = graphql(`
  query AdminPeople($search: String!) {
    users(first: 20, filter: { search: $search }) {
      totalCount
      edges {
        node {
          id
          name
          email
          nip
          active
          organization {
            id
            name
          }
        }
      }
    }
  }
`);

export const AdminResetPasswordMutation = graphql(`
  mutation AdminResetPassword($userId: ID!, $input: ResetPasswordInput!) {
    resetPassword(userId: $userId, input: $input)
  }
`);
