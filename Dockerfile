# syntax=docker/dockerfile:1
# One image for every process of the catalogue: the API (`serve`, the default), the search indexer,
# the connector workers and the operations commands (migrate, populate, backup, ...). See the
# README, "Run with Docker Compose".

# Node 20 is the runtime the test suite runs on; raise it here and in CI together.
ARG NODE_VERSION=20

# --- build: compilers for better-sqlite3's native module, dev dependencies for TypeScript -------
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# Compile to dist/ (with the data files the code reads), then drop the dev dependencies: what is
# left in node_modules is exactly `npm ci --omit=dev`, with the native module already built.
RUN scripts/build-dist.sh dist && npm prune --omit=dev --no-audit --no-fund

# --- runtime: no compilers, no dev dependencies, not root ----------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/lib.sh /app/scripts/backup.sh /app/scripts/restore.sh /app/scripts/database-connect.sh ./scripts/
# The code stays owned by root (read-only for the process); only data/ (an embedded SQLite
# catalogue, the development signing key) is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8000
# No curl in the image: Node's own fetch asks /health, which also checks the database.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["serve"]
