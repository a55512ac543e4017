import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); never a browser downloaded by Playwright. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the browser scenarios keep their screenshots (test artifacts, not committed). */
export const SCREENSHOTS = join('reports', 'screenshots');

/** A headless Chromium page and what it did that a test must see: dialogs and page errors. */
export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Every dialog the page tried to open (alert, confirm, prompt): none may come from a message. */
  dialogs: string[];
  /** Uncaught errors of the page's own script. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium headless, with a fresh profile of its own and everything that would reach
 * the network by itself switched off, and opens one page.
 */
export async function openBrowser(viewport: { width: number; height: number }): Promise<BrowserPage> {
  // Loaded here, by the browser scenarios only: at load it costs every scenario worker about a second of CPU.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'semker-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    dialogs,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a screenshot of the viewport as reports/screenshots/<name>.png and returns its path, after
 * checking what it shows: the page's own text (not a blank page), in an image of the viewport's size.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const shown = (await page.locator('body').innerText()).trim();
  assert.ok(shown.length > 0, `the page shows no text to screenshot as "${name}"`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^A-Za-z0-9._-]+/g, '-').toLowerCase()}.png`);
  const png = await page.screenshot({ path });
  // A PNG's IHDR chunk holds its width and height at bytes 16 and 20.
  assert.deepEqual(
    { width: png.readUInt32BE(16), height: png.readUInt32BE(20) },
    page.viewportSize(),
    `the screenshot "${name}" is not of the viewport`,
  );
  return path;
}
