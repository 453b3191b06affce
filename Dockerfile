# One image for every meshgraph service: the command picks which one
# (`meshgraph start | subgraph <domain> | gateway`; see docker-compose.yml).
FROM node:20-slim

WORKDIR /app

# Dependencies first, so editing the source does not reinstall them.
# tsx is a runtime dependency: the services run the TypeScript directly.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY . .

ENV NODE_ENV=production
USER node

# The whole demo mesh in one container; docker-compose.yml runs one service per container instead.
CMD ["node", "--import", "tsx", "bin/meshgraph.ts", "start"]
