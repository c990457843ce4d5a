// Rates a shop in a real browser, as a customer would: follows the 4-star
// link of an invitation e-mail (the form opens with 4 stars chosen, and the
// shop still has no opinion: a GET stores nothing), writes a comment with
// Polish letters, submits, then opens the shop's public page and checks the
// opinion, the average, the rating bars and the JSON-LD there (the shop's
// numeric URL moves to its readable one). Keeps a screenshot of every page,
// and axe-core's report of the form and the empty and the rated public page,
// none of which may have a serious or critical violation.
//
// node opinion_flow.mjs FORM_URL SHOP_URL SCREENSHOT_DIR
// Exits 0 when every check held; prints what failed otherwise.
import { check, launchChromium } from './browser.mjs';
import { auditPage } from './accessibility.mjs';

const [formUrl, shopUrl, outDir] = process.argv.slice(2);
const comment = 'Zażółć gęślą jaźń – paczka dotarła szybko, polecam!';
const inaccessible = [];

// Debian's Chromium, headless; no background traffic (the machine has no
// internet, and tests never leave loopback).
const browser = await launchChromium();
try {
  const page = await browser.newPage({ locale: 'pl-PL' });
  page.setDefaultTimeout(15000);

  await page.goto(formUrl);
  await page.screenshot({ path: `${outDir}/1-form.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Oceń sklep'), 'the form has its heading');
  check(await page.isChecked('input[name="rating"][value="4"]'), 'the star link chose 4 stars');
  inaccessible.push(...await auditPage(page, 'opinion-form', outDir));
  const before = await browser.newPage({ locale: 'pl-PL' });
  await before.goto(shopUrl);
  await before.screenshot({ path: `${outDir}/0-shop-empty.png`, fullPage: true });
  check((await before.textContent('main')).includes('nie ma jeszcze opinii'),
        'following the star link stored no opinion');
  check(!(await before.textContent('main')).includes('0,0'), 'no 0,0 reads as a bad rating');
  check((await before.locator('script[type="application/ld+json"]').count()) === 0,
        'no structured data without opinions');
  inaccessible.push(...await auditPage(before, 'shop-empty', outDir));
  await before.close();

  // Sent without consent first: the form comes back with the message next to it.
  await page.check('input[name="rating"][value="4"]');
  await page.fill('#comment', comment);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.screenshot({ path: `${outDir}/2-consent-missing.png`, fullPage: true });
  check(await page.isVisible('#consent-error'), 'the missing consent is explained');
  check((await page.inputValue('#comment')) === comment, 'the comment is kept');

  await page.check('input[name="consent"]');
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.screenshot({ path: `${outDir}/3-thanks.png`, fullPage: true });
  check((await page.textContent('h1')).includes('Dziękujemy'), 'the thank-you page shows');

  await page.goto(shopUrl);
  await page.screenshot({ path: `${outDir}/4-shop.png`, fullPage: true });
  inaccessible.push(...await auditPage(page, 'shop-rated', outDir));
  const text = await page.textContent('main');
  check(text.includes(comment), 'the shop page shows the comment');
  check((await page.textContent('.big')) === '4,0', 'the shop page shows the average 4,0');
  check(text.includes('(1 opinia)'), 'the shop page counts one opinion');
  check(/\/sklep\/[a-z0-9-]+$/.test(page.url()) && !/\/sklep\/\d+$/.test(page.url()),
        `the numeric URL moved to the readable one (${page.url()})`);
  const bars = page.locator('ul.distribution li');
  check((await bars.count()) === 5, 'five rating bars');
  check((await bars.nth(1).textContent()).includes('1 (100%)'), 'the 4-star bar holds the opinion');
  const barWidth = await bars.nth(1).locator('.bar').evaluate((bar) => bar.getBoundingClientRect().width);
  const trackWidth = await bars.nth(1).locator('.bar-track').evaluate((track) => track.getBoundingClientRect().width);
  check(barWidth > 0 && Math.abs(barWidth - trackWidth) < 1, 'the 4-star bar is full');
  check(await bars.nth(0).locator('.bar').evaluate((bar) => bar.getBoundingClientRect().width) === 0,
        'the 5-star bar is empty');
  const jsonLd = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  check(jsonLd['@type'] === 'Organization' && jsonLd.aggregateRating.ratingValue === 4 &&
        jsonLd.aggregateRating.ratingCount === 1 && jsonLd.review[0].reviewBody === comment,
        'the JSON-LD describes the shop and its opinion');
  check(await page.getAttribute('meta[property="og:title"]', 'content') ===
        (await page.title()), 'the Open Graph title is the page\'s');
  check(inaccessible.length === 0,
        `no serious or critical axe violation (${inaccessible.join('; ')})`);
  console.log('browser flow: all checks held');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
