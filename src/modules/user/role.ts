// transitional re-export for upload/, removed at merge
export { COURSE_AUTHOR_ROLES, Role } from '../../identity';
