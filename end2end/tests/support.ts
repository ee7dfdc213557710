// Shared steps: signing in as a demo account and waiting for the page's script to take over.
import { expect, Page } from "@playwright/test";

export const DEMO_PASSWORD = "blue-suits-demo-2026";
export const accounts = {
  secretariat: "secretariat@demo.blue-suits.org",
  planner: "planner1@demo.blue-suits.org",
  canada: "manager.can@demo.blue-suits.org",
  france: "manager.fra@demo.blue-suits.org",
};

/** Resolves once the WASM has hydrated the page (the app marks the root element). */
export async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** Fails the test on any console error (a CSP violation, a hydration panic, a 404 asset). */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await hydrated(page);
}
