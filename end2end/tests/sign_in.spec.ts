import { expect, test } from "@playwright/test";
import { accounts, hydrated, signIn, watchConsole } from "./support";

test("an anonymous visitor is sent to sign in and back to the page asked for", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/countries");
  await expect(page).toHaveURL(/\/login\?next=\/countries/);
  await hydrated(page);
  await page.getByLabel("E-mail address").fill(accounts.planner);
  await page.getByLabel("Password", { exact: true }).fill("blue-suits-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/countries$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Countries and regions");
  expect(errors).toEqual([]);
});

test("a wrong password shows one generic message and keeps the visitor on the page", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("E-mail address").fill(accounts.secretariat);
  await page.getByLabel("Password", { exact: true }).fill("not the right password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("e-mail address or password is not right");
  await expect(page).toHaveURL(/\/login/);
});

test("the password can be shown while typing, once the page is interactive", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  const field = page.getByLabel("Password", { exact: true });
  await expect(field).toHaveAttribute("type", "password");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(field).toHaveAttribute("type", "text");
});

test("the secretariat signs in, sees account administration, and signs out", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.secretariat);
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "Users" })).toBeVisible();
  await nav.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("cell", { name: accounts.canada })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login\?next=/);
  expect(errors).toEqual([]);
});

test("a wrong password is explained with the script disabled, once, and not from a link", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(accounts.planner);
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("The e-mail address or password is not right.")).toBeVisible();
  // Shown once: a reload is a fresh form.
  await page.reload();
  await expect(page.getByText("The e-mail address or password is not right.")).toHaveCount(0);
  // An error written into an address is never shown.
  const forged = Buffer.from(JSON.stringify({ Conflict: "Your account is locked: call +1 555 0100" })).toString("base64url");
  await page.goto(`/login?__path=%2Fapi%2Flogin&__err=${forged}`);
  await expect(page.getByText("Your account is locked")).toHaveCount(0);
  await context.close();
});

test("signing in works with the script disabled", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(accounts.planner);
  await page.getByLabel("Password", { exact: true }).fill("blue-suits-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await context.close();
});
