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
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node public.mjs BASE_URL   (e.g. http://127.0.0.1:8099)');
  process.exit(2);
}
const theme = process.env.THEME || '';
const origin = new URL(base).origin;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NAV_TIMEOUT_MS = 10_000;
// An event card, preferring one whose event has tags, so that the walk can go on to a tag.
const CARD_LINK = ['main .fr-card:has(.ren-card__tags) .fr-card__title a', 'main .fr-card__title a'];
const TOTAL_TIMEOUT_MS = 60_000;

let passed = 0;
let failed = 0;

/** Records one named check; `problems` is a list of strings, empty when the check holds. */
function report(name, problems) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name}`);
    for (const p of problems) console.log(`    ${p}`);
  }
}

/** Runs `fn` as one check: a thrown error is a failure of that check, not of the run. */
async function check(name, fn) {
  try {
    report(name, (await fn()) || []);
  } catch (e) {
    report(name, [String(e && e.message ? e.message.split('\n')[0] : e)]);
  }
}

function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/** Watches a page for script errors and failed same-origin requests, kept per page. */
function watch(page) {
  const seen = { errors: [], failedRequests: [], urls: [] };
  page.on('pageerror', (e) => seen.errors.push(`script error: ${e.message.split('\n')[0]}`));
  page.on('response', (r) => {
    const url = r.url();
    seen.urls.push(url);
    // The document itself may be a 404 on purpose; its sub-resources may not.
    if (url.startsWith(origin) && r.status() >= 400 && r.request().resourceType() !== 'document') {
      seen.failedRequests.push(`${r.status()} ${url.slice(origin.length)}`);
    }
  });
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(origin)) seen.failedRequests.push(`failed ${r.url().slice(origin.length)}`);
  });
  return seen;
}

/** The structural checks every public page must pass. */
async function structure(page) {
  return page.evaluate(() => {
    const problems = [];
    const lang = document.documentElement.getAttribute('lang');
    if (lang !== 'fr') problems.push(`html[lang] is ${JSON.stringify(lang)}, expected "fr"`);
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`${h1} h1 elements, expected 1`);
    const skip = document.querySelector('.fr-skiplinks a[href="#contenu"]');
    if (!skip) problems.push('no skip link to #contenu');
    const main = document.getElementById('contenu');
    if (!main || main.tagName !== 'MAIN') problems.push('#contenu is not the <main> element');
    for (const a of document.querySelectorAll('.fr-skiplinks a[href^="#"]')) {
      if (!document.getElementById(a.getAttribute('href').slice(1))) {
        problems.push(`skip link ${a.getAttribute('href')} has no target`);
      }
    }
    if (!/ — /.test(document.title)) problems.push(`title ${JSON.stringify(document.title)} lacks "page — site"`);
    if (!document.querySelector('link[rel="alternate"][type="application/atom+xml"][href="/flux.atom"]')) {
      problems.push('no <link rel="alternate"> to the Atom feed');
    }
    if (document.querySelector('[style]')) problems.push('a style= attribute (forbidden by the CSP)');
    if (document.querySelector('script:not([src])')) problems.push('an inline <script> (forbidden by the CSP)');
    return problems;
  });
}

/** Injects axe-core and returns its WCAG 2.1 A/AA violations as readable lines. */
async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    // axe cannot judge text over a background image, which every DSFR button has (a
    // transparent gradient for the hover tint): judge those by their background colour.
    const rgb = (css) => {
      const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
      return m ? { c: [m[1], m[2], m[3]].map(Number), a: m[4] === undefined ? 1 : Number(m[4]) } : null;
    };
    const luminance = ({ c }) => {
      const [r, g, b] = c.map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const bg = rgb(getComputedStyle(e).backgroundColor);
        if (bg && bg.a === 1) return bg;
      }
      return { c: [255, 255, 255], a: 1 };
    };
    const unjudged = result.incomplete
      .filter((v) => v.id === 'color-contrast')
      .map((v) => ({
        id: 'color-contrast-over-image',
        impact: 'serious',
        help: 'Text over a background image must contrast with the background colour (4.5:1, 3:1 when large)',
        nodes: v.nodes.filter((n) => {
          const data = n.any.map((c) => c.data || {}).find((d) => d.messageKey) || {};
          if (!['bgImage', 'equalRatio'].includes(data.messageKey)) return false;
          const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
          const fg = el && rgb(getComputedStyle(el).color);
          if (!fg) return false;
          const [hi, lo] = [luminance(fg), luminance(background(el))].sort((a, b) => b - a);
          const ratio = (hi + 0.05) / (lo + 0.05);
          const needed = parseFloat(data.expectedContrastRatio) || 4.5;
          return ratio < needed;
        }),
      }))
      .filter((v) => v.nodes.length > 0);
    return [...result.violations, ...unjudged].map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      more: Math.max(0, v.nodes.length - 5),
    }));
  }, AXE_TAGS);
  return violations.map(
    (v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.targets.join(' | ')}${v.more ? ` (+${v.more})` : ''}`,
  );
}

