import { expect, test } from "@playwright/test";
import { accounts, hydrated, signIn, watchConsole } from "./support";

const homes = [
  { who: "secretariat", email: accounts.secretariat, intro: "You run the roster", nav: ["Home", "Roster", "Requests", "Offers", "Dashboard", "Vetting", "Uploads", "My roster office", "Users", "Audit log", "Outbox", "Countries"] },
  { who: "roster manager", email: accounts.canada, intro: "You nominate and keep the candidates", nav: ["Home", "Roster", "Offers", "Dashboard", "Uploads", "My roster office", "Countries"] },
  { who: "mission planner", email: accounts.planner, intro: "You file mission requests", nav: ["Home", "Roster", "Requests", "Dashboard", "Countries"] },
];

for (const home of homes) {
  test(`the ${home.who} signs in to their own home page and signs out`, async ({ page }) => {
    const errors = watchConsole(page);
    await signIn(page, home.email);
    await expect(page.getByRole("main")).toContainText(home.intro);
    const links = page.getByRole("navigation", { name: "Main navigation" }).getByRole("link");
    await expect(links).toHaveText(home.nav);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await hydrated(page);
    expect(errors).toEqual([]);
  });
}

test("an expert account made by the secretariat signs in to the expert's home page", async ({ page }) => {
  const email = `expert.${Date.now()}@example.org`;
  await signIn(page, accounts.secretariat);
  await page.goto("/admin/users");
  await hydrated(page);
  await page.getByText("New account").click();
  const form = page.locator("form.form-grid");
  await form.getByLabel("E-mail address").fill(email);
  await form.getByLabel("Name").fill("Mariam Kone");
  await form.getByLabel("Role").selectOption("expert");
  await form.getByLabel("Initial password").fill("an expert's own password");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText(email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, email, "an expert's own password");
  await expect(page.getByRole("main")).toContainText("You keep your availability");
  const links = page.getByRole("navigation", { name: "Main navigation" }).getByRole("link");
  await expect(links).toHaveText(["Home", "My portal", "My offers", "Countries"]);
  const res = await page.goto("/office");
  expect(res?.status()).toBe(403);
});
