// An owner deletes their account in a real browser and undoes it: signs up,
// opens "Konto", enters a wrong password (refused, nothing changes), then the
// right one (the page says when the account goes, and the session is gone);
// logs in again, and the shops page says the deletion was cancelled. Keeps
// a screenshot of every page.
//
// node account_deletion_flow.mjs BASE_URL SCREENSHOT_DIR
// Exits 0 when every check held; prints what failed otherwise.
import { check, launchChromium } from './browser.mjs';

const [baseUrl, outDir] = process.argv.slice(2);
const password = 'correct horse battery staple';
const email = `odchodzacy-${Date.now().toString(36)}@example.com`;

async function submit(page) {
  await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
}

const browser = await launchChromium();
try {
  const page = await browser.newPage({ locale: 'pl-PL' });
  page.setDefaultTimeout(15000);

  await page.goto(`${baseUrl}/panel/signup`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await submit(page);
  check((await page.textContent('h1')).includes('Twoje sklepy'), 'sign-up leads to the shops');

  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/panel/account"]')]);
  await page.screenshot({ path: `${outDir}/account-1-form.png`, fullPage: true });
  check((await page.textContent('main')).includes('po 14 dniach'), 'the page names the grace');
  await page.fill('#password', 'to nie jest moje hasło');
  await submit(page);
  await page.screenshot({ path: `${outDir}/account-2-wrong.png`, fullPage: true });
  check((await page.textContent('main')).includes('Nieprawidłowe hasło'),
        'a wrong password is refused');

  await page.fill('#password', password);
  await submit(page);
  await page.screenshot({ path: `${outDir}/account-3-scheduled.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Konto zostanie usunięte'),
        'the deletion is scheduled');
  await page.goto(`${baseUrl}/panel`);
  check(page.url().endsWith('/panel/login'), 'the owner is logged out');

  await page.fill('#email', email);
  await page.fill('#password', password);
  await submit(page);
  await page.screenshot({ path: `${outDir}/account-4-undone.png`, fullPage: true });
  check((await page.textContent('#deletion-cancelled')).includes('usuwanie anulowaliśmy'),
        'logging in undid the deletion and the page says so');
  console.log('browser account deletion flow: all checks held');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
