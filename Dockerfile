# One image for every meshgraph service: the command picks which one
# (`meshgraph start | subgraph <domain> | gateway`; see docker-compose.yml).
# The services run the compiled JavaScript (dist/) with plain node.

FROM node:20-slim AS build
WORKDIR /app
# Dependencies first, so editing the source does not reinstall them. Their
# scripts are skipped here because `prepare` (the build) needs the source,
# which is copied next; no runtime dependency needs an install script.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
# The build, then only the runtime dependencies (TypeScript and tsx stay here),
# and without what only a checkout uses (what the build was made from).
RUN npm run build && npm prune --omit=dev && rm dist/sources.json dist/.tsbuildinfo

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The embedded event log's default folder (`meshgraph start` in one container), writable by the service.
RUN mkdir .data && chown node:node .data
USER node

# The whole demo mesh in one container; docker-compose.yml runs one service per container instead.
CMD ["node", "dist/bin/meshgraph.js", "start"]
