// The owner's way through the panel in a real browser, as the integration
// guide describes it: sign up, add a shop, reveal and copy the key, set the
// invitation delay to 3 days and save, then (this script standing in for
// Shoper) post the sample webhook with that key, and see the delivery in
// "Integracja Shoper" with outcome "scheduled" and the invitation planned 3
// days after the order's status date, in the shop's local time (the page
// names its zone once, and no column says UTC); post it once more as XML and see
// the note that says to set Format: JSON; cancel the invitation and send it
// again; make an API token and use it. Finally a second owner gets 404 for the
// first owner's shop. Keeps a screenshot of every page, and axe-core's
// report of the login, shops, settings, inspector and dashboard pages, none of
// which may have a serious or critical violation.
//
// node panel_flow.mjs BASE_URL SAMPLE_BODY_FILE SCREENSHOT_DIR
// Exits 0 when every check held; prints what failed otherwise.
import { readFileSync } from 'node:fs';
import { check, launchChromium } from './browser.mjs';
import { auditPage } from './accessibility.mjs';

const [baseUrl, sampleFile, outDir] = process.argv.slice(2);
const sample = readFileSync(sampleFile, 'utf8');
const password = 'correct horse battery staple';
const run = Date.now().toString(36);
const inaccessible = [];

// PlannedDate returns the day, as the panel writes it in Polish, that is
// `days` after the sample's status date (YYYY-MM-DD HH:MM:SS, Warsaw time,
// which the panel shows in the shop's zone, Warsaw).
function plannedDate(statusDate, days) {
  const [year, month, day] = statusDate.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}.${pad(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
}

async function signUp(page, email) {
  await page.goto(`${baseUrl}/panel/signup`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

const browser = await launchChromium();
try {
  const owner = await browser.newContext({ locale: 'pl-PL' });
  await owner.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await owner.newPage();
  page.setDefaultTimeout(15000);

  await page.goto(`${baseUrl}/panel/login`);
  inaccessible.push(...await auditPage(page, 'panel-login', outDir));
  await signUp(page, `wlasciciel-${run}@example.com`);
  await page.screenshot({ path: `${outDir}/panel-1-shops.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Twoje sklepy'), 'sign-up leads to the shops');
  check((await page.textContent('#confirm-email')).includes('żaden z Twoich sklepów nie wyśle'),
        'the shops page says invitations wait for the e-mail confirmation');

  await page.fill('#name', 'Ceramika Kowalski');
  await page.fill('#domain', 'sklep123456.shoparena.pl');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/panel/shops"] button')]);
  const shopUrl = page.url();
  await page.screenshot({ path: `${outDir}/panel-2-key-masked.png`, fullPage: true });
  check((await page.textContent('h1')).includes('komunikacja sklepu z Opinus (api)'),
        'the new shop shows its key section');
  check(!/[A-Za-z0-9]{20}/.test(await page.textContent('#api-key')), 'the key is masked');
  check((await page.textContent('main')).includes('To Twój poufny klucz.'),
        'the key is said to be confidential');

  await Promise.all([page.waitForNavigation(), page.click('#reveal-key')]);
  const key = (await page.textContent('#api-key')).trim();
  check(/^[A-Za-z0-9]{20}$/.test(key), `the revealed key has 20 letters and digits (${key})`);
  await page.click('#copy-key');
  await page.waitForFunction(() => document.querySelector('#copy-key').textContent === 'Skopiowano');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied === key, 'the copy button put the key into the clipboard');
  await page.screenshot({ path: `${outDir}/panel-3-key-copied.png`, fullPage: true });

  // A value out of range first: explained next to its field, the entry kept.
  await page.fill('#invitation_delay_days', '91');
  await Promise.all([page.waitForNavigation(), page.click('#save')]);
  await page.screenshot({ path: `${outDir}/panel-4-delay-invalid.png`, fullPage: true });
  check(await page.isVisible('#invitation_delay_days-error'), 'the bad delay is explained');
  check((await page.inputValue('#invitation_delay_days')) === '91', 'the entered delay is kept');

  await page.fill('#invitation_delay_days', '3');
  await Promise.all([page.waitForNavigation(), page.click('#save')]);
  await page.screenshot({ path: `${outDir}/panel-5-saved.png`, fullPage: true });
  inaccessible.push(...await auditPage(page, 'panel-settings', outDir));
  check((await page.textContent('#notice')).includes('Zapisano dane.'), 'saving says so');
  check((await page.inputValue('#invitation_delay_days')) === '3', 'the delay is 3');

  // Shoper's webhook, sent with the key copied from the panel.
  const delivery = await fetch(`${baseUrl}/api/${copied}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8',
               'X-Webhook-Name': 'order.status', 'X-Webhook-Id': '12',
               'User-Agent': 'Shop Webhook Sender 5.26.54' },
    body: sample,
  });
  const outcome = await delivery.json();
  check(delivery.status === 200 && outcome.outcome === 'scheduled',
        `the webhook was taken (${delivery.status} ${JSON.stringify(outcome)})`);

  await Promise.all([page.waitForNavigation(), page.click('nav.shop-nav >> text=Integracja Shoper')]);
  await page.screenshot({ path: `${outDir}/panel-6-shoper.png`, fullPage: true });
  const row = page.locator('tr.delivery').first();
  check((await row.getAttribute('data-outcome')) === 'scheduled', 'the delivery was scheduled');
  check((await row.textContent()).includes('1043'), 'the delivery names the order');
  const expected = plannedDate(JSON.parse(sample).status_date, 3);
  const planned = await row.locator('td.planned').textContent();
  check(planned.includes(expected), `the invitation is planned for ${expected} (${planned})`);
  check((await page.textContent('#time-zone')).includes('Europe/Warsaw'),
        'the page names the shop\'s time zone');
  // The outcome in Polish, from the core's reason code; the planned column
  // holds the page's one planned time.
  const outcomeText = (await row.locator('td.outcome').textContent()).trim();
  check(outcomeText === 'zaplanowano zaproszenie', `the outcome is worded in Polish (${outcomeText})`);
  const deliveries = await page.textContent('#deliveries');
  check(!/invitation|due|UTC/.test(deliveries), `no English in the inspector (${deliveries})`);
  check((await page.textContent('main')).includes('order.status'), 'the steps name the event');
  await Promise.all([page.waitForNavigation(), page.click('#reveal-url')]);
  check((await page.textContent('#webhook-url')).trim() === `${baseUrl}/api/${key}`,
        'the URL to paste is the public URL and the key');
  await page.screenshot({ path: `${outDir}/panel-7-shoper-url.png`, fullPage: true });
  inaccessible.push(...await auditPage(page, 'panel-inspector', outDir));

  // A webhook set to Format: XML: refused, and the inspector says what to change.
  check(!(await page.isVisible('#xml-hint')), 'no XML note while every delivery is JSON');
  const xml = await fetch(`${baseUrl}/api/${copied}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', 'X-Webhook-Name': 'order.status' },
    body: '<?xml version="1.0" encoding="UTF-8"?><order><order_id>1044</order_id></order>',
  });
  check(xml.status === 415, `the XML delivery was refused (${xml.status})`);
  await page.reload();
  check(await page.isVisible('#xml-hint'), 'the inspector shows the XML note');
  const hint = await page.textContent('#xml-hint');
  check(hint.includes('Webhooki') && hint.includes('Format') && hint.includes('JSON'),
        `the note says where to set Format: JSON (${hint})`);
  const xmlRow = page.locator('tr.delivery').first();
  check((await xmlRow.getAttribute('data-reason')) === 'ORDER_EVENT_REASON_XML_FORMAT',
        'the XML delivery is the newest row');
  await page.screenshot({ path: `${outDir}/panel-7b-shoper-xml.png`, fullPage: true });
  inaccessible.push(...await auditPage(page, 'panel-inspector-xml', outDir));

  // The invitation: cancelled, then sent again.
  await Promise.all([page.waitForNavigation(), page.click('nav.shop-nav >> text=Zaproszenia')]);
  const invitation = page.locator('#invitations tr').first();
  check((await invitation.getAttribute('data-state')) === 'scheduled', 'the invitation is scheduled');
  check((await invitation.textContent()).includes(expected), 'the list shows when it leaves');
  check((await page.textContent('#time-zone')).includes('Europe/Warsaw'),
        'the invitations name the shop\'s time zone');
  check(!(await page.textContent('main')).includes('UTC'), 'no invitation time says UTC');
  check((await page.textContent('#mail-feedback')).includes('0 odbitych'),
        'the page counts what came back (nothing yet)');
  await Promise.all([page.waitForNavigation(), invitation.locator('button').click()]);
  check((await page.textContent('main')).includes('Anulowano zaproszenie.'), 'cancelling says so');
  check((await page.locator('#invitations tr').first().getAttribute('data-state')) === 'cancelled',
        'the invitation is cancelled');
  await Promise.all([page.waitForNavigation(),
                     page.locator('#invitations tr').first().locator('button').click()]);
  check((await page.locator('#invitations tr').first().getAttribute('data-state')) === 'scheduled',
        'the invitation is scheduled again');
  await page.screenshot({ path: `${outDir}/panel-8-invitations.png`, fullPage: true });

  // "Podsumowanie", the shop's first tab: the webhooks (the JSON one and the
  // refused XML one: both arrived) and the invitation counted, in the shop's
  // zone, the chart's text alternative in place.
  await Promise.all([page.waitForNavigation(), page.click('nav.shop-nav >> text=Podsumowanie')]);
  check((await page.textContent('#webhooks-7d')).trim() === '2', 'the dashboard counts the webhooks');
  check((await page.textContent('#invitations-scheduled')).trim() === '1',
        'the dashboard counts the scheduled invitation');
  check((await page.textContent('#opinions-received')).trim() === '0', 'no opinion yet');
  check((await page.textContent('#time-zone')).includes('Europe/Warsaw'),
        'the dashboard names the shop\'s time zone');
  check(!(await page.textContent('main')).includes('UTC'), 'no dashboard time says UTC');
  check(await page.locator('#webhooks-silent').isHidden(), 'no warning: a webhook just came');
  await page.screenshot({ path: `${outDir}/panel-11-dashboard.png`, fullPage: true });
  inaccessible.push(...await auditPage(page, 'panel-dashboard', outDir));
  await Promise.all([page.waitForNavigation(), page.click('nav.panel-nav >> text=Sklepy')]);
  check((await page.textContent('#shops td.last-webhook')).includes('(Europe/Warsaw)'),
        'the shops list shows the last webhook in the shop\'s zone');
  await page.screenshot({ path: `${outDir}/panel-12-shops-state.png`, fullPage: true });
  inaccessible.push(...await auditPage(page, 'panel-shops', outDir));

  // A personal access token for the JSON API, shown once.
  await Promise.all([page.waitForNavigation(), page.click('nav.panel-nav >> text=Tokeny API')]);
  await page.fill('#name', 'skrypt');
  await Promise.all([page.waitForNavigation(),
                     page.click('form[action="/panel/tokens"] button[type="submit"]')]);
  const token = (await page.textContent('#token-secret')).trim();
  await page.screenshot({ path: `${outDir}/panel-9-token.png`, fullPage: true });
  const listed = await fetch(`${baseUrl}/v1/shops`, { headers: { Authorization: `Bearer ${token}` } });
  const shops = await listed.json();
  check(listed.status === 200 && shops.shops.length === 1 && shops.shops[0].webhook_key === key,
        `the token lists the owner's shop (${listed.status})`);

  // Somebody else's shop does not exist for a second owner.
  const stranger = await browser.newContext({ locale: 'pl-PL' });
  const other = await stranger.newPage();
  other.setDefaultTimeout(15000);
  await signUp(other, `inny-${run}@example.com`);
  const response = await other.goto(shopUrl);
  await other.screenshot({ path: `${outDir}/panel-10-other-owner.png`, fullPage: true });
  check(response.status() === 404, `a second owner gets 404 for the shop (${response.status()})`);
  check(!(await other.content()).includes(key), 'a second owner never sees the key');
  check(inaccessible.length === 0,
        `no serious or critical axe violation (${inaccessible.join('; ')})`);
  console.log('panel flow: all checks held');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
