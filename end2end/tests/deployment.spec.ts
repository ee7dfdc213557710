// The whole loop from a shortlist to an expert on the ground: the expert's roster office invites a
// shortlisted expert and never sees the link, the secretariat reveals it (no mail server here; the
// audit log records who saw it), the expert sets a password in a browser of their own and updates
// their availability, the planner offers the position, the expert accepts, the planner sees the
// contact details and marks the expert on the ground, and the dashboard counts the deployment.
import { expect, test, Browser, Page } from "@playwright/test";
import { accounts, hydrated, signIn, watchConsole } from "./support";

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

async function deployedOnDashboard(page: Page, mission: string): Promise<string | null> {
  await page.goto("/dashboard");
  await hydrated(page);
  const row = page.locator("#dash-ttd").locator("xpath=ancestor::section[1]").locator("tr", { hasText: mission });
  if ((await row.count()) === 0) return null;
  return (await row.locator("td").nth(1).innerText()).trim();
}

test("an invited expert accepts an offer and the planner marks them on the ground", async ({ browser }) => {
  const planner = await as(browser, accounts.planner);
  const errors = watchConsole(planner);
  await planner.goto("/requests/new");
  await hydrated(planner);
  const mission = `Rapid justice ${Date.now().toString(36)}`;
  await planner.getByRole("textbox", { name: "Mission" }).fill(mission);
  await planner.getByLabel("Host country").selectOption("SSD");
  await planner.getByLabel("Duty station").fill("Juba");
  await planner.getByLabel("Requesting unit").fill("Rule of Law Section");
  await planner.getByLabel("Security level").selectOption("3");
  await planner.getByLabel("Rapid (on the ground within 72 hours)").check();
  await planner.getByRole("button", { name: "Create the draft" }).click();
  await expect(planner).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = planner.url();
  await hydrated(planner);
  await planner.getByRole("link", { name: "Add a position" }).click();
  await hydrated(planner);
  await planner.getByLabel("Position title").fill("Anti-corruption prosecutor");
  await planner.getByLabel("Expertise category").selectOption("prosecutor");
  await planner.getByLabel("Required languages").fill("en:B1");
  await planner.getByLabel("Minimum years of experience").fill("3");
  await planner.getByLabel("Start date").fill(inDays(30));
  await planner.getByLabel("Duration (days)").fill("90");
  await planner.getByLabel("Head count").fill("1");
  await planner.getByRole("button", { name: "Save the position" }).click();
  await expect(planner.getByRole("cell", { name: "Anti-corruption prosecutor", exact: true })).toBeVisible();
  await hydrated(planner);
  await planner.getByRole("button", { name: "File the request" }).click();
  await expect(planner.locator(".page-head .badge").first()).toHaveText("Open");
  await planner.getByRole("link", { name: "Shortlist", exact: true }).click();
  await hydrated(planner);
  await planner.getByRole("button", { name: "Save the shortlist" }).click();
  await expect(planner.getByRole("status")).toContainText("The shortlist is saved with the request.");

  // The request's page offers the saved shortlist; the first proposed expert gets the offer.
  await planner.goto(requestUrl);
  await hydrated(planner);
  const candidate = planner.locator("#offer-candidates tbody tr").first().locator("td").nth(1).locator("a");
  const name = (await candidate.innerText()).trim();
  const expertPath = await candidate.getAttribute("href");
  expect(expertPath).toMatch(/^\/roster\/[0-9a-f-]{36}$/);

  // The expert's own roster office invites them: it is told an invitation went out, never the link.
  const secretariat = await as(browser, accounts.secretariat);
  const before = await deployedOnDashboard(secretariat, mission);
  expect(before).toBeNull();
  await secretariat.goto(expertPath!);
  await hydrated(secretariat);
  const state = (await secretariat.locator("dt:has-text('Nominating state') + dd").innerText()).trim();
  expect(state).toMatch(/^[A-Z]{3}$/);
  const office = await as(browser, `manager.${state.toLowerCase()}@demo.blue-suits.org`);
  const officeErrors = watchConsole(office);
  await office.goto(expertPath!);
  await hydrated(office);
  await office.getByRole("button", { name: "Invite to the portal" }).click();
  await expect(office.getByRole("status").filter({ hasText: "waiting in the outbox" })).toBeVisible();
  await expect(office.getByLabel("Invitation link")).toHaveCount(0);
  await expect(office.getByRole("button", { name: "Show the pending link" })).toHaveCount(0);
  expect(await office.content()).not.toContain("/invite/");
  await office.reload();
  await hydrated(office);
  await expect(office.getByText("An invitation was sent to the expert's own address")).toBeVisible();
  expect(await office.content()).not.toContain("/invite/");

  // The secretariat reads the pending link off the record, to hand it to the expert.
  await secretariat.reload();
  await hydrated(secretariat);
  await secretariat.getByRole("button", { name: "Show the pending link" }).click();
  const link = await secretariat.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  // The audit log names who saw it.
  const expertId = expertPath!.split("/").pop()!;
  await secretariat.goto(`/admin/audit?record_type=expert&record_id=${expertId}&action=expert.invitation_revealed`);
  await hydrated(secretariat);
  const reveal = secretariat.locator("table tbody tr", { hasText: "expert.invitation_revealed" });
  await expect(reveal).toHaveCount(1);
  await expect(reveal.locator("td").nth(1)).not.toHaveText("");

  // The expert follows the link in a browser of their own, sets a password, updates availability.
  const expert = await (await browser.newContext()).newPage();
  const expertErrors = watchConsole(expert);
  await expert.goto(new URL(link).pathname);
  await hydrated(expert);
  await expect(expert.getByRole("heading", { level: 1 })).toHaveText("Create your Blue Suits account");
  await expert.getByLabel("Password", { exact: true }).fill("my field password 2027");
  await expert.getByLabel("Password again").fill("my field password 2027");
  await expert.getByRole("button", { name: "Create my account" }).click();
  await expect(expert).toHaveURL(/\/me$/);
  await hydrated(expert);
  await expect(expert.getByRole("heading", { level: 1 })).toHaveText("My portal");
  await expect(expert.getByText(name).first()).toBeVisible();
  await expert.getByLabel("Notice period (days between an offer and departure)").fill("2");
  await expert.getByRole("button", { name: "Save" }).first().click();
  await expect(expert.getByLabel("Notice period (days between an offer and departure)")).toHaveValue("2");
  await hydrated(expert);
  await expert.getByLabel("Kind", { exact: true }).selectOption("unavailable");
  await expert.getByLabel("From", { exact: true }).fill(inDays(1400));
  await expert.getByLabel("To", { exact: true }).fill(inDays(1410));
  await expert.getByRole("button", { name: "Add", exact: true }).click();
  await expect(expert.locator("#windows tbody tr", { hasText: inDays(1400) })).toBeVisible();
  await expert.getByRole("button", { name: "My availability is still correct" }).click();
  await expect(expert.getByRole("status").first()).toContainText("You last confirmed your availability on");

  // The planner makes the offer; the expert accepts it in their portal.
  await planner.reload();
  await hydrated(planner);
  await planner.getByRole("button", { name: `Offer to ${name}` }).click();
  const card = planner.locator("article.deployment-card", { hasText: name });
  await expect(card.locator(".badge")).toHaveText("Offered");
  await expect(card.locator(".contact-email")).toHaveCount(0);

  await expert.goto("/me/offers");
  await hydrated(expert);
  const offer = expert.locator("article.offer-card", { hasText: mission });
  await expect(offer.locator(".badge")).toHaveText("Offered");
  await offer.getByRole("button", { name: "Accept" }).click();
  await expect(offer.locator(".badge")).toHaveText("Accepted");

  // Now the planner sees how to reach the expert, and moves the deployment on.
  await planner.reload();
  await hydrated(planner);
  await expect(card.locator(".contact-email")).toContainText("@");
  // Its one seat is taken, so the request is filled.
  await expect(planner.locator(".page-head .badge").first()).toHaveText("Filled");
  await card.getByRole("button", { name: "Start preparation" }).click();
  await expect(card.locator(".badge")).toHaveText("Preparing");
  await card.getByRole("button", { name: "Mark on the ground" }).click();
  await expect(card.locator(".badge")).toHaveText("On the ground");

  // The dashboard counts the deployment against the request.
  expect(await deployedOnDashboard(secretariat, mission)).toBe("1");
  expect(errors).toEqual([]);
  expect(expertErrors).toEqual([]);
  expect(officeErrors).toEqual([]);
});
