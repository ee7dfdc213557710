// Erasure on request: the secretariat erases a withdrawn expert's personal data from their record,
// lands back on the roster with a confirmation, and the record's address no longer opens it.
import { expect, test } from "@playwright/test";
import { accounts, hydrated, signIn, watchConsole } from "./support";

test("the secretariat erases a withdrawn expert on request and the record is gone", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.secretariat);
  await page.goto("/roster?status=withdrawn");
  await hydrated(page);
  const first = page.locator("table.roster-table tbody tr a").first();
  const name = (await first.innerText()).trim();
  await first.click();
  await hydrated(page);
  const recordUrl = page.url();
  await page.getByText("Erase this expert's personal data").click();
  // The reason is required: submitting without the confirmation is refused by the browser.
  await page.getByLabel("Why (the request's date and channel; do not repeat the person's details)").fill("Request by e-mail of 2 December 2026");
  await page.getByLabel("I understand that this cannot be undone").check();
  await page.getByRole("button", { name: "Erase personal data" }).click();
  await expect(page).toHaveURL(/\/roster\?erased=1/);
  await expect(page.getByRole("status").filter({ hasText: "personal data was erased" })).toBeVisible();
  await page.goto(recordUrl);
  await hydrated(page);
  await expect(page.getByRole("alert")).toContainText("We could not find what you asked for.");
  await expect(page.locator("main")).not.toContainText(name);
  expect(errors).toEqual([]);
});
