# syntax=docker/dockerfile:1
# Both stages use the same base so the native addon (argon2) built here matches the
# runtime's glibc and Node ABI.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# argon2 compiles from source when its prebuilt binary fails to load (seen segfaulting on a
# Node 20 build); slim has no toolchain for node-gyp. Build stage only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Manifests first: the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# tsconfig*.json: also picks up a tsconfig.build.json if the build script uses one.
COPY tsconfig*.json ./
COPY src ./src
COPY migrations ./migrations
COPY schema ./schema
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
# Copied files stay root-owned: the app, running as `node`, cannot rewrite its own code.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
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
CMD ["node", "dist/src/main.js"]
