#!/usr/bin/env node
// A2: the public pages in a real Chromium, as a visitor walks them.
//
//   node public.mjs BASE_URL            (THEME=neutral when the server runs the neutral theme)
//
// Walks home → an event → one of its tags, then visits the other public pages and a 404. On
// every page: axe-core finds no WCAG 2.1 A/AA violation, html[lang=fr], exactly one h1, a skip
// link to the main content, no failed same-origin request, no script error. Then the same walk
// with JavaScript disabled on a phone-sized screen, a pass that looks for Content-Security-Policy
// violations (the axe pass must bypass CSP to inject axe), and the theme's branding.
//
// Prints one line per check and closes with "N passed, M failed"; exits 1 on any failure.
// Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); Playwright gives every launch a
// fresh temporary profile.

import { chromium } from 'playwright-core';
import { audit, check, errorFocus, CHROMIUM_ARGS, cspPass, finish, follow, h1Text, NAV_TIMEOUT_MS, report, runWithin, setup, visit, watch } from './audit.mjs';

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node public.mjs BASE_URL   (e.g. http://127.0.0.1:8099)');
  process.exit(2);
}
const theme = process.env.THEME || '';

setup(base);

const CARD_LINK = ['main .fr-card:has(.ren-card__tags) .fr-card__title a', 'main .fr-card__title a'];
const TOTAL_TIMEOUT_MS = 100_000;

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 15_000,
  });
  const visited = new Set();
  try {
    // 1. The walk with JavaScript, as most visitors see the site. CSP is bypassed only so that
    //    axe can be injected; pass 3 checks the CSP itself.
    const context = await browser.newContext({
      bypassCSP: true,
      locale: 'fr-FR',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const seen = watch(page);

    let eventPath = null;
    let tagPath = null;

    await check('home page', async () => {
      const status = await visit(page, '/');
      visited.add('/');
      const problems = status === 200 ? [] : [`status ${status}`];
      return [...problems, ...(await audit(page, seen, '/'))];
    });

    await check('keyboard: the first Tab reaches the skip link, which moves focus to the content', async () => {
      const problems = [];
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const a = document.activeElement;
        const box = a.getBoundingClientRect();
        return { href: a.getAttribute('href'), visible: box.width > 0 && box.height > 0 && box.bottom > 0 };
      });
      if (first.href !== '#contenu') problems.push(`first Tab focuses ${JSON.stringify(first.href)}, expected the skip link`);
      else if (!first.visible) problems.push('the focused skip link is not visible');
      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
      if (focused !== 'contenu') problems.push(`after Enter the focus is on #${focused}, expected #contenu`);
      return problems;
    });

    await check('home → event page', async () => {
      eventPath = await follow(page, CARD_LINK, 'event card');
      visited.add(eventPath);
      const problems = [];
      if (!/^\/evenements\/[^/]+$/.test(eventPath)) problems.push(`landed on ${eventPath}`);
      if ((await page.locator('main time[datetime]').count()) === 0) problems.push('no <time datetime> for the dates');
      const ics = page.locator('main a', { hasText: 'Ajouter à mon agenda' });
      if ((await ics.count()) === 0) problems.push('no "Ajouter à mon agenda" link');
      return [...problems, ...(await audit(page, seen))];
    });

    // Issue 19 (A2): cards and the event page say, live, where registration and the call stand.
    await check('cards and the event page tell the registration and call states', async () => {
      await visit(page, '/');
      const problems = [];
      const texts = await page.locator('main .ren-card__live li').allTextContents();
      if (!texts.some((t) => /^Appel à interventions ouvert jusqu'au \d/.test(t.trim()))) {
        problems.push(`no card says the call is open until a date: ${JSON.stringify(texts)}`);
      }
      if (!texts.some((t) => /^Inscriptions ouvertes/.test(t.trim()))) {
        problems.push(`no card says registrations are open: ${JSON.stringify(texts)}`);
      }
      const callCard = page.locator('main .fr-card', { hasText: 'Appel à interventions ouvert' }).first();
      await Promise.all([page.waitForNavigation(), callCard.locator('.fr-card__title a').click()]);
      const call = (await page.locator('#etat-appel').textContent() || '').trim();
      if (!/^Appel à interventions ouvert jusqu'au \d+(er)? [a-zéû]+( \d{4})? à \d+ h \d\d$/.test(call)) {
        problems.push(`event page says ${JSON.stringify(call)} about the call`);
      }
      visited.add(new URL(page.url()).pathname);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('event page → tag page', async () => {
      tagPath = await follow(page, 'main .fr-tags-group a.fr-tag', 'tag link');
      visited.add(tagPath);
      const problems = [];
      if (!/^\/etiquettes\/[^/]+$/.test(tagPath)) problems.push(`landed on ${tagPath}`);
      const tag = decodeURIComponent(tagPath.split('/').pop());
      const h1 = await h1Text(page);
      if (!h1.includes(tag)) problems.push(`h1 ${JSON.stringify(h1)} does not name the tag ${JSON.stringify(tag)}`);
      return [...problems, ...(await audit(page, seen, '/etiquettes'))];
    });

    // The legal pages (H1) are in the footer, not the main navigation: no section is current.
    for (const [path, name, section] of [
      ['/evenements', 'upcoming events page', '/evenements'],
      ['/archives', 'past editions page', '/archives'],
      ['/etiquettes', 'tag index page', '/etiquettes'],
      ['/accessibilite', 'accessibility statement (H1)', null],
      ['/mentions-legales', 'legal notice (H1)', null],
      ['/donnees-personnelles', 'personal data page (H1)', null],
      ['/plan-du-site', 'site map (H1)', null],
    ]) {
      await check(name, async () => {
        const status = await visit(page, path);
        visited.add(path);
        const problems = status === 200 ? [] : [`status ${status}`];
        if (!section && (await page.locator(`.fr-footer__bottom-list a[href="${path}"]`).count()) !== 1) {
          problems.push(`no link to ${path} in the footer`);
        }
        return [...problems, ...(await audit(page, seen, section))];
      });
    }

    // F1: the gazette's archive, one of its issues (from the demo), the answer to subscribing.
    for (const [path, name] of [
      ['/gazette', 'gazette archive and subscription form (F1)'],
      ['/gazette/31', 'one issue of the gazette (F1)'],
      ['/gazette/inscription', 'gazette: check your mailbox (F1)'],
      ['/gazette/desinscription', 'gazette: left (F1)'],
    ]) {
      await check(name, async () => {
        const status = await visit(page, path);
        visited.add(path);
        const problems = status === 200 ? [] : [`status ${status}`];
        if ((await page.locator('footer form[action="/gazette"] input[name=email]').count()) !== 1) {
          problems.push('no gazette form in the footer');
        }
        return [...problems, ...(await audit(page, seen))];
      });
    }

    // Issue 15 (RGAA 11.10): a refused subscription puts the focus on the error summary.
    await check('gazette: a bad address and no consent, the focus is on the error summary', async () => {
      await visit(page, '/gazette');
      await page.fill('#email', 'pas-une-adresse');
      await Promise.all([page.waitForEvent('load', { timeout: NAV_TIMEOUT_MS }), page.locator('main form[action="/gazette"] button').click()]);
      const problems = [];
      if ((await page.locator('#email-erreur').count()) !== 1) problems.push('no error beside the address');
      return [...problems, ...(await errorFocus(page)), ...(await audit(page, seen))];
    });

    await check('gazette: subscribing from the footer answers the same page without JavaScript errors', async () => {
      await visit(page, '/gazette');
      await page.fill('#email', 'lectrice@example.org');
      await page.locator('label[for=consent]').click();
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/gazette/inscription', { timeout: NAV_TIMEOUT_MS }),
        page.locator('main form[action="/gazette"] button').click(),
      ]);
      return await audit(page, seen);
    });

    await check('unknown page is a French 404', async () => {
      const path = '/cette-page-n-existe-pas';
      const status = await visit(page, path);
      visited.add(path);
      const problems = status === 404 ? [] : [`status ${status}, expected 404`];
      if ((await page.locator('main a[href="/"]').count()) === 0) problems.push('no link back home in <main>');
      return [...problems, ...(await audit(page, seen))];
    });

    // H2: the main pages again in English (`?lang=en`, then kept by the cookie), with the same
    // checks: `<html lang="en">`, axe, vnu and the RGAA checks of audit.mjs.
    const english = [
      ['/?lang=en', '/'],
      ['/evenements?lang=en', '/evenements'],
      ['/archives?lang=en', '/archives'],
      ['/etiquettes?lang=en', '/etiquettes'],
      ['/accessibilite?lang=en', null],
      ['/mentions-legales?lang=en', null],
      ['/donnees-personnelles?lang=en', null],
      ['/plan-du-site?lang=en', null],
      ['/gazette?lang=en', null],
      ['/gazette/31?lang=en', null],
    ];
    for (const [path, section] of english) {
      await check(`in English: ${path}`, async () => {
        const status = await visit(page, path);
        visited.add(path);
        const problems = status === 200 ? [] : [`status ${status}`];
        const lang = await page.evaluate(() => document.documentElement.lang);
        if (lang !== 'en') problems.push(`<html lang="${lang}">`);
        return [...problems, ...(await audit(page, seen, section))];
      });
    }
    await check('in English: an event page marks its French body', async () => {
      await visit(page, '/evenements?lang=en');
      const path = await follow(page, CARD_LINK, 'event card');
      const problems = [];
      const body = await page.locator('.ren-body').getAttribute('lang');
      if (body !== 'fr') problems.push(`the French body has lang=${JSON.stringify(body)}`);
      return [...problems, ...(await audit(page, seen))];
    });
    await check('in English: unknown page is a 404', async () => {
      const status = await visit(page, '/cette-page-n-existe-pas?lang=en');
      const problems = status === 404 ? [] : [`status ${status}, expected 404`];
      if (!/not found/i.test(await h1Text(page))) problems.push('the 404 is not in English');
      return [...problems, ...(await audit(page, seen))];
    });
    // Back to French for what follows.
    await visit(page, '/?lang=fr');

    // The theme: State branding with "dsfr", none at all with "neutral".
    if (theme === 'neutral' || theme === 'dsfr') {
      await check(`${theme} theme branding`, async () => {
        await visit(page, '/');
        const branding = await page.evaluate(() => {
          const zones = [document.querySelector('header'), document.querySelector('footer')];
          return zones.map((z) => ({
            logo: z ? z.querySelectorAll('.fr-logo').length : -1,
            republique: z ? /République/i.test(z.textContent) : false,
          }));
        });
        const marianne = seen.urls.filter((u) => /Marianne/i.test(u));
        const problems = [];
        if (theme === 'neutral') {
          if (branding[0].logo !== 0 || branding[0].republique) problems.push('the header shows the République Française block');
          if (branding[1].logo !== 0 || branding[1].republique) problems.push('the footer shows the République Française block');
          if (marianne.length > 0) problems.push(`the Marianne font was loaded: ${marianne[0]}`);
          const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
          if (/Marianne/i.test(font)) problems.push(`body font is ${font}`);
        } else {
          if (branding[0].logo !== 1 || !branding[0].republique) problems.push('the header lacks the République Française block');
        }
        return problems;
      });
    }
    await context.close();

    // 2. Without JavaScript, on a phone-sized screen: the navigation is visible and every
    //    step of the walk still works.
    const nojs = await browser.newContext({
      javaScriptEnabled: false,
      locale: 'fr-FR',
      viewport: { width: 390, height: 844 },
    });
    const plain = await nojs.newPage();
    await check('without JavaScript: navigation, event, tag', async () => {
      const problems = [];
      const status = await visit(plain, '/');
      if (status !== 200) problems.push(`home status ${status}`);
      for (const href of ['/', '/evenements', '/archives', '/etiquettes']) {
        const link = plain.locator(`#navigation-principale a[href="${href}"]`);
        if (!(await link.isVisible())) problems.push(`navigation link ${href} is not visible`);
      }
      const reached = await follow(plain, '#navigation-principale a[href="/evenements"]', 'navigation link');
      if (reached !== '/evenements') problems.push(`navigation led to ${reached}`);
      if ((await plain.locator('main .fr-card__title a').count()) > 0) {
        const event = await follow(plain, CARD_LINK, 'event card');
        if (!/^\/evenements\/[^/]+$/.test(event)) problems.push(`card led to ${event}`);
      } else {
        // No upcoming event: reach one through the past editions.
        await follow(plain, '#navigation-principale a[href="/archives"]', 'navigation link');
        await follow(plain, CARD_LINK, 'event card');
      }
      const tag = await follow(plain, 'main .fr-tags-group a.fr-tag', 'tag link');
      if (!/^\/etiquettes\/[^/]+$/.test(tag)) problems.push(`tag link led to ${tag}`);
      const h1 = await plain.locator('h1').count();
      if (h1 !== 1) problems.push(`${h1} h1 on the tag page`);
      return problems;
    });
    await nojs.close();

    // 3. The Content-Security-Policy as served: no page, with its scripts running, may trip it.
    await cspPass(browser, visited);
  } finally {
    await browser.close();
  }
}

runWithin(TOTAL_TIMEOUT_MS, main);
