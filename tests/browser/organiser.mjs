#!/usr/bin/env node
// G1 G2: the organiser space in a real Chromium, as an organiser works in it.
//
//   EMAIL=admin@example.org PASSWORD=… node organiser.mjs BASE_URL
//
// Logs in, creates an event through the form (every main field), previews its Markdown
// description, saves it, uploads an image with its alt text, publishes it and finds it on the
// public site; visits the administrators' pages and logs out. On every organiser page: axe-core
// finds no WCAG 2.1 A/AA violation, html[lang=fr], exactly one h1, no inline script or style,
// no failed same-origin request. Then a pass with the Content-Security-Policy enforced.
//
// The structural and axe helpers are those of public.mjs. Prints one line per check and
// closes with "N passed, M failed"; exits 1 on any failure.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: EMAIL=… PASSWORD=… node organiser.mjs BASE_URL');
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
const TOTAL_TIMEOUT_MS = 90_000;

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
    // The DSFR table script sets a CSS variable on .fr-table through the CSSOM, which the CSP
    // allows (the strict pass below proves it); the server itself sends no style= attribute.
    const styled = [...document.querySelectorAll('[style]')].filter((e) => !e.closest('.fr-table'));
    if (styled.length) problems.push(`a style= attribute on ${styled[0].tagName} (forbidden by the CSP)`);
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

/** Clicks a same-origin link and waits until its page is loaded; returns the path reached. */
async function follow(page, selector, what) {
  const link = page.locator(selector).first();
  if ((await link.count()) === 0) throw new Error(`no ${what} to click (${selector})`);
  const href = await link.getAttribute('href');
  const target = new URL(href, page.url());
  await Promise.all([
    page.waitForURL((u) => u.pathname === target.pathname, { timeout: NAV_TIMEOUT_MS, waitUntil: 'load' }),
    link.click(),
  ]);
  return target.pathname;
}

/** Headings of the page, to say where a click landed. */
async function h1Text(page) {
  return (await page.locator('h1').first().textContent({ timeout: 2_000 })).trim();
}


const email = process.env.EMAIL || '';
const password = process.env.PASSWORD || '';
const IMAGE = new URL('../../assets/dsfr/favicon/apple-touch-icon.png', import.meta.url).pathname;
const TITLE = 'Atelier BlueHats dans le navigateur';
const ALT = 'Logo de la République française';

/** Fills and sends the login form; returns the path reached. */
async function login(page) {
  await visit(page, '/connexion');
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/organisation', { timeout: NAV_TIMEOUT_MS }), page.click('main button[type=submit]')]);
  return new URL(page.url()).pathname;
}

