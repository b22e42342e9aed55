import { graphql } from '../gql';

// The learner's quizzes, course evaluation and certificate. No operation here asks for
// `answerKey` or an attempt's `review`: the answer key never reaches the learner's page.

graphql(`
  fragment QuizStanding on Quiz {
    purpose
    passMark
    maxAttempts
    timeLimitSeconds
    scorePolicy
    myResult {
      bestPercent
      lastPercent
      passed
      attemptsLeft
    }
    myAttempts {
      ...AttemptSummary
    }
  }
`);

graphql(`
  fragment AttemptSummary on QuizAttempt {
    id
    number
    status
    deadlineAt
    submittedAt
    score
    maxScore
    percent
    passed
    expired
  }
`);

/** A QUIZ material's settings and the learner's standing, without its questions (they come with an attempt). */
export const QuizQuery = graphql(`
  query LearnerQuiz($materialId: ID!) {
    material(id: $materialId) {
      id
      quiz {
        ...QuizStanding
      }
    }
  }
`);

export const StartQuizAttemptMutation = graphql(`
  mutation StartQuizAttempt($materialId: ID!) {
    startQuizAttempt(materialId: $materialId) {
      ...AttemptSummary
      questions {
        id
        position
        kind
        prompt
        points
        options {
          id
          text
        }
      }
    }
  }
`);

export const SubmitQuizAttemptMutation = graphql(`
  mutation SubmitQuizAttempt($attemptId: ID!, $answers: [QuizAnswerInput!]!) {
    submitQuizAttempt(attemptId: $attemptId, answers: $answers) {
      ...AttemptSummary
      quiz {
        ...QuizStanding
      }
    }
  }
`);

/** On the course page of a completed course: whether the evaluation is done and the certificate there. */
export const CourseCompletionQuery = graphql(`
  query CourseCompletion($courseId: ID!) {
    course(id: $courseId) {
      id
      myEnrollment {
        id
        status
        myEvaluation {
          submittedAt
        }
        certificate {
          id
        }
      }
    }
  }
`);

export const EvaluationFormQuery = graphql(`
  query EvaluationForm($courseId: ID!) {
    course(id: $courseId) {
      id
      title
      myEnrollment {
        id
        status
        myEvaluation {
          submittedAt
        }
        cohort {
          id
          instructors {
            id
            name
          }
        }
      }
    }
    evaluationQuestions {
      courseQuestions {
        code
        text
      }
      instructorQuestions {
        code
        text
      }
      scale {
        score
        label
      }
    }
  }
`);

export const SubmitEvaluationMutation = graphql(`
  mutation SubmitCourseEvaluation($enrollmentId: ID!, $input: EvaluationInput!) {
    submitCourseEvaluation(enrollmentId: $enrollmentId, input: $input) {
      id
      submittedAt
    }
  }
`);

export const CourseCertificateQuery = graphql(`
  query CourseCertificate($courseId: ID!) {
    course(id: $courseId) {
      id
      title
      myEnrollment {
        id
        status
        completedAt
        myEvaluation {
          submittedAt
        }
        certificate {
          id
          number
          verificationCode
          holderName
          holderNip
          courseTitle
          jp
          issuedOn
          pdfStatus
          pdfUrl
        }
      }
    }
  }
`);

/** Every certificate of the signed-in person: courses completed and seminars attended. */
export const MyCertificatesQuery = graphql(`
  query MyCertificates {
    myCertificates {
      id
      kind
      number
      verificationCode
      courseTitle
      organizerName
      jp
      issuedOn
      pdfStatus
      pdfUrl
      course {
        id
      }
      seminar {
        id
      }
    }
  }
`);
