# syntax=docker/dockerfile:1
# Netreach production image: compiled dist/ run by plain node, production dependencies only,
# a non-root user, data in /data. Build: `docker build -t netreach .`
ARG NODE_VERSION=24

# Production dependencies, built once for the run stage (better-sqlite3 is native: a
# prebuilt binary is fetched, and the compilers are here only for when none fits).
FROM node:${NODE_VERSION}-bookworm-slim AS prod-deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Everything, to compile TypeScript (tsc) and the dashboard (Vite).
FROM prod-deps AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS run
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/netreach.db \
    NETREACH_KEY_FILE=/data/netreach.key
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# Read at run time beside dist/: texts, guides and articles, the triage and moderation data.
COPY package.json ./
COPY bin ./bin
COPY locales ./locales
COPY content ./content
COPY triage ./triage
# The image's node user (uid 1000) owns the data volume and nothing else.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# 200 once migrated and the bot runs ("degraded" if Telegram is unreachable); 503 while starting.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not npm), so SIGTERM reaches Netreach and it stops cleanly.
CMD ["node", "dist/cli.js", "start"]
