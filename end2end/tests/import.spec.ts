// Bulk upload in the browser: a file with good and bad rows, the dry-run table, the commit, and
// the new nominees on the roster.
import { expect, test } from "@playwright/test";
import { accounts, hydrated, signIn, watchConsole } from "./support";

const HEADER =
  "external_ref,given_names,family_name,latin_name,gender,date_of_birth,nationalities,email,phone,years_experience,categories,skills,languages,notice_days,available_from,available_to";

function candidate(tag: string, n: number, family: string, gender = "female"): string {
  return `E2E-${tag}-${n},Zainab,${family},,${gender},1980-05-02,JOR,zainab.${tag}.${n}@example.org,+962791234567,12,judge,court-administration:3,ar:C2;en:C1,5,,`;
}

test("a roster manager uploads a file, reads the dry run, commits and finds the new nominees", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.canada);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Uploads", exact: true }).click();
  await hydrated(page);
  const tag = Date.now().toString(36);
  const family = `Qurashi${tag}`;
  const file = [
    HEADER,
    candidate(tag, 1, family),
    candidate(tag, 2, family, "f"),
    candidate(tag, 3, family),
  ].join("\r\n");
  await page.getByLabel("Candidate file (CSV or .xlsx, up to 40 MB)").setInputFiles({
    name: "candidates.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(file, "utf-8"),
  });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
  await expect(page.locator(".report-summary")).toHaveText("created 2, updated 0, unchanged 0, rejected 1", { timeout: 20_000 });
  const rejected = page.locator("#rejections tbody tr");
  await expect(rejected).toHaveCount(1);
  await expect(rejected.first()).toContainText("3");
  await expect(rejected.first()).toContainText("gender");
  await expect(page.getByRole("link", { name: "Download the rejected rows (CSV) to fix them" })).toBeVisible();

  await hydrated(page);
  await page.getByRole("button", { name: "Commit the good rows" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Committed", { timeout: 20_000 });
  await expect(page.locator(".report-summary")).toHaveText("created 2, updated 0, unchanged 0, rejected 1");

  await page.goto(`/roster?q=${family}`);
  await hydrated(page);
  const rows = page.locator("table.roster-table tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(family);
  await page.goto("/import");
  await expect(page.locator("table.data-table tbody tr").first()).toContainText("created 2, updated 0, unchanged 0, rejected 1");
  expect(errors).toEqual([]);
});

test("a file that is not a spreadsheet is refused on the upload page with a reason", async ({ page }) => {
  await signIn(page, accounts.canada);
  await page.goto("/import");
  await page.getByLabel("Candidate file (CSV or .xlsx, up to 40 MB)").setInputFiles({
    name: "scan.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7 not a roster"),
  });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/problem=not_spreadsheet/);
  await expect(page.getByRole("alert")).toContainText("neither a CSV file nor an Excel workbook");
});

test("a large file shows its progress while it is checked, and the page takes over without errors", async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, accounts.canada);
  await page.goto("/import");
  await hydrated(page);
  const tag = Date.now().toString(36);
  const rows = [HEADER];
  for (let n = 1; n <= 4000; n++) rows.push(candidate(`${tag}big`, n, `Progress${tag}`));
  await page.getByLabel("Candidate file (CSV or .xlsx, up to 40 MB)").setInputFiles({
    name: "large.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(rows.join("\r\n"), "utf-8"),
  });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
  await hydrated(page);
  await expect(page.locator(".report-summary")).toHaveText("created 4000, updated 0, unchanged 0, rejected 0", { timeout: 60_000 });
  expect(errors).toEqual([]);
});
