/** What the publisher reads and sends: the public API, as any partner system would use it. */

export const VIEWER = `query PublisherViewer { viewer { kind roles user { id } organization { id name } } }`;

export const ORGANIZATIONS = `query PublisherOrganizations($kind: OrganizationKind, $after: String) {
  organizations(kind: $kind, first: 100, after: $after) { edges { node { id name kind } } pageInfo { hasNextPage endCursor } }
}`;

const QUIZ = `quiz { purpose passMark maxAttempts timeLimitSeconds scorePolicy
  questions { kind prompt points options { id text } answerKey } }`;

export const COURSE_OWNER = `query PublisherCourseOwner($code: String!) { course(code: $code) { id organization { id name } } }`;

export const COURSE = `query PublisherCourse($code: String!) {
  course(code: $code) {
    id code title summary description competency jp deliveryMode language tags status coverSha256
    organization { id name }
    modules {
      id title summary estimatedMinutes prerequisite { id title }
      materials { id title kind required estimatedMinutes body url currentVersion { sha256 } ${QUIZ} }
    }
  }
}`;

export const SEMINAR = `query PublisherSeminar($organizerId: ID!, $externalRef: String!) {
  seminars(first: 2, filter: { organizerId: $organizerId, externalRef: $externalRef }) {
    edges { node {
      id externalRef title abstract kind scope jpOverride capacity waitlistLimit registrationClosesAt status venue onlineUrl
      speakers { name affiliation bio }
      sessions { externalRef title startsAt endsAt timeZone venue onlineUrl }
      audience { organizations { id name } positions }
      materials { id title kind sha256 }
    } }
  }
}`;

export const CREATE_COURSE = `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }`;
export const UPDATE_COURSE = `mutation ($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { id } }`;
export const SUBMIT_COURSE = `mutation ($id: ID!) { submitCourseForReview(id: $id) { id status } }`;
export const PUBLISH_COURSE = `mutation ($id: ID!) { publishCourse(id: $id) { id status } }`;
export const RETURN_TO_DRAFT = `mutation ($id: ID!, $reason: String!) { returnCourseToDraft(id: $id, reason: $reason) { id status } }`;
export const ADD_MODULE = `mutation ($courseId: ID!, $input: ModuleInput!) { addModule(courseId: $courseId, input: $input) { id } }`;
export const UPDATE_MODULE = `mutation ($id: ID!, $input: ModuleInput!) { updateModule(id: $id, input: $input) { id } }`;
export const MOVE_MODULE = `mutation ($id: ID!, $position: Int!) { moveModule(id: $id, position: $position) { id } }`;
export const REMOVE_MODULE = `mutation ($id: ID!) { removeModule(id: $id) }`;
export const ADD_MATERIAL = `mutation ($moduleId: ID!, $input: MaterialInput!) { addMaterial(moduleId: $moduleId, input: $input) { id } }`;
export const UPDATE_MATERIAL = `mutation ($id: ID!, $input: MaterialInput!) { updateMaterial(id: $id, input: $input) { id } }`;
export const MOVE_MATERIAL = `mutation ($id: ID!, $position: Int!) { moveMaterial(id: $id, position: $position) { id } }`;
export const REMOVE_MATERIAL = `mutation ($id: ID!) { removeMaterial(id: $id) }`;
export const SET_QUIZ = `mutation ($materialId: ID!, $input: QuizInput!) { setQuiz(materialId: $materialId, input: $input) { purpose } }`;
export const PUBLISH_SEMINAR = `mutation ($input: SeminarInput!) { publishSeminar(input: $input) { id } }`;
export const REMOVE_SEMINAR_MATERIAL = `mutation ($id: ID!) { removeSeminarMaterial(id: $id) }`;

const TICKET = `{ uploadId url method headers { name value } multipart partSize partCount parts { partNumber url } }`;
export const REQUEST_MATERIAL_UPLOAD = `mutation ($id: ID!, $file: FileInput!) { ticket: requestMaterialUpload(materialId: $id, file: $file) ${TICKET} }`;
export const COMPLETE_MATERIAL_UPLOAD = `mutation ($id: ID!, $uploadId: ID!) { completeMaterialUpload(materialId: $id, uploadId: $uploadId) { id } }`;
export const REQUEST_COVER_UPLOAD = `mutation ($id: ID!, $file: FileInput!) { ticket: requestCourseCoverUpload(courseId: $id, file: $file) ${TICKET} }`;
export const COMPLETE_COVER_UPLOAD = `mutation ($id: ID!, $uploadId: ID!) { completeCourseCoverUpload(courseId: $id, uploadId: $uploadId) { id } }`;
export const REQUEST_SEMINAR_UPLOAD = `mutation ($id: ID!, $kind: SeminarMaterialKind!, $file: FileInput!) {
  ticket: requestSeminarMaterialUpload(seminarId: $id, kind: $kind, file: $file) ${TICKET}
}`;
export const COMPLETE_SEMINAR_UPLOAD = `mutation ($id: ID!, $kind: SeminarMaterialKind!, $uploadId: ID!, $title: String) {
  completeSeminarMaterialUpload(seminarId: $id, kind: $kind, uploadId: $uploadId, title: $title) { id }
}`;
