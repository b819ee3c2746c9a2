/**
 * Seed data for a thread: used by the memory and local adapters (tests, static pages) and by the
 * reference server's demo seeder. Keys are local to the seed; backends make their own ids.
 */
export interface SeedComment {
  key: string;
  parentKey: string | null;
  authorName: string;
  body: string;
  /** How long before "now" the comment was written. */
  minutesAgo: number;
  score: number;
  pinned?: boolean;
}

export interface SeedThread {
  thread: string;
  title?: string;
  url?: string;
  comments: SeedComment[];
}
