// Lighthouse's SEO category on each URL given, in one Chromium that chrome-launcher
// starts from CHROME_PATH (Debian's /usr/bin/chromium in the tests; nothing is
// downloaded). Prints one JSON object: {url: {score, audits: {id: {score, title,
// explanation, items}}}}. Run by tests/browser/test_lighthouse_seo.py.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const urls = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const results = {};
try {
  for (const url of urls) {
    const { lhr } = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: ["seo"],
      output: "json",
      logLevel: "error",
      // SEO reads the page, not its speed: no waiting for the network and the CPU
      // to settle after load (with throttling "provided" Lighthouse waits 5 s each).
      disableFullPageScreenshot: true,
      disableStorageReset: true,
      skipAboutBlank: true,
      pauseAfterFcpMs: 0,
      pauseAfterLoadMs: 0,
      networkQuietThresholdMs: 0,
      cpuQuietThresholdMs: 0,
    });
    if (lhr.runtimeError) {
      throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    }
    const category = lhr.categories.seo;
    results[url] = {
      score: category.score,
      audits: Object.fromEntries(
        category.auditRefs.map(({ id }) => {
          const audit = lhr.audits[id];
          return [
            id,
            {
              score: audit.score,
              title: audit.title,
              explanation: audit.explanation ?? "",
              items: audit.details?.items ?? [],
            },
          ];
        }),
      ),
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
