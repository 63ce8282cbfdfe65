/**
 * @module chromium: Debian's Chromium driven by playwright-core, headless and offline, for the tools that
 * render in a browser (`npm run render:audio`) and for the browser tests. `npx playwright install` cannot
 * download browsers here; scripts/ensure-test-deps.mjs installs /usr/bin/chromium instead.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface LaunchOptions {
  /**
   * WebGL through SwiftShader (ANGLE's CPU renderer), for the three.js display scenes on a machine without
   * a GPU. `--disable-gpu` would turn WebGL off, so it is left out then.
   */
  webgl?: boolean;
}

/** SwiftShader for WebGL without a GPU; `--enable-unsafe-swiftshader` is what Chromium now requires for it. */
const WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

/** A headless Chromium (tests: one per file, started in beforeAll and closed in afterAll). */
export function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      ...(options.webgl ? WEBGL_ARGS : ['--disable-gpu']),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

