import { graphql } from '../gql';

// The instructor's area (/teach): their courses, authoring, and material uploads. Checked against
// schema/schema.graphql by graphql-codegen like every other operation of the app.

export const TeachCoursesQuery = graphql(`
  query TeachCourses {
    viewer {
      user {
        id
      }
    }
    courses(first: 100) {
      edges {
        node {
          id
          code
          title
          status
          updatedAt
          reviewNote
          instructors {
            id
          }
          modules {
            id
          }
        }
      }
    }
  }
`);

graphql(`
  fragment TeachMaterialFields on Material {
    id
    position
    title
    kind
    required
    estimatedMinutes
    body
    url
    status
    currentVersion {
      version
      filename
      contentType
      size
      sha256
    }
  }
`);

export const TeachCourseQuery = graphql(`
  query TeachCourse($id: ID!) {
    course(id: $id) {
      id
      code
      title
      summary
      description
      competency
      jp
      deliveryMode
      status
      reviewNote
      modules {
        id
        position
        title
        summary
        estimatedMinutes
        prerequisite {
          id
        }
        materials {
          ...TeachMaterialFields
        }
      }
    }
  }
`);

export const TeachCreateCourseMutation = graphql(`
  mutation TeachCreateCourse($input: CreateCourseInput!) {
    createCourse(input: $input) {
      id
    }
  }
`);

export const TeachUpdateCourseMutation = graphql(`
  mutation TeachUpdateCourse($id: ID!, $input: UpdateCourseInput!) {
    updateCourse(id: $id, input: $input) {
      id
    }
  }
`);

export const TeachSubmitCourseForReviewMutation = graphql(`
  mutation TeachSubmitCourseForReview($id: ID!) {
    submitCourseForReview(id: $id) {
      id
      status
    }
  }
`);

export const TeachAddModuleMutation = graphql(`
  mutation TeachAddModule($courseId: ID!, $input: ModuleInput!) {
    addModule(courseId: $courseId, input: $input) {
      id
    }
  }
`);

export const TeachUpdateModuleMutation = graphql(`
  mutation TeachUpdateModule($id: ID!, $input: ModuleInput!) {
    updateModule(id: $id, input: $input) {
      id
    }
  }
`);

export const TeachMoveModuleMutation = graphql(`
  mutation TeachMoveModule($id: ID!, $position: Int!) {
    moveModule(id: $id, position: $position) {
      id
      position
    }
  }
`);

export const TeachRemoveModuleMutation = graphql(`
  mutation TeachRemoveModule($id: ID!) {
    removeModule(id: $id)
  }
`);

export const TeachAddMaterialMutation = graphql(`
  mutation TeachAddMaterial($moduleId: ID!, $input: MaterialInput!) {
    addMaterial(moduleId: $moduleId, input: $input) {
      id
    }
  }
`);

export const TeachUpdateMaterialMutation = graphql(`
  mutation TeachUpdateMaterial($id: ID!, $input: MaterialInput!) {
    updateMaterial(id: $id, input: $input) {
      id
    }
  }
`);

export const TeachMoveMaterialMutation = graphql(`
  mutation TeachMoveMaterial($id: ID!, $position: Int!) {
    moveMaterial(id: $id, position: $position) {
      id
      position
    }
  }
`);

export const TeachRemoveMaterialMutation = graphql(`
  mutation TeachRemoveMaterial($id: ID!) {
    removeMaterial(id: $id)
  }
`);

/** A course's cohorts for its staff, with the way to each one's progress. */
export const TeachCourseCohortsQuery = graphql(`
  query TeachCourseCohorts($id: ID!) {
    course(id: $id) {
      id
      cohorts {
        id
        name
        startsOn
        endsOn
        enrolledCount
      }
    }
  }
`);

export const TeachRequestMaterialUploadMutation = graphql(`
  mutation TeachRequestMaterialUpload($materialId: ID!, $file: FileInput!) {
    requestMaterialUpload(materialId: $materialId, file: $file) {
      uploadId
      url
      method
      headers {
        name
        value
      }
      expiresAt
      multipart
      partSize
      partCount
      parts {
        partNumber
        url
      }
    }
  }
`);

export const TeachCompleteMaterialUploadMutation = graphql(`
  mutation TeachCompleteMaterialUpload($materialId: ID!, $uploadId: ID!) {
    completeMaterialUpload(materialId: $materialId, uploadId: $uploadId) {
      ...TeachMaterialFields
    }
  }
`);

export const TeachReviewQueueQuery = graphql(`
  query TeachReviewQueue($first: Int!, $after: String) {
    reviewQueue(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          number
          late
          submittedAt
          waitingSeconds
          learner {
            id
            name
          }
          material {
            id
            title
          }
          course {
            id
            title
          }
          cohort {
            id
            name
          }
        }
      }
    }
  }
`);

export const TeachSubmissionQuery = graphql(`
  query TeachSubmission($id: ID!) {
    submission(id: $id) {
      id
      number
      text
      status
      late
      submittedAt
      waitingSeconds
      learner {
        id
        name
      }
      material {
        id
        title
      }
      course {
        id
        title
      }
      cohort {
        id
        name
      }
      files {
        id
        purpose
        filename
        contentType
        size
        downloadUrl
      }
      assignment {
        instructions
        maxScore
        rubric {
          id
          title
          description
          maxPoints
          levels {
            id
            title
            description
            points
          }
        }
      }
      reviews {
        id
        createdAt
        decision
        score
        comment
        reviewer {
          id
          name
        }
        rubricScores {
          criterionId
          criterion
          level
          points
        }
      }
      comments {
        id
        createdAt
        body
        author {
          id
          name
        }
      }
    }
  }
`);

export const TeachReviewSubmissionMutation = graphql(`
  mutation TeachReviewSubmission($submissionId: ID!, $input: ReviewInput!) {
    reviewSubmission(submissionId: $submissionId, input: $input) {
      id
      decision
      score
    }
  }
`);

export const TeachCommentOnSubmissionMutation = graphql(`
  mutation TeachCommentOnSubmission($submissionId: ID!, $body: String!) {
    commentOnSubmission(submissionId: $submissionId, body: $body) {
      id
    }
  }
`);

export const TeachCohortQuery = graphql(`
  query TeachCohort($id: ID!) {
    cohort(id: $id) {
      id
      name
      startsOn
      endsOn
      enrolledCount
      course {
        id
        title
      }
      learningGain {
        learners
        averagePre
        averagePost
        averageGain
      }
      learnerProgress {
        user {
          id
          name
        }
        percent
        lastActivityAt
        stuck
        completed
      }
    }
  }
`);
