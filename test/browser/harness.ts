/**
 * The admin console in a real browser: Debian's Chromium driven by playwright-core, against a
 * Tessera listening on 127.0.0.1 and serving the built console (`npm run build` → dist/web; npm ci
 * builds it). Every page visited is checked with axe-core and saved as a screenshot in a folder
 * the test prints.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The flags the machine's notes give: no sandbox as root, and no calls to Google's hosts. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function consoleBuilt(dir: string): void {
  assert.ok(existsSync(join(dir, 'index.html')), `The console is not built in ${dir}: run npm run build (npm ci does it).`);
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Where the screenshots go. */
  readonly shots: string;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `No Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium package.`);
  const profile = await mkdtemp(join(tmpdir(), 'tessera-chromium-'));
  const shots = await mkdtemp(join(tmpdir(), 'tessera-console-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 860 },
  });
  // Copy buttons write to the clipboard; the tests read it back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    shots,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** No serious or critical axe-core violation on the page as it stands. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact ?? ''}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `accessibility violations on ${what}`,
  );
}

/** Checks the page with axe and saves a full-page screenshot named `name`. */
export async function visit(browser: Browser, name: string): Promise<void> {
  await browser.page.waitForLoadState('networkidle');
  await assertAccessible(browser.page, name);
  await browser.page.screenshot({ path: join(browser.shots, `${name}.png`), fullPage: true });
}

/** Through the hosted sign-in page, as a person would. */
export async function signIn(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('Username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/admin/**`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
