// The roster in the browser: accent-free search, filters in the URL, an expert's record,
// a vetting decision with its reason (after which the form is empty again), and an edit refused
// next to the bad field.
import { expect, test } from "@playwright/test";
import { accounts, hydrated, signIn, watchConsole } from "./support";

test("a roster manager finds a nominee without typing the accent, and only their own", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.canada);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Roster", exact: true }).click();
  await hydrated(page);
  await page.getByLabel("Name (any script, accents optional)").fill("toure");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/q=toure/);
  const rows = page.locator("table.roster-table tbody tr");
  await expect(rows.first()).toContainText("Touré");
  const states = await rows.locator("td:nth-child(2)").allTextContents();
  expect(states.length).toBeGreaterThan(0);
  expect(new Set(states)).toEqual(new Set(["CAN"]));
  expect(errors).toEqual([]);
});

test("the secretariat filters by skill and language level and the view survives a reload", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.secretariat);
  await page.goto("/roster");
  await hydrated(page);
  const status = page.getByRole("status").filter({ hasText: "experts in this view" });
  const unfiltered = await status.textContent();
  await page.getByLabel("Skill", { exact: true }).selectOption("money-laundering");
  await page.locator("#f-skill-level").selectOption("2");
  await page.getByLabel("Language", { exact: true }).selectOption("fr");
  await page.locator("#f-language-level").selectOption("B2");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/skill=money-laundering/);
  await expect(page).toHaveURL(/language=fr/);
  // The URL changes first; the filtered total follows once the list has been fetched.
  await expect(status).not.toHaveText(unfiltered ?? "");
  const count = await status.textContent();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("status").filter({ hasText: "experts in this view" })).toHaveText(count ?? "");
  await page.locator("table.roster-table tbody tr a").first().click();
  await hydrated(page);
  await expect(page.locator("#skills-title + ul")).toContainText("Money-laundering investigation");
  await expect(page.locator("#languages-title + ul")).toContainText("French");
  await expect(page.getByRole("heading", { name: "Readiness" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the secretariat takes a nominee from the queue into review with a reason", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.secretariat);
  await page.goto("/vetting");
  await hydrated(page);
  const first = page.locator("table tbody tr").filter({ hasText: "Nominated" }).first();
  await first.locator("a").click();
  await hydrated(page);
  await expect(page.locator(".badges")).toContainText("Nominated");
  await page.getByLabel("New status").selectOption("under_review");
  await page.getByLabel("Reason").fill("Nomination file complete; checks requested.");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expect(page.locator(".badges")).toContainText("Under review");
  await expect(page.locator(".timeline").first()).toContainText("Nomination file complete; checks requested.");
  // The decision form opens again empty: no move chosen, no reason carried over, and only the
  // moves the rules allow from the new status.
  const next = page.getByLabel("New status");
  await expect(next).toHaveValue("");
  await expect(page.getByLabel("Reason")).toHaveValue("");
  await expect(next.locator("option[value=under_review]")).toHaveCount(0);
  await expect(next.locator("option[value=vetted]")).toHaveCount(1);
  expect(errors).toEqual([]);
});

test("an edit with a bad e-mail address is refused next to the field", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.canada);
  await page.goto("/roster");
  await hydrated(page);
  await page.locator("table.roster-table tbody tr a").first().click();
  await hydrated(page);
  await page.getByRole("link", { name: "Edit" }).click();
  await hydrated(page);
  const email = page.getByLabel("E-mail address *");
  await email.fill("not-an-address");
  await email.blur();
  // The browser runs the same parser as the server and says so before anything is sent.
  await expect(page.locator("#email-error")).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Some fields need attention");
  await expect(page.locator("#email-error")).toBeVisible();
  await expect(page).toHaveURL(/\/edit$/);
  expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
});
