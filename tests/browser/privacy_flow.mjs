// Asks for one's data to be erased in a real browser, as a customer would:
// fills in /prywatnosc, reads the confirmation mail the SMTP sink caught,
// opens its link (which shows a button and erases nothing) and confirms;
// a second confirmation finds the link used. Keeps a screenshot of every page.
//
// node privacy_flow.mjs BASE_URL EMAIL MAILBOX_DIR SCREENSHOT_DIR
// BASE_URL is the gateway's; the mail's links carry the core's --public_url,
// which the script swaps for it. Exits 0 when every check held; prints what
// failed otherwise.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, launchChromium } from './browser.mjs';

const [baseUrl, email, mailbox, outDir] = process.argv.slice(2);

// requestLink returns the path of the link in the sink's request mail to
// `email`, waiting up to 20 s for it.
async function requestLink() {
  const box = join(mailbox, 'new');
  for (let waited = 0; waited < 20000; waited += 100) {
    let names = [];
    try { names = readdirSync(box); } catch { /* not made yet */ }
    for (const name of names) {
      const raw = readFileSync(join(box, name), 'utf8');
      const split = raw.search(/\r?\n\r?\n/);
      if (!raw.slice(0, split).includes(`To: <${email}>`)) continue;
      // The request mail is one base64 text part.
      const text = Buffer.from(raw.slice(split).replace(/\s/g, ''), 'base64').toString('utf8');
      const link = text.match(/https?:\/\/[^/\s]+(\/prywatnosc\/[A-Za-z0-9_-]+)/);
      if (link) return link[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`check failed: a mail to ${email} with the link arrives`);
}

const browser = await launchChromium();
try {
  const page = await browser.newPage({ locale: 'pl-PL' });
  page.setDefaultTimeout(15000);

  await page.goto(`${baseUrl}/prywatnosc`);
  await page.screenshot({ path: `${outDir}/privacy-1-form.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Twoje dane'), 'the form has its heading');
  check(await page.isChecked('input[name="action"][value="erase"]'), 'erasure is the default');
  await page.fill('#email', email);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.screenshot({ path: `${outDir}/privacy-2-sent.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Sprawdź skrzynkę'), 'the page says to check the mail');

  const link = await requestLink();
  await page.goto(`${baseUrl}${link}`);
  await page.screenshot({ path: `${outDir}/privacy-3-confirm.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Usunąć Twoje dane?'), 'the link asks first');
  check((await page.textContent('main')).includes('@'), 'the link names the address, masked');
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.screenshot({ path: `${outDir}/privacy-4-done.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Dane usunięte'), 'the erasure is confirmed');

  // The link works once.
  const again = await page.goto(`${baseUrl}${link}`);
  check(again.status() === 404, 'a used link is refused');
  console.log('browser privacy flow: all checks held');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
