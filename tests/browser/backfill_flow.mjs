// An owner invites the customers of past orders in a real browser: log in,
// open "Integracja Shoper", follow the link to "Zaproś klientów z ostatnich
// dni", count the orders of the default 30 days, confirm, and see the
// backfill's progress reach every order. Keeps a screenshot of every page.
//
// node backfill_flow.mjs BASE_URL EMAIL PASSWORD SHOP_ID EXPECTED_COUNT SCREENSHOT_DIR
// Exits 0 when every check held; prints what failed otherwise.
import { check, launchChromium } from './browser.mjs';

const [baseUrl, email, password, shopId, expected, outDir] = process.argv.slice(2);

const browser = await launchChromium();
try {
  const owner = await browser.newContext({ locale: 'pl-PL' });
  const page = await owner.newPage();
  page.setDefaultTimeout(15000);

  await page.goto(`${baseUrl}/panel/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);

  await page.goto(`${baseUrl}/panel/shops/${shopId}/shoper`);
  await Promise.all([page.waitForNavigation(), page.click('#backfill-link a')]);
  await page.screenshot({ path: `${outDir}/backfill-1-form.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Zaproś klientów z ostatnich dni'),
        'the link leads to the backfill page');
  check((await page.inputValue('#days')) === '30', 'the form offers 30 days');
  check(await page.isHidden('#backfill-confirm'), 'nothing to confirm before counting');

  await Promise.all([page.waitForNavigation(), page.click('#count-orders')]);
  await page.screenshot({ path: `${outDir}/backfill-2-count.png`, fullPage: true });
  check((await page.textContent('#backfill-count')).trim() === expected,
        `the page counts ${expected} orders`);
  check(await page.isVisible('#confirm-backfill'), 'the count asks to confirm');

  await Promise.all([page.waitForNavigation(), page.click('#confirm-backfill')]);
  await page.screenshot({ path: `${outDir}/backfill-3-started.png`, fullPage: true });
  check(page.url().endsWith('?started=1'), 'confirming starts it');
  check((await page.textContent('#backfill-notice')).includes('Rozpoczęte'),
        'the page says it started');

  let scheduled = '';
  for (let i = 0; i < 60 && scheduled !== expected; ++i) {
    await page.waitForTimeout(1000);
    await page.goto(`${baseUrl}/panel/shops/${shopId}/backfill`);
    scheduled = (await page.textContent('#backfill-scheduled')).trim();
  }
  await page.screenshot({ path: `${outDir}/backfill-4-done.png`, fullPage: true });
  check(scheduled === expected, `the progress reaches ${expected} scheduled`);
  check((await page.textContent('#backfill-state')).includes('zakończone'), 'it is done');
  console.log('all checks held');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
