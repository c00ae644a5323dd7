#!/usr/bin/env node
// E1-E5: the garagethon board in a real Chromium.
//
//   TOKEN=… SLUG=… EVENT_ID=… EMAIL=… PASSWORD=… node board.mjs BASE_URL
//
// TOKEN is a confirmed participant's private link, EMAIL/PASSWORD an administrator (a
// facilitator of every event), SLUG/EVENT_ID a garagethon whose board is public.
// axe-core (WCAG 2.1 A/AA) and the structural checks on every board page: public board,
// projector, retrospective, the participant's board (also showing a refused repository URL),
// the facilitators' page. The live check: with the projector open, a participant adds an
// objective in another tab and the projector shows it within a second, with no reload. Without
// JavaScript the projector still shows the whole board. No page trips the CSP.
//
// Prints one line per check and closes with "N passed, M failed"; exits 1 on any failure.

import { chromium } from 'playwright-core';
import { audit, check, CHROMIUM_ARGS, cspPass, finish, NAV_TIMEOUT_MS, report, runWithin, setup, visit, watch } from './audit.mjs';

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
const { TOKEN: token = '', SLUG: slug = '', EVENT_ID: eventId = '', EMAIL: email = '', PASSWORD: password = '' } = process.env;
if (!/^https?:\/\//.test(base) || !token || !slug || !eventId) {
  console.error('usage: TOKEN=… SLUG=… EVENT_ID=… EMAIL=… PASSWORD=… node board.mjs BASE_URL');
  process.exit(2);
}
setup(base);
const TOTAL_TIMEOUT_MS = 150_000;
const LIVE_LIMIT_MS = 1000;

