/**
 * Imported first by every benchmark: the app runs as deployed (the Dockerfile and Compose set
 * NODE_ENV=production), so libraries skip their development-only checks, as graphql-js does
 * with its per-value instanceof diagnostics. Must load before anything imports graphql.
 */
process.env.NODE_ENV ??= 'production';
