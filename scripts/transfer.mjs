// transfer.mjs — what a browser downloads: a first visit to FIRST with an empty
// cache, then a second visit to SECOND in the same browser. Prints every
// request with its status and the bytes it took on the wire (headers and the
// body as sent, compressed), and the totals. Chromium through puppeteer-core
// (installed with Lighthouse by scripts/lighthouse.sh).
//
//   node scripts/transfer.mjs CHROMIUM FIRST_URL SECOND_URL
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(new URL("../tools/lighthouse/package.json", import.meta.url));
const puppeteer = require("puppeteer-core");

const [chromium, first, second] = process.argv.slice(2);
if (!chromium || !first || !second) {
  console.error("usage: node scripts/transfer.mjs CHROMIUM FIRST_URL SECOND_URL");
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), "sunshine-transfer-"));
const browser = await puppeteer.launch({
  executablePath: chromium,
  userDataDir: profile,
  args: [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function visit(page, cdp, url) {
  const requests = new Map();
  const onSent = (e) => requests.set(e.requestId, { url: e.request.url, bytes: 0, status: "", cache: "" });
  const onResponse = (e) => {
    const r = requests.get(e.requestId);
    if (r) {
      r.status = e.response.status;
      r.encoding = e.response.headers["content-encoding"] || e.response.headers["Content-Encoding"] || "";
    }
  };
  const onCached = (e) => {
    const r = requests.get(e.requestId);
    if (r) r.cache = "memory/disk cache";
  };
  const onFinished = (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  };
  cdp.on("Network.requestWillBeSent", onSent);
  cdp.on("Network.responseReceived", onResponse);
  cdp.on("Network.requestServedFromCache", onCached);
  cdp.on("Network.loadingFinished", onFinished);
  await page.goto(url, { waitUntil: "networkidle0" });
  // Hydration done: the wasm has run (the page's links work without a reload).
  await new Promise((r) => setTimeout(r, 500));
  cdp.off("Network.requestWillBeSent", onSent);
  cdp.off("Network.responseReceived", onResponse);
  cdp.off("Network.requestServedFromCache", onCached);
  cdp.off("Network.loadingFinished", onFinished);
  let total = 0;
  console.log(`\n${url}`);
  for (const r of requests.values()) {
    const wire = r.cache ? 0 : r.bytes;
    total += wire;
    const name = r.url.replace(/^https?:\/\/[^/]+/, "");
    console.log(`  ${String(r.status).padEnd(4)} ${String(wire).padStart(8)} B  ${(r.encoding || "-").padEnd(5)} ${r.cache || ""} ${name}`);
  }
  console.log(`  total ${total} bytes (${(total / 1024).toFixed(1)} KiB) in ${requests.size} requests`);
  return total;
}

try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  const a = await visit(page, cdp, first);
  const b = await visit(page, cdp, second);
  console.log(`\nfirst visit ${a} bytes, second visit ${b} bytes`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
