import { graphql } from '../gql';

// The catalogue's search and filters, the seminars (registration, waitlist, check-in, calendar
// feeds) and the home screen's upcoming sessions. Checked against schema/schema.graphql by codegen.

/**
 * A page of the catalogue. `filter.search` is the server's full-text search with PostgreSQL's
 * `indonesian` configuration (stems: "melayani" finds "pelayanan"), so nothing is searched on the
 * device: a phone loads only the page it shows.
 */
export const CatalogueQuery = graphql(`
  query Catalogue($first: Int, $after: String, $filter: CourseFilter) {
    courses(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          title
          summary
          jp
          competency
          deliveryMode
          organization {
            id
            name
          }
          myEnrollment {
            status
          }
        }
      }
    }
  }
`);

/** The organisations a course may belong to: asked only when the filters are opened. */
export const CatalogueOrganizationsQuery = graphql(`
  query CatalogueOrganizations {
    organizations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const UpcomingSeminarsQuery = graphql(`
  query UpcomingSeminars($first: Int, $after: String) {
    seminars(first: $first, after: $after, filter: { upcoming: true, status: PUBLISHED }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          kind
          scope
          startsAt
          endsAt
          venue
          onlineUrl
          jp
          capacity
          seatsLeft
          waitlistCount
          registrationOpen
          organizer {
            id
            name
          }
          sessions {
            id
            timeZone
          }
          myRegistration {
            id
            status
            waitlistPosition
          }
        }
      }
    }
  }
`);

export const SeminarQuery = graphql(`
  query Seminar($id: ID!) {
    seminar(id: $id) {
      id
      title
      abstract
      kind
      scope
      status
      startsAt
      endsAt
      venue
      onlineUrl
      jp
      jpRule
      capacity
      waitlistLimit
      confirmedCount
      waitlistCount
      seatsLeft
      registrationOpen
      registrationClosesAt
      icsUrl
      organizer {
        id
        name
      }
      speakers {
        name
        affiliation
      }
      sessions {
        id
        position
        title
        startsAt
        endsAt
        timeZone
        venue
        onlineUrl
      }
      myRegistration {
        ...SeminarRegistrationFields
      }
    }
  }
`);

graphql(`
  fragment SeminarRegistrationFields on Registration {
    id
    status
    waitlistPosition
    attendances {
      id
      checkedInAt
      session {
        id
      }
    }
  }
`);

export const RegisterForSeminarMutation = graphql(`
  mutation RegisterForSeminar($seminarId: ID!) {
    registerForSeminar(seminarId: $seminarId) {
      ...SeminarRegistrationFields
    }
  }
`);

export const CancelRegistrationMutation = graphql(`
  mutation CancelRegistration($id: ID!) {
    cancelRegistration(id: $id) {
      ...SeminarRegistrationFields
    }
  }
`);

export const CheckInMutation = graphql(`
  mutation CheckIn($code: String!) {
    checkIn(code: $code) {
      id
      checkedInAt
      session {
        id
        position
        title
      }
      seminar {
        id
      }
      certificate {
        id
        number
      }
    }
  }
`);

export const RotateCalendarFeedMutation = graphql(`
  mutation RotateCalendarFeed {
    rotateCalendarFeedToken {
      url
      createdAt
    }
  }
`);

/** The home screen's next sessions: seminars one registered for and classroom sessions of one's cohorts. */
export const UpcomingScheduleQuery = graphql(`
  query UpcomingSchedule {
    mySchedule {
      kind
      sessionId
      title
      startsAt
      endsAt
      timeZone
      venue
      registrationStatus
      cancelled
      seminar {
        id
      }
      cohort {
        course {
          id
        }
      }
    }
  }
`);
