/** Content as code: load and check content folders, and publish them through the public API. */
export { ContentError, formatLocated, type LocatedError, PublishError } from './errors';
export { loadContent } from './load-content';
export type { ContentItem, CourseItem, SeminarItem } from './model';
export { publishContent, type PublishOptions, type PublishSummary } from './publish';
