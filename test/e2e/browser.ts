import { type Browser, chromium } from 'playwright';
import { chromiumLaunchOptions } from '../chromium';

/** One Chromium per test file, Debian's build, never a downloaded one. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ ...chromiumLaunchOptions, headless: true });
}
