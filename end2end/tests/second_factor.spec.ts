// The second factor in the browser, on the server that requires it: a planner is asked to set it
// up at first sign-in, scans (here: reads) the key, confirms a code, keeps the recovery codes,
// signs out, signs in with a code from the app, and later with a recovery code — once.
import { expect, test, Page } from "@playwright/test";
import { DEMO_PASSWORD, MFA_BASE_URL, accounts, hydrated, totp, watchConsole } from "./support";

test.use({ baseURL: MFA_BASE_URL });

async function password(page: Page, email: string) {
  await page.goto("/login");
  await hydrated(page);
  await expect(page.locator("#second-factor-off")).toHaveCount(0);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

test("a planner sets up the second factor, then signs in with a code and with a recovery code once", async ({ page }) => {
  const errors = watchConsole(page);
  await password(page, accounts.planner);
  // The password alone opens nothing: the account must set up its second factor first.
  await expect(page).toHaveURL(/\/login\/enrol/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up your second factor");
  await expect(page.locator("figure.qr svg")).toBeVisible();
  const secret = (await page.locator("#mfa-secret").innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.goto("/requests");
  await expect(page).toHaveURL(/\/login\/enrol/);
  await hydrated(page);
  const again = (await page.locator("#mfa-secret").innerText()).trim();
  expect(again).toBe(secret);
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Confirm" }).click();

  // Ten recovery codes, shown until the planner says they kept them.
  await expect(page).toHaveURL(/\/login\/recovery-codes/);
  await hydrated(page);
  const codes = await page.locator("#recovery-codes code").allInnerTexts();
  expect(codes).toHaveLength(10);
  expect(codes[0]).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await expect(page.getByRole("link", { name: "Download as a text file" })).toHaveAttribute("download", "blue-suits-recovery-codes.txt");
  await page.getByRole("button", { name: "I have kept them" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await hydrated(page);
  await expect(page.getByRole("link", { name: "Requests", exact: true })).toBeVisible();
  await signOut(page);

  // Next time the password leads to the code; the app's next code signs the planner in (the
  // current one was spent on the set-up).
  await password(page, accounts.planner);
  await expect(page).toHaveURL(/\/login\/code/);
  await hydrated(page);
  await page.getByLabel("Code", { exact: true }).fill(totp(secret, 1));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await hydrated(page);
  await page.goto("/account");
  await hydrated(page);
  await expect(page.locator(".badge-ok")).toHaveText("On");
  await signOut(page);

  // Without the phone: a recovery code, which then is spent.
  await password(page, accounts.planner);
  await expect(page).toHaveURL(/\/login\/code/);
  await hydrated(page);
  await page.getByLabel("Code", { exact: true }).fill(codes[0]);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await hydrated(page);
  await signOut(page);
  await password(page, accounts.planner);
  await expect(page).toHaveURL(/\/login\/code/);
  await hydrated(page);
  await page.getByLabel("Code", { exact: true }).fill(codes[0]);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("#code-error")).toContainText("already used");
  await expect(page).toHaveURL(/\/login\/code/);
  // A refused code answers 422 in the console; nothing else may fail.
  expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
});

test("the second step works with the script disabled", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: MFA_BASE_URL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(accounts.canada);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\/enrol/);
  const secret = (await page.locator("#mfa-secret").innerText()).trim();
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/login\/recovery-codes/);
  await expect(page.locator("#recovery-codes code")).toHaveCount(10);
  await page.getByRole("button", { name: "I have kept them" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole("link", { name: "Roster", exact: true })).toBeVisible();
  await context.close();
});
