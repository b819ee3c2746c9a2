/**
 * Starts a throwaway PostgreSQL server for the `server` test project (support/postgres.ts), torn down at
 * the end. Set THREADLINE_TEST_DATABASE_URL to use an existing server instead.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './support/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection URL of the test PostgreSQL server. */
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.THREADLINE_TEST_DATABASE_URL;
  if (external) {
    project.provide('pgAdminUrl', external);
    return;
  }
  const { url, stop } = await startPostgres();
  project.provide('pgAdminUrl', url);
  return stop;
}