/** Every check of one loaded page: structure, axe, and what the watcher saw while loading it. */
async function audit(page, seen, expectSection) {
  const problems = [...(await structure(page)), ...(await axe(page))];
  if (expectSection) {
    const current = await page.$$eval('#navigation-principale a[aria-current]', (as) =>
      as.map((a) => a.getAttribute('href')),
    );
    if (current.length !== 1 || current[0] !== expectSection) {
      problems.push(`navigation marks ${JSON.stringify(current)} as current, expected ["${expectSection}"]`);
    }
  }
  problems.push(...seen.errors, ...seen.failedRequests);
  seen.errors.length = 0;
  seen.failedRequests.length = 0;
  return problems;
}

/** Loads a path and returns the HTTP status of the document. */
async function visit(page, path) {
  const response = await page.goto(base + path, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  return response ? response.status() : 0;
}

/** Clicks a same-origin link and waits until its page is loaded; returns the path reached.
 *  `selectors` is one selector or a list tried in order of preference. */
async function follow(page, selectors, what) {
  const list = Array.isArray(selectors) ? selectors : [selectors];
  let link = null;
  for (const selector of list) {
    const candidate = page.locator(selector).first();
    if ((await candidate.count()) > 0) {
      link = candidate;
      break;
    }
  }
  if (!link) throw new Error(`no ${what} to click (${list.join(' or ')})`);
  const href = await link.getAttribute('href');
  const target = new URL(href, page.url());
  await Promise.all([
    page.waitForURL((u) => u.pathname === target.pathname, { timeout: NAV_TIMEOUT_MS, waitUntil: 'load' }),
    link.click(),
  ]);
  return target.pathname;
}

/** The text of the page's h1, to say where a click landed. */
async function h1Text(page) {
  return (await page.locator('h1').first().textContent({ timeout: 2_000 })).trim();
}

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

    for (const [path, name] of [
      ['/evenements', 'upcoming events page'],
      ['/archives', 'past editions page'],
      ['/etiquettes', 'tag index page'],
    ]) {
      await check(name, async () => {
        const status = await visit(page, path);
        visited.add(path);
        const problems = status === 200 ? [] : [`status ${status}`];
        return [...problems, ...(await audit(page, seen, path))];
      });
    }

    await check('unknown page is a French 404', async () => {
      const path = '/cette-page-n-existe-pas';
      const status = await visit(page, path);
      visited.add(path);
      const problems = status === 404 ? [] : [`status ${status}, expected 404`];
      if ((await page.locator('main a[href="/"]').count()) === 0) problems.push('no link back home in <main>');
      return [...problems, ...(await audit(page, seen))];
    });

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
    const strict = await browser.newContext({ locale: 'fr-FR' });
    const csp = await strict.newPage();
    const violations = [];
    csp.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${csp.url().slice(origin.length)}: ${m.text().slice(0, 200)}`);
    });
    await check('no Content-Security-Policy violation', async () => {
      for (const path of visited) {
        await visit(csp, path);
      }
      return violations;
    });
    await strict.close();
  } finally {
    await browser.close();
  }
}

const timer = setTimeout(() => {
  report('whole run within time', [`still running after ${TOTAL_TIMEOUT_MS / 1000} s`]);
  finish();
}, TOTAL_TIMEOUT_MS);

main()
  .catch((e) => report('browser run', [String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : e)]))
  .finally(() => {
    clearTimeout(timer);
    finish();
  });