async function login(page) {
  await visit(page, '/connexion');
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/organisation', { timeout: NAV_TIMEOUT_MS }), page.click('main button[type=submit]')]);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 15_000,
  });
  const visited = [];
  try {
    const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const seen = watch(page);
    const publicPages = [`/evenements/${slug}/tableau`, `/evenements/${slug}/tableau/direct`, `/evenements/${slug}/tableau/bilan`];

    for (const path of publicPages) {
      await check(`axe on ${path.replace(slug, 'SLUG')}`, async () => {
        // A page of its own: leaving the projector cuts its event stream, which the
        // watcher of the next page must not count as a failed request.
        const own = await context.newPage();
        const ownSeen = watch(own);
        const status = await visit(own, path);
        visited.push(path);
        const problems = [...(status === 200 ? [] : [`status ${status}`]), ...(await audit(own, ownSeen))];
        await own.close();
        return problems;
      });
    }

    // H2: the same public pages in English, in a context of their own (the language cookie
    // must not reach the rest of the walk).
    const english = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    for (const path of publicPages) {
      await check(`in English: axe on ${path.replace(slug, 'SLUG')}`, async () => {
        const own = await english.newPage();
        const ownSeen = watch(own);
        const status = await visit(own, `${path}?lang=en`);
        visited.push(`${path}?lang=en`);
        const problems = status === 200 ? [] : [`status ${status}`];
        const lang = await own.evaluate(() => document.documentElement.lang);
        if (lang !== 'en') problems.push(`<html lang="${lang}">`);
        problems.push(...(await audit(own, ownSeen)));
        await own.close();
        return problems;
      });
    }
    await english.close();

    const mine = `/inscription/${token}/tableau`;
    await check('axe on the participant board', async () => {
      const status = await visit(page, mine);
      visited.push(mine);
      return [...(status === 200 ? [] : [`status ${status}`]), ...(await audit(page, seen))];
    });

    await check('a hostile repository URL is refused next to its field, input kept', async () => {
      await visit(page, mine);
      await page.fill('#p-url', 'javascript:alert(1)');
      await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/tableau/projets"] button[type=submit]')]);
      const problems = [];
      const error = await page.textContent('#p-url-error').catch(() => null);
      if (!error || !error.startsWith('Adresse refusée')) problems.push(`error text ${JSON.stringify(error)}`);
      const kept = await page.inputValue('#p-url');
      if (kept !== 'javascript:alert(1)') problems.push(`input became ${JSON.stringify(kept)}`);
      const described = await page.getAttribute('#p-url', 'aria-describedby');
      if (described !== 'p-url-error') problems.push(`aria-describedby is ${described}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('the projector shows a new objective within a second, without reload', async () => {
      const projector = await context.newPage();
      const projectorSeen = watch(projector);
      await projector.goto(`${base}/evenements/${slug}/tableau/direct`, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
      // The stream's first event is the current board: wait for it, so the stream is open.
      await projector.waitForFunction(() => Number(document.getElementById('tableau').getAttribute('data-updates') || 0) >= 1, null, { timeout: 5000 });
      const title = `Objectif du navigateur ${Date.now()}`;
      // The projector notes the moment the objective appears, by its own clock (the same
      // machine's as this script's).
      await projector.evaluate((t) => {
        window.__notReloaded = true;
        const root = document.getElementById('tableau');
        new MutationObserver(() => {
          if (!window.__shownAt && root.textContent.includes(t)) window.__shownAt = Date.now();
        }).observe(root, { childList: true, subtree: true, characterData: true });
      }, title);
      await visit(page, mine);
      await page.selectOption('#o-project', { index: 1 });
      await page.fill('#o-title', title);
      await page.fill('#o-estimate', '2');
      // The clock starts when the form's POST leaves the browser, not when the click is
      // asked for (Playwright first scrolls and waits for the button to be stable).
      const sent = new Promise((resolve) => {
        page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/tableau/objectifs')) resolve(Date.now()); });
      });
      await page.click('form[action$="/tableau/objectifs"] button[type=submit]');
      const started = await sent;
      const problems = [];
      try {
        await projector.waitForFunction(() => window.__shownAt, null, { timeout: 5000 });
        const elapsed = (await projector.evaluate(() => window.__shownAt)) - started;
        console.log(`# projector updated ${elapsed} ms after the participant's form was sent`);
        if (elapsed > LIVE_LIMIT_MS) problems.push(`the projector showed the objective after ${elapsed} ms`);
      } catch (e) {
        problems.push('the projector never showed the objective');
      }
      if (!(await projector.evaluate(() => window.__notReloaded === true))) problems.push('the projector page reloaded');
      await page.waitForLoadState('load');
      problems.push(...projectorSeen.errors, ...projectorSeen.failedRequests.filter((f) => !f.includes('/tableau/flux')));
      await projector.close();
      return problems;
    });

    await check('axe on the facilitators\' board', async () => {
      // Logging in navigates twice; the audited page is a fresh one with its own watcher.
      const signIn = await context.newPage();
      await login(signIn);
      await signIn.close();
      const own = await context.newPage();
      const ownSeen = watch(own);
      const path = `/organisation/evenements/${eventId}/tableau`;
      const status = await visit(own, path);
      visited.push(path);
      return [...(status === 200 ? [] : [`status ${status}`]), ...(await audit(own, ownSeen))];
    });
    await context.close();

    await check('without JavaScript the projector shows the whole board', async () => {
      const noJs = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
      const p = await noJs.newPage();
      await p.goto(`${base}/evenements/${slug}/tableau/direct`, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
      const problems = [];
      for (const heading of ['Demandes d’aide', 'Projets et objectifs', 'Présentations éclair']) {
        if ((await p.locator(`#tableau h2:has-text("${heading}")`).count()) !== 1) problems.push(`no "${heading}" section`);
      }
      if ((await p.locator('#tableau .ren-board__project').count()) < 1) problems.push('no project shown');
      await noJs.close();
      return problems;
    });

    await cspPass(browser, visited, login);
  } finally {
    await browser.close();
  }
}

runWithin(TOTAL_TIMEOUT_MS, main);
