import { expect, it } from 'vitest';

it('runs in chromium', () => {
  expect(navigator.userAgent).toContain('Chrome');
});
