import { graphql } from '../gql';

// The learner's side of an ASSIGNMENT material: its brief and rubric as the API gives a learner,
// their attempts with the instructor's reviews and the thread, and the hand-in protocol
// (requestSubmissionUpload → PUT to the store → completeSubmissionUpload → submitAssignment).

graphql(`
  fragment LearnerSubmissionFile on SubmissionFile {
    id
    filename
    contentType
    size
    purpose
    downloadUrl
  }
`);

graphql(`
  fragment LearnerComment on Comment {
    id
    createdAt
    body
    editedAt
    author {
      id
      name
    }
  }
`);

graphql(`
  fragment LearnerSubmission on Submission {
    id
    number
    text
    status
    late
    submittedAt
    decidedAt
    learner {
      id
    }
    files {
      ...LearnerSubmissionFile
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
        levelId
        points
        criterion
        level
      }
      feedbackFile {
        ...LearnerSubmissionFile
      }
    }
    comments {
      ...LearnerComment
    }
  }
`);

/** The assignment's brief, rules and rubric, and every attempt of the signed-in learner (first first). */
export const LearnerAssignmentQuery = graphql(`
  query LearnerAssignment($materialId: ID!) {
    material(id: $materialId) {
      id
      title
      assignment {
        instructions
        dueAt
        latePolicy
        closesAt
        maxScore
        allowText
        allowedContentTypes
        maxFileBytes
        maxFiles
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
        mySubmissions {
          ...LearnerSubmission
        }
      }
    }
  }
`);

/** Where to PUT one file of the learner's work; asked again on a resume, it lists only the missing parts. */
export const RequestSubmissionUploadMutation = graphql(`
  mutation LearnerRequestSubmissionUpload($materialId: ID!, $file: FileInput!) {
    requestSubmissionUpload(materialId: $materialId, file: $file) {
      uploadId
      url
      method
      headers {
        name
        value
      }
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

/** The server checks size, SHA-256 and real type; the file is handed in only when submitAssignment names it. */
export const CompleteSubmissionUploadMutation = graphql(`
  mutation LearnerCompleteSubmissionUpload($materialId: ID!, $uploadId: ID!) {
    completeSubmissionUpload(materialId: $materialId, uploadId: $uploadId) {
      ...LearnerSubmissionFile
    }
  }
`);

export const SubmitAssignmentMutation = graphql(`
  mutation LearnerSubmitAssignment($materialId: ID!, $input: SubmissionInput!) {
    submitAssignment(materialId: $materialId, input: $input) {
      ...LearnerSubmission
    }
  }
`);

export const CommentOnSubmissionMutation = graphql(`
  mutation LearnerCommentOnSubmission($submissionId: ID!, $body: String!) {
    commentOnSubmission(submissionId: $submissionId, body: $body) {
      ...LearnerComment
    }
  }
`);
