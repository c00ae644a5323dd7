#!/usr/bin/env node
// D3 D4: the released programme in a real Chromium, as a visitor walks it.
//
//   node programme.mjs BASE_URL     (the server runs `rencontres serve --demo`, whose
//                                    garagethon has a released "Programme indicatif")
//
// Walks the event page → "Voir le programme" → the day tabs (by keyboard) → by room → by
// theme → an item → the change log, in a browser whose time zone is New York: times stay
// Paris times and say so. On every page: axe-core finds no WCAG 2.1 A/AA violation plus the
// structural checks of public.mjs. Then the exports answer, the print layout keeps one day
// per page without navigation, a phone without JavaScript gets the list instead of the
// table, and no page trips the Content-Security-Policy.
//
// Prints one line per check and closes with "N passed, M failed"; exits 1 on any failure.

import { chromium } from 'playwright-core';
import { audit, check, CHROMIUM_ARGS, cspPass, finish, follow, NAV_TIMEOUT_MS, report, runWithin, setup, visit, watch } from './audit.mjs';

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node programme.mjs BASE_URL   (e.g. http://127.0.0.1:8099)');
  process.exit(2);
}
setup(base);
const TOTAL_TIMEOUT_MS = 150_000;

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 15_000,
  });
  const visited = new Set();
  let programme = null;
  try {
    const context = await browser.newContext({
      bypassCSP: true,
      locale: 'fr-FR',
      timezoneId: 'America/New_York',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const seen = watch(page);

    await check('event page → "Voir le programme"', async () => {
      await visit(page, '/evenements');
      await follow(page, 'main .fr-card__title a[href^="/evenements/garagethon"]', 'garagethon card');
      programme = await follow(page, 'main a:has-text("Voir le programme")', 'programme link');
      visited.add(programme);
      const problems = /^\/evenements\/[^/]+\/programme$/.test(programme) ? [] : [`landed on ${programme}`];
      return [...problems, ...(await audit(page, seen))];
    });

    await check('times are Paris times, stated as such, in a New York browser', async () => {
      const problems = [];
      const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
      if (zone !== 'America/New_York') problems.push(`the browser's zone is ${zone}`);
      const first = page.locator('main table tbody th time').first();
      const text = (await first.textContent()).trim();
      const datetime = await first.getAttribute('datetime');
      if (text !== '10 h – 10 h 30') problems.push(`first slot reads ${JSON.stringify(text)}`);
      if (!/T10:00:00\+0[12]:00$/.test(datetime)) problems.push(`datetime ${datetime} lacks the Paris offset`);
      const caption = (await page.locator('main table caption').first().textContent()).trim();
      if (!caption.endsWith(', heure de Paris')) problems.push(`caption ${JSON.stringify(caption)}`);
      return problems;
    });

    await check('keyboard: Tab to the second day tab, Enter opens that day', async () => {
      const problems = [];
      const tabs = page.locator('.ren-programme__tabs a');
      const secondDay = await tabs.nth(2).getAttribute('href');
      let reached = false;
      for (let i = 0; i < 40 && !reached; i += 1) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate((href) => document.activeElement && document.activeElement.getAttribute('href') === href, secondDay);
      }
      if (!reached) return [`Tab never reached ${secondDay}`];
      await Promise.all([page.waitForURL((u) => u.pathname === secondDay, { timeout: NAV_TIMEOUT_MS }), page.keyboard.press('Enter')]);
      visited.add(secondDay);
      const current = await page.locator('.ren-programme__tabs a[aria-current="page"]').getAttribute('href');
      if (current !== secondDay) problems.push(`current tab is ${current}`);
      const days = await page.locator('main .ren-programme__day').count();
      if (days !== 1) problems.push(`${days} days shown on a day tab`);
      return [...problems, ...(await audit(page, seen))];
    });

    for (const [label, suffix] of [['Par salle', '/salles'], ['Par thème', '/themes']]) {
      await check(`tab "${label}"`, async () => {
        const path = await follow(page, `.ren-programme__tabs a:has-text("${label}")`, `${label} tab`);
        visited.add(path);
        const problems = path === programme + suffix ? [] : [`landed on ${path}`];
        return [...problems, ...(await audit(page, seen))];
      });
    }

    await check('an item page with "Ajouter à mon agenda"', async () => {
      await visit(page, programme);
      const path = await follow(page, 'main table tbody td a', 'item link');
      visited.add(path);
      const problems = /\/programme\/\d+$/.test(path) ? [] : [`landed on ${path}`];
      const ics = page.locator('main a:has-text("Ajouter à mon agenda")');
      const href = await ics.getAttribute('href');
      const res = await page.request.get(base + href);
      if (res.status() !== 200 || !res.headers()['content-type'].startsWith('text/calendar')) {
        problems.push(`${href}: ${res.status()} ${res.headers()['content-type']}`);
      }
      return [...problems, ...(await audit(page, seen))];
    });

    // Issue 19 (C4): the demo's lightning talks come from an accepted talk whose speaker has
    // a public page, linked from the item.
    await check('a talk links to its speaker\'s page, with the bio', async () => {
      await visit(page, programme);
      await follow(page, 'main table tbody td a:has-text("Présentations éclair")', 'item link');
      const path = await follow(page, 'main dd a:has-text("Camille Leroy")', 'speaker link');
      visited.add(path);
      const problems = /\/intervenants\/\d+$/.test(path) ? [] : [`landed on ${path}`];
      if ((await page.locator('#biographie p').count()) !== 2) problems.push('the bio is not two paragraphs');
      if ((await page.locator('#interventions a', { hasText: 'Présentations éclair' }).count()) !== 1) problems.push('the talk is not listed');
      return [...problems, ...(await audit(page, seen))];
    });

    await check('change log', async () => {
      await visit(page, programme);
      const path = await follow(page, 'main a:has-text("Historique des modifications")', 'change log link');
      visited.add(path);
      const problems = [];
      const first = (await page.locator('main .ren-programme__changes li').first().textContent()).trim();
      if (!first.startsWith('Ajout : Accueil et café')) problems.push(`first change reads ${JSON.stringify(first)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    // H2: the programme in English, in a context of its own (the language cookie must not
    // reach the rest of the walk): tabs, rooms, change log and an item, with the same audits.
    const english = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const en = await english.newPage();
    const enSeen = watch(en);
    for (const suffix of ['', '/salles', '/versions']) {
      await check(`in English: ${suffix || 'all days'}`, async () => {
        const status = await visit(en, `${programme}${suffix}?lang=en`);
        visited.add(`${programme}${suffix}?lang=en`);
        const problems = status === 200 ? [] : [`status ${status}`];
        const lang = await en.evaluate(() => document.documentElement.lang);
        if (lang !== 'en') problems.push(`<html lang="${lang}">`);
        return [...problems, ...(await audit(en, enSeen))];
      });
    }
    await check('in English: an item page, its French title marked', async () => {
      await visit(en, `${programme}?lang=en`);
      const path = await follow(en, 'main table tbody td a', 'item link');
      const problems = [];
      if ((await en.locator('h1[lang="fr"]').count()) !== 1) problems.push('the French title is not marked lang="fr"');
      return [...problems, ...(await audit(en, enSeen))];
    });
    await english.close();

    await check('exports answer with their types', async () => {
      const problems = [];
      for (const [file, type] of [
        ['schedule.xml', 'application/xml'],
        ['schedule.json', 'application/json'],
        ['programme.ics', 'text/calendar'],
        ['programme.csv', 'text/csv'],
      ]) {
        const res = await page.request.get(`${base}${programme}/${file}`);
        if (res.status() !== 200 || !res.headers()['content-type'].startsWith(type)) {
          problems.push(`${file}: ${res.status()} ${res.headers()['content-type']}`);
        }
      }
      return problems;
    });

    await check('print: no navigation, the table, one day per page', async () => {
      await visit(page, programme);
      await page.emulateMedia({ media: 'print' });
      const layout = await page.evaluate(() => {
        const shown = (sel) => {
          const el = document.querySelector(sel);
          return el ? getComputedStyle(el).display !== 'none' : null;
        };
        const days = document.querySelectorAll('.ren-programme__day');
        return {
          header: shown('header'),
          tabs: shown('.ren-programme__tabs'),
          table: shown('.ren-programme__table'),
          list: shown('.ren-programme__list'),
          days: days.length,
          secondBreak: days.length > 1 ? getComputedStyle(days[1]).breakBefore : null,
        };
      });
      await page.emulateMedia({ media: 'screen' });
      const problems = [];
      if (layout.header || layout.tabs) problems.push('the header or the tabs are printed');
      if (!layout.table || layout.list) problems.push('print shows the list instead of the table');
      if (layout.days !== 2 || layout.secondBreak !== 'page') problems.push(`days ${layout.days}, second day break-before ${layout.secondBreak}`);
      return problems;
    });
    await context.close();

    // Without JavaScript on a phone: the list replaces the table, tabs are links that work.
    const nojs = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', viewport: { width: 390, height: 844 } });
    const phone = await nojs.newPage();
    await check('without JavaScript on a phone: list view and working tabs', async () => {
      const problems = [];
      const status = await visit(phone, programme);
      if (status !== 200) problems.push(`status ${status}`);
      if (await phone.locator('.ren-programme__table').first().isVisible()) problems.push('the table shows on a phone');
      if (!(await phone.locator('.ren-programme__list').first().isVisible())) problems.push('the list is hidden on a phone');
      const rooms = await follow(phone, '.ren-programme__tabs a:has-text("Par salle")', 'rooms tab');
      if (rooms !== `${programme}/salles`) problems.push(`rooms tab led to ${rooms}`);
      return problems;
    });
    await nojs.close();

    await cspPass(browser, visited);
  } finally {
    await browser.close();
  }
}

runWithin(TOTAL_TIMEOUT_MS, main);
