// What every browser flow starts with: Debian's Chromium launched headless
// for a test on loopback, and the check that names what failed.
import { chromium } from 'playwright-core';

// Check throws, naming `what`, unless `condition` holds: the flow stops and
// exits non-zero with that line.
export function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

// LaunchChromium starts Chromium ($OPINUS_CHROMIUM, else Debian's), without
// the sandbox (tests run as root in CI) and without any network of its own
// (updates, sync, QUIC), so that only the servers under test are reached.
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.OPINUS_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
