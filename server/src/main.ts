/**
 * `npm start`: one process serving the API, the demo site and the widget build. Storage is embedded
 * PGlite in THREADLINE_DATA_DIR, or PostgreSQL when DATABASE_URL is set.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { createApp, liveOptionsOf } from './app';
import { DEMO_MODERATOR_HOURS, demoModerator } from './auth/demo-moderator';
import { type Config, ConfigError, loadConfig } from './config';
import { openDatabase } from './db/open';
import { startHttpServer } from './http-server';
import { LiveHub } from './live/hub';
import { noSniff } from './middleware/no-sniff';
import { seedDemo } from './seed';
import { siteRoutes } from './site';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[threadline] ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const demo = await demoModerator(config);
  if (demo) config = demo.config;
  const db = await openDatabase(config);
  if (config.seedDemo) {
    const seeded = await seedDemo(db);
    if (seeded > 0) console.log(`[threadline] seeded the demo threads with ${seeded} comments`);
  }

  const live = new LiveHub(db, liveOptionsOf(config));
  const app = new Hono();
  app.use(noSniff);
  app.route('/', createApp({ db, config, live, clientAddress: (c) => getConnInfo(c).remote.address }));
  app.route('/', siteRoutes(ROOT));
  if (!existsSync(`${ROOT}/dist/threadline.js`)) {
    console.warn(
      '[threadline] dist/threadline.js is missing; run `npm run build` (npm start does) to serve the widget.',
    );
  }

  const server = startHttpServer(app.fetch, config, (port) => {
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
    console.log(`[threadline] http://${config.host}:${port}/ — storage: ${where}`);
    if (demo) {
      console.log(
        `[threadline] try moderation as the demo moderator (link works ${DEMO_MODERATOR_HOURS} h): http://${config.host}:${port}/demo/#moderator=${demo.token}`,
      );
    }
  });
  const stop = () => {
    server.close();
    // Ending the streams lets server.close() finish; browsers reconnect to another process.
    void live
      .shutdown()
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