/** Clicks a submit button and waits for the page it leads to. */
async function submit(page, selector, pathPattern) {
  await Promise.all([
    page.waitForURL((u) => pathPattern.test(u.pathname), { timeout: NAV_TIMEOUT_MS, waitUntil: 'load' }),
    page.locator(selector).first().click(),
  ]);
  return new URL(page.url()).pathname;
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
    let editPath = null;
    let slug = null;

    await check('login page', async () => {
      const status = await visit(page, '/connexion');
      visited.push('/connexion');
      return [...(status === 200 ? [] : [`status ${status}`]), ...(await audit(page, seen))];
    });

    await check('login → dashboard', async () => {
      const path = await login(page);
      return [...(path === '/organisation' ? [] : [`landed on ${path}`]), ...(await audit(page, seen))];
    });

    await check('new event form', async () => {
      await follow(page, 'main a[href="/organisation/evenements/nouveau"]', 'create link');
      return audit(page, seen);
    });

    await check('preview of the Markdown description', async () => {
      await page.fill('#f-title', TITLE);
      await page.selectOption('#f-kind', 'workshop');
      await page.fill('#f-summary', 'Une après-midi pour contribuer.');
      await page.fill('#f-body_md', '## Programme\n\n- **Accueil** à 14 h\n- Ateliers');
      await page.fill('#f-start_date', '2030-03-05');
      await page.fill('#f-start_time', '14:00');
      await page.fill('#f-end_time', '18:00');
      await page.fill('#f-venue_name', 'Lieu de la Transformation Publique');
      await page.fill('#f-venue_osm_url', 'https://osm.org/go/0BOdSvERD');
      await page.fill('#f-tags', 'bluehats, atelier');
      await submit(page, 'main button[value=preview]', /^\/organisation\/evenements$/);
      const problems = [];
      const strong = await page.locator('.ren-preview strong').first().textContent().catch(() => null);
      if (strong !== 'Accueil') problems.push(`preview shows ${JSON.stringify(strong)}, expected "Accueil"`);
      if ((await page.inputValue('#f-title')) !== TITLE) problems.push('the title was not kept');
      return [...problems, ...(await audit(page, seen))];
    });

    await check('save → edit page', async () => {
      editPath = await submit(page, 'main button[value=save]', /^\/organisation\/evenements\/\d+\/modifier$/);
      visited.push(editPath);
      slug = await page.inputValue('#f-slug');
      return audit(page, seen);
    });

    await check('image upload with alt text', async () => {
      await page.setInputFiles('#f-image', IMAGE);
      await page.fill('#f-alt', ALT);
      await submit(page, 'main form[enctype="multipart/form-data"] button[type=submit]', /\/modifier$/);
      const problems = [];
      const alt = await page.locator('main img.ren-thumb').getAttribute('alt').catch(() => null);
      if (alt !== ALT) problems.push(`image alt is ${JSON.stringify(alt)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('publish', async () => {
      const path = await submit(page, 'main form[action$="/publier"] button', /^\/organisation\/evenements\/\d+$/);
      visited.push(path);
      return audit(page, seen);
    });

    // D2 D3: the programme page, an import whose item falls outside the event's days (a
    // warning), a refused release, then a release with the override box.
    await check('programme: import, refused release, release with override', async () => {
      const problems = [];
      const path = await follow(page, 'main a:has-text("Programme")', 'programme link');
      visited.push(path);
      problems.push(...(await audit(page, seen)));
      await page.fill('#programme-yaml', 'rooms:\n  - { name: "Salle 1" }\nitems:\n  - { kind: talk, title: "Ouverture", start: "2001-01-01 09:00", minutes: 30, room: "Salle 1" }\n');
      await submit(page, 'main form[action$="/programme/importer"] button', /\/programme$/);
      if ((await page.locator('main li:has-text("en dehors des jours")').count()) !== 1) problems.push('no warning for the item outside the event');
      await page.fill('#nom-version', 'v1');
      await page.locator('main form[action$="/programme/publier"] button').click();
      await page.waitForLoadState('load');
      if ((await page.locator('main .fr-alert--error').count()) !== 1) problems.push('a warned release was not refused');
      problems.push(...(await audit(page, seen)));
      await page.fill('#nom-version', 'v1');
      await page.locator('label[for="malgre-alertes"]').click();
      await submit(page, 'main form[action$="/programme/publier"] button', /\/programme$/);
      const released = (await page.locator('main p').first().textContent()).trim();
      if (!released.startsWith('Version publiée : « v1 »')) problems.push(`after release: ${JSON.stringify(released)}`);
      problems.push(...(await audit(page, seen)));
      return problems;
    });

    await check('registrations page: open 20 places', async () => {
      const path = editPath.replace(/\/modifier$/, '/inscriptions');
      const status = await visit(page, path);
      visited.push(path);
      await page.fill('#places', '20');
      await submit(page, 'main form[action$="/reglages"] button', /\/inscriptions$/);
      const problems = status === 200 ? [] : [`status ${status}`];
      const notice = await page.locator('main .fr-alert--success p').textContent().catch(() => null);
      if (notice !== 'Réglages enregistrés.') problems.push(`notice is ${JSON.stringify(notice)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('public registration form of the event', async () => {
      const status = await visit(page, `/evenements/${slug}/inscription`);
      const problems = status === 200 ? [] : [`status ${status}`];
      if ((await page.locator('main form input[name=email]').count()) !== 1) problems.push('no email field');
      return [...problems, ...(await audit(page, seen))];
    });

    await check('the published event on the public site', async () => {
      const status = await visit(page, `/evenements/${slug}`);
      const problems = status === 200 ? [] : [`status ${status}`];
      const h1 = await h1Text(page);
      if (h1 !== TITLE) problems.push(`h1 is ${JSON.stringify(h1)}`);
      const alt = await page.locator('main img').first().getAttribute('alt').catch(() => null);
      if (alt !== ALT) problems.push(`image alt is ${JSON.stringify(alt)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    for (const [name, path] of [
      ['dashboard with the event', '/organisation'],
      ['accounts page', '/organisation/utilisateurs'],
      ['audit log page', '/organisation/journal'],
      ['forgotten password page', '/mot-de-passe-oublie'],
    ]) {
      await check(name, async () => {
        const status = await visit(page, path);
        visited.push(path);
        return [...(status === 200 ? [] : [`status ${status}`]), ...(await audit(page, seen))];
      });
    }

    await check('form errors are shown next to the fields', async () => {
      await visit(page, editPath);
      await page.fill('#f-title', '');
      await page.evaluate(() => document.getElementById('f-title').removeAttribute('required'));
      await submit(page, 'main button[value=save]', /\/modifier$/);
      const problems = [];
      const error = await page.locator('#f-title-error').textContent().catch(() => null);
      if (error !== 'Le titre est obligatoire.') problems.push(`title error is ${JSON.stringify(error)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('logout', async () => {
      await visit(page, '/organisation');
      const path = await submit(page, 'main form[action="/deconnexion"] button', /^\/connexion$/);
      return [...(path === '/connexion' ? [] : [`landed on ${path}`]), ...(await audit(page, seen))];
    });
    await context.close();

    const strict = await browser.newContext({ locale: 'fr-FR' });
    const csp = await strict.newPage();
    const violations = [];
    csp.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${csp.url().slice(origin.length)}: ${m.text().slice(0, 200)}`);
    });
    await check('no Content-Security-Policy violation', async () => {
      await login(csp);
      for (const path of visited) await visit(csp, path);
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
