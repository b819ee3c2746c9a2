import { type Browser, chromium } from 'playwright';
import { chromiumLaunchOptions } from '../../vitest.config';

/** One Chromium per test file, Debian's build, never a downloaded one. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ ...chromiumLaunchOptions, headless: true });
}
