// A planner files a two-position request in the browser, reads the shortlist, asks "why not"
// for an excluded expert, and saves the shortlist.
import { expect, test, Page } from "@playwright/test";
import { accounts, hydrated, signIn, watchConsole } from "./support";

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function addPosition(page: Page, title: string, category: string, languages: string) {
  await page.getByRole("link", { name: "Add a position" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add a position");
  await hydrated(page);
  await page.getByLabel("Position title").fill(title);
  await page.getByLabel("Expertise category").selectOption(category);
  await page.getByLabel("Required languages").fill(languages);
  await page.getByLabel("Minimum years of experience").fill("3");
  await page.getByLabel("Start date").fill(inDays(30));
  await page.getByLabel("Duration (days)").fill("90");
  await page.getByLabel("Head count").fill("1");
  await page.getByRole("button", { name: "Save the position" }).click();
  await expect(page.getByRole("cell", { name: title, exact: true })).toBeVisible();
}

test("a planner files a two-position request, reads the shortlist and why not, and saves it", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.planner);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Requests", exact: true }).click();
  await hydrated(page);
  await page.getByRole("link", { name: "File a request" }).click();
  await hydrated(page);
  const mission = `Justice support ${Date.now().toString(36)}`;
  await page.getByRole("textbox", { name: "Mission" }).fill(mission);
  await page.getByLabel("Host country").selectOption("SSD");
  await page.getByLabel("Duty station").fill("Juba");
  await page.getByLabel("Requesting unit").fill("Rule of Law Section");
  await page.getByLabel("Security level").selectOption("3");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(mission);
  await hydrated(page);

  await addPosition(page, "Senior prosecutor", "prosecutor", "en:B1");
  await hydrated(page);
  await addPosition(page, "Trial judge", "judge", "en:B1");
  await hydrated(page);
  await page.getByRole("button", { name: "File the request" }).click();
  await expect(page.locator(".page-head .badge")).toHaveText("Open");
  await expect(page.getByText(/vetted experts qualify today/).first()).toBeVisible();

  await page.getByRole("link", { name: "Shortlist", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Shortlist");
  await hydrated(page);
  const blocks = page.locator("section.block");
  await expect(blocks).toHaveCount(2);
  const top = async (i: number) =>
    (await blocks.nth(i).locator("table").first().locator("tbody tr").first().locator("td").nth(1).innerText()).trim();
  const prosecutor = await top(0);
  const judge = await top(1);
  expect(prosecutor.length).toBeGreaterThan(0);
  expect(judge).not.toEqual(prosecutor);
  // "Why ranked here" opens the score's parts.
  await blocks.nth(0).locator("summary").first().click();
  await expect(blocks.nth(0).locator("details[open] li")).toHaveCount(5);

  await blocks.nth(0).getByRole("link", { name: "Why not the others?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Why not: Senior prosecutor");
  await hydrated(page);
  const excluded = page.locator("table.data-table tbody tr");
  await expect(excluded.first()).toBeVisible();
  await expect(excluded.first().locator("li").first()).not.toBeEmpty();
  // Filter by the first reason group and every row still carries reasons.
  const filters = page.getByRole("navigation", { name: "Filter by reason" }).getByRole("link");
  await filters.nth(1).click();
  await expect(page).toHaveURL(/group=/);
  await expect(excluded.first().locator("li").first()).not.toBeEmpty();

  await page.getByRole("link", { name: "Back to the shortlist" }).click();
  await hydrated(page);
  await expect(page.getByText("Not saved yet.")).toBeVisible();
  await page.getByRole("button", { name: "Save the shortlist" }).click();
  await expect(page.getByRole("status")).toContainText("The shortlist is saved with the request.");
  await expect(page.getByText(/^Saved \d{4}-\d\d-\d\d/)).toBeVisible();
  expect(errors).toEqual([]);
});
