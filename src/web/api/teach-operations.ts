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
        materials {
          ...TeachMaterialFields
        }
      }
    }
  }
`);

export const CreateCourseMutation = graphql(`
  mutation CreateCourse($input: CreateCourseInput!) {
    createCourse(input: $input) {
      id
    }
  }
`);

export const UpdateCourseMutation = graphql(`
  mutation UpdateCourse($id: ID!, $input: UpdateCourseInput!) {
    updateCourse(id: $id, input: $input) {
      id
    }
  }
`);

export const SubmitCourseForReviewMutation = graphql(`
  mutation SubmitCourseForReview($id: ID!) {
    submitCourseForReview(id: $id) {
      id
      status
    }
  }
`);

export const AddModuleMutation = graphql(`
  mutation AddModule($courseId: ID!, $input: ModuleInput!) {
    addModule(courseId: $courseId, input: $input) {
      id
    }
  }
`);

export const UpdateModuleMutation = graphql(`
  mutation UpdateModule($id: ID!, $input: ModuleInput!) {
    updateModule(id: $id, input: $input) {
      id
    }
  }
`);

export const AddMaterialMutation = graphql(`
  mutation AddMaterial($moduleId: ID!, $input: MaterialInput!) {
    addMaterial(moduleId: $moduleId, input: $input) {
      id
    }
  }
`);

export const UpdateMaterialMutation = graphql(`
  mutation UpdateMaterial($id: ID!, $input: MaterialInput!) {
    updateMaterial(id: $id, input: $input) {
      id
    }
  }
`);

export const RequestMaterialUploadMutation = graphql(`
  mutation RequestMaterialUpload($materialId: ID!, $file: FileInput!) {
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

export const CompleteMaterialUploadMutation = graphql(`
  mutation CompleteMaterialUpload($materialId: ID!, $uploadId: ID!) {
    completeMaterialUpload(materialId: $materialId, uploadId: $uploadId) {
      ...TeachMaterialFields
    }
  }
`);
