// Shared steps: signing in as a demo account and waiting for the page's script to take over.
import { createHmac } from "node:crypto";
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

/** The server that requires a second factor of every staff account (playwright.config.ts). */
export const MFA_BASE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3111) + 1}`;

function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, "").toUpperCase()) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The code an authenticator app shows for `secret` (RFC 6238: HMAC-SHA1, 6 digits, 30 s), `stepsAhead` steps from now. */
export function totp(secret: string, stepsAhead = 0): string {
  const step = Math.floor(Date.now() / 1000 / 30) + stepsAhead;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return number.toString().padStart(6, "0");
}
