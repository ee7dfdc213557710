// Browser tests: Debian's Chromium against the release build, on a fresh SQLite database with demo data.
import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";

const root = path.resolve(__dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3111);
const serverBin = process.env.BLUE_SUITS_SERVER_BIN ?? path.join(root, "target", "release", "server");
const siteRoot = process.env.BLUE_SUITS_SITE_ROOT ?? path.join(root, "target", "site");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "blue-suits-e2e-"));

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // Two servers: the demo with the second factor switched off, as `make run` starts it, and one
  // that requires it of every staff account, for the sign-in tests of the second factor.
  webServer: [
    {
      command: `"${serverBin}" serve --demo`,
      url: `http://127.0.0.1:${port}/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${path.join(dataDir, "e2e.db")}?mode=rwc`,
        LEPTOS_SITE_ROOT: siteRoot,
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        BLUE_SUITS_REQUIRE_MFA: "false",
        RUST_LOG: "warn",
      },
    },
    {
      command: `"${serverBin}" serve --demo`,
      url: `http://127.0.0.1:${port + 1}/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${path.join(dataDir, "e2e-mfa.db")}?mode=rwc`,
        LEPTOS_SITE_ROOT: siteRoot,
        LEPTOS_SITE_ADDR: `127.0.0.1:${port + 1}`,
        BLUE_SUITS_REQUIRE_MFA: "true",
        RUST_LOG: "warn",
      },
    },
  ],
});
