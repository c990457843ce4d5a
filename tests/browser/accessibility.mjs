// Runs axe-core (from npm, pinned by package-lock.json) on the page a browser
// flow has open, keeps axe's full results as JSON next to the screenshots, and
// returns the violations of impact serious or critical, which the flows allow
// none of.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const blocking = new Set(['serious', 'critical']);

// AuditPage injects axe into `page`, writes `${outDir}/axe-${name}.json` and
// returns one line per serious or critical violation (rule, impact, the
// elements' selectors); an empty list when there is none.
export async function auditPage(page, name, outDir) {
  // Evaluated through the DevTools protocol: the pages' CSP (script-src
  // 'self') rightly refuses an injected script tag.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document));
  writeFileSync(`${outDir}/axe-${name}.json`, JSON.stringify(results, null, 2));
  return results.violations
    .filter((violation) => blocking.has(violation.impact))
    .map((violation) => `${name}: ${violation.id} (${violation.impact}) at ` +
         violation.nodes.map((node) => node.target.join(' ')).join(', '));
}
