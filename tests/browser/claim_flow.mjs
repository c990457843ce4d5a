// A shop's admin claims the shop in a real browser: open the Opinus app's
// page as Shoper opens it (a signed query), follow its one-time link, sign
// up, attach the shop, and find it in the panel. Runs axe on each new page
// and keeps a screenshot of each.
//
// node claim_flow.mjs BASE_URL ADMIN_PATH EMAIL PASSWORD SHOP_ID SCREENSHOT_DIR
// Exits 0 when every check held; prints what failed otherwise.
import { check, launchChromium } from './browser.mjs';
import { auditPage } from './accessibility.mjs';

const [baseUrl, adminPath, email, password, shopId, outDir] = process.argv.slice(2);

const browser = await launchChromium();
try {
  const admin = await browser.newContext({ locale: 'pl-PL' });
  const app = await admin.newPage();
  app.setDefaultTimeout(15000);
  const inaccessible = [];

  const shown = await app.goto(`${baseUrl}${adminPath}`);
  check(shown.status() === 200, `the signed app page opens (${shown.status()})`);
  check((await shown.headerValue('x-frame-options')) === null, 'the app page may be framed');
  await app.screenshot({ path: `${outDir}/claim-1-app.png`, fullPage: true });
  check((await app.textContent('[role="status"]')).includes('Połączono'), 'it says connected');
  inaccessible.push(...await auditPage(app, 'claim-app', outDir));

  // The link opens in a new tab, out of Shoper's frame.
  const [page] = await Promise.all([admin.waitForEvent('page'),
                                    app.click('a[href^="/panel/claim/"]')]);
  page.setDefaultTimeout(15000);
  await page.waitForLoadState();
  await page.screenshot({ path: `${outDir}/claim-2-link.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Przypisz sklep'), 'the link shows the shop');
  inaccessible.push(...await auditPage(page, 'claim-link', outDir));

  await Promise.all([page.waitForNavigation(), page.click('a[href^="/panel/signup?claim="]')]);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.screenshot({ path: `${outDir}/claim-3-confirm.png`, fullPage: true });
  check(page.url().includes('/panel/claim/'), 'sign-up comes back to the link');
  check((await page.textContent('main')).includes(email), 'the form names the account');
  inaccessible.push(...await auditPage(page, 'claim-confirm', outDir));

  await Promise.all([page.waitForNavigation(),
                     page.click('form[action^="/panel/claim/"] button[type="submit"]')]);
  await page.screenshot({ path: `${outDir}/claim-4-shop.png`, fullPage: true });
  check(page.url().endsWith(`/panel/shops/${shopId}`), `the claim leads to the shop (${page.url()})`);

  await page.goto(`${baseUrl}/panel`);
  await page.screenshot({ path: `${outDir}/claim-5-shops.png`, fullPage: true });
  check((await page.locator(`a[href^="/panel/shops/${shopId}"]`).count()) > 0,
        'the panel lists the shop');

  check(inaccessible.length === 0,
        `no serious or critical axe violation (${inaccessible.join('; ')})`);
  console.log('claim flow: all checks held');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
