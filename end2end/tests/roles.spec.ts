import { expect, test } from "@playwright/test";
import { accounts, hydrated, signIn, watchConsole } from "./support";

test("a roster manager sees their own office and cannot open account administration", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.canada);
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await nav.getByRole("link", { name: "My roster office" }).click();
  await expect(page.getByRole("main")).toContainText("Canada");
  await expect(page.getByRole("main")).not.toContainText("France");
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not available to you");
  expect(errors.filter((e) => !e.includes("403"))).toEqual([]);
});

test("a mission planner filters countries as they type", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.planner);
  await page.goto("/countries");
  await hydrated(page);
  const search = page.getByLabel("Name or code");
  await search.pressSequentially("cote", { delay: 30 });
  await expect(page).toHaveURL(/q=cote/);
  await expect(page.getByRole("cell", { name: "Côte d'Ivoire" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Canada" })).toHaveCount(0);
  await page.getByLabel("Region", { exact: true }).selectOption("Europe");
  await search.fill("");
  await expect(page.getByRole("cell", { name: "France", exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Kenya" })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the interface switches to French and stays French after a reload", async ({ page }) => {
  await signIn(page, accounts.planner);
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("French chosen on a nested page holds on every page and for a year", async ({ page, context }) => {
  await signIn(page, accounts.secretariat);
  await page.goto("/roster");
  await hydrated(page);
  await page.locator("table a[href^='/roster/']").first().click();
  await expect(page).toHaveURL(/\/roster\/[0-9a-f-]{36}$/);
  await hydrated(page);
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  const cookie = (await context.cookies()).find((c) => c.value === "fr");
  expect(cookie?.path).toBe("/");
  const yearFromNow = Date.now() / 1000 + 360 * 24 * 3600;
  expect(cookie?.expires ?? 0).toBeGreaterThan(yearFromNow);
  await page.goto("/dashboard");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await hydrated(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("on a phone the navigation folds behind a menu button", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, accounts.secretariat);
  const toggle = page.getByRole("button", { name: "Menu" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Users" })).toBeVisible();
  await context.close();
});

test("the secretariat creates an account and sees specific field errors first", async ({ page }) => {
  await signIn(page, accounts.secretariat);
  await page.goto("/admin/users");
  await hydrated(page);
  await page.getByText("New account").click();
  const form = page.locator("form.form-grid");
  await form.getByLabel("E-mail address").fill("new.manager@example.org");
  await form.getByLabel("Name").fill("Nadia Haddad");
  await form.getByLabel("Role").selectOption("roster_manager");
  await form.getByLabel("Initial password").fill("a long enough password");
  await form.getByRole("button", { name: "Create account" }).click();
  const stateField = form.getByLabel("Member state (roster managers only)");
  await expect(stateField).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator(".field-error")).toContainText(/member state/i);
  await stateField.selectOption("JOR");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText("new.manager@example.org");
  await expect(page.getByRole("cell", { name: "new.manager@example.org" })).toBeVisible();
});
