#!/usr/bin/env node
// The built brief as readers see it, page by page, in both languages: Chromium (through
// playwright-core), axe-core and the W3C Nu Html Checker. Run by tests/browser.rs, which builds
// the site, serves it and passes:
//
//   node run.mjs --base-url http://127.0.0.1:PORT/brief/ --site DIR [--screenshots DIR]
//                [--skip-validator] [--timings]
//
// DIR is the built site that is served at the base URL. Exits 1 if any check fails; prints what
// failed, where, and a summary with the numbers.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

import { contrast, hex } from './lib/colour.mjs';
import { chartBoxes, chartColours, openDetails, overflow, textColours } from './lib/inpage.mjs';
import { validate } from './lib/validate.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

const TEXT_RATIO = 4.5; // WCAG 1.4.3, normal text
const MARK_RATIO = 3; // WCAG 1.4.11, graphical objects
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PARALLEL = 2; // pages in flight (the machine has 2 cores)
const TIMEOUT_MS = 240_000;

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    site: { type: 'string' },
    screenshots: { type: 'string' },
    'skip-validator': { type: 'boolean' },
    timings: { type: 'boolean' },
  },
});
if (!args['base-url'] || !args.site) {
  console.error('usage: node run.mjs --base-url URL --site DIR [--screenshots DIR]');
  process.exit(2);
}
const base = new URL(args['base-url']);
const siteDir = path.resolve(args.site);
const shotDir = args.screenshots ? path.resolve(args.screenshots) : null;
const started = Date.now();
setTimeout(() => {
  console.error(`browser suite: gave up after ${TIMEOUT_MS / 1000} s`);
  process.exit(2);
}, TIMEOUT_MS).unref();

// ---------------------------------------------------------------------------------------------
// What to check: every page of the built site, and a missing path that must serve 404.html.

const htmlLangOf = (file) => /<html[^>]*\slang="([^"]+)"/.exec(fs.readFileSync(file, 'utf8'))?.[1];
const languages = fs
  .readdirSync(siteDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(siteDir, d.name, 'index.html')))
  .map((d) => ({ code: d.name, htmlLang: htmlLangOf(path.join(siteDir, d.name, 'index.html')) }))
  .filter((l) => l.htmlLang);

function pagesUnder(dir, rel = '') {
  const found = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.isDirectory()) found.push(...pagesUnder(path.join(dir, d.name), `${rel}${d.name}/`));
    else if (d.name === 'index.html') found.push(rel);
  }
  return found;
}

const pages = pagesUnder(siteDir)
  .sort()
  .map((rel) => ({ rel, url: new URL(rel, base).href, status: 200 }));
if (languages.length < 2 || pages.length < 2) {
  console.error(`browser suite: found ${pages.length} page(s) in ${languages.length} language(s) in ${siteDir}: not a built brief`);
  process.exit(2);
}
// Charts in the HTML as written, to compare with those the browser shows.
const chartsOnDisk = pages.reduce(
  (n, p) => n + (fs.readFileSync(path.join(siteDir, p.rel, 'index.html'), 'utf8').match(/<figure[^>]*\sclass="chart\b/g) ?? []).length,
  0,
);
const home = languages[0] ? `${languages[0].code}/` : '';
pages.push({ rel: `${home}no/such/page/ (404)`, url: new URL(`${home}no/such/page/`, base).href, status: 404 });

// Screenshots: each language's home and its first article.
const shots = new Map();
for (const { code } of languages) {
  shots.set(`${code}/`, `${code}-home`);
  const html = fs.readFileSync(path.join(siteDir, code, 'index.html'), 'utf8');
  const href = /class="entry-title"><a href="([^"]+)"/.exec(html)?.[1];
  const rel = href && new URL(href, base).pathname.slice(base.pathname.length);
  if (rel) shots.set(rel, rel.replace(/\/$/, '').replace(/\//g, '-'));
}

if (shotDir) {
  fs.mkdirSync(shotDir, { recursive: true });
  for (const f of fs.readdirSync(shotDir)) if (f.endsWith('.png')) fs.rmSync(path.join(shotDir, f));
}

// ---------------------------------------------------------------------------------------------

const validation = args['skip-validator'] ? null : validate(siteDir).catch((e) => ({ failure: e }));

const browser = await chromium.launch({
  executablePath: process.env.BRIEF_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

async function context(options) {
  return browser.newContext({ ...options, serviceWorkers: 'block' });
}

const desktop = await context({ viewport: DESKTOP, colorScheme: 'light' });
const phone = await context({ viewport: PHONE, colorScheme: 'light', isMobile: true, hasTouch: true });

const totals = { charts: 0, texts: 0, marks: 0, undecidedTexts: 0, langLinks: 0, axeRuns: 0, screenshots: [] };
const axeMinor = new Map(); // rule id -> {impact, help, pages}
const links = new Map(); // URL (without fragment) on the site's host -> the first page linking to it

/**
 * Opens `entry` in `ctx`, noting every console error, script error, failed request and request
 * to another host than the site's (those are blocked).
 */
async function open(ctx, entry, problems, label) {
  const page = await ctx.newPage();
  // `page.where` says what the page is doing now, when it is no longer `label`.
  const note = (what) => problems.push(`[${page.where ?? label}] ${what}`);
  const foreign = new Set();
  await page.route(
    () => true,
    (route) => {
      const url = new URL(route.request().url());
      if (url.host === base.host || url.protocol === 'data:') return route.continue();
      if (!foreign.size) note(`request to another host: ${url.href}`);
      foreign.add(url.href);
      return route.abort('blockedbyclient');
    },
  );
  page.on('console', (m) => {
    // Failed loads are reported from the network events below, with their URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) note(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => note(`script error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!foreign.has(r.url())) note(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    // The missing page is expected to answer 404 (with the site's 404.html).
    const expected = entry.status !== 200 && r.url() === entry.url && r.request().isNavigationRequest();
    if (r.status() >= 400 && !expected) note(`HTTP ${r.status()} for ${r.url()}`);
  });
  const response = await page.goto(entry.url, { waitUntil: 'load', timeout: 20_000 });
  await page.evaluate(() => document.fonts.ready);
  if (response?.status() !== entry.status) note(`status ${response?.status()}, expected ${entry.status}`);
  return page;
}

async function screenshot(page, entry, suffix) {
  const name = shots.get(entry.rel);
  if (!shotDir || !name) return;
  const file = path.join(shotDir, `${name}-${suffix}.png`);
  await page.screenshot({ path: file, fullPage: true });
  totals.screenshots.push(path.relative(process.cwd(), file));
}

function checkCharts(boxes, problems, label) {
  for (const figure of boxes) {
    const shown = figure.svgs.filter((s) => s.visible && s.width > 0 && s.height > 0);
    if (shown.length === 0) {
      const sizes = figure.svgs.map((s) => `${Math.round(s.width)}×${Math.round(s.height)}${s.visible ? '' : ' hidden'}`);
      problems.push(`[${label}] chart ${figure.id}: no visible SVG with a size (${sizes.join(', ') || 'no <svg>'})`);
    }
  }
}

/**
 * Runs axe-core (all its rules, or only those in `rules`). Where axe cannot decide a text's
 * contrast because of a background gradient (the scroll shadows of wide tables), the suite
 * measures it against the solid background itself. (SVG text is left to the chart checks.)
 */
async function axe(page, entry, problems, label, rules) {
  await page.addScriptTag({ path: AXE });
  const options = { resultTypes: ['violations', 'incomplete'], ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}) };
  const result = await page.evaluate((o) => window.axe.run(document, o), options);
  totals.axeRuns++;
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ');
    if (v.impact === 'serious' || v.impact === 'critical') {
      problems.push(`[${label}] axe ${v.impact}: ${v.id} (${v.help}) on ${v.nodes.length} element(s): ${where}`);
    } else {
      const seen = axeMinor.get(v.id) ?? { impact: v.impact, help: v.help, pages: new Set() };
      seen.pages.add(entry.rel);
      axeMinor.set(v.id, seen);
    }
  }
  const undecided = result.incomplete
    .filter((v) => v.id === 'color-contrast')
    .flatMap((v) => v.nodes)
    .filter((n) => n.target.length === 1)
    .map((n) => n.target[0]);
  const low = [];
  for (const t of await page.evaluate(textColours, undecided)) {
    totals.undecidedTexts++;
    const need = t.large ? 3 : TEXT_RATIO;
    const ratio = contrast(t.fg, t.bg);
    if (ratio < need) low.push(`${t.what} ${hex(t.fg)} on ${hex(t.bg)} ${ratio.toFixed(2)}:1 (needs ${need}:1)`);
  }
  if (low.length) {
    problems.push(`[${label}] text contrast (where axe could not decide): ${low.length} element(s): ${low.slice(0, 3).join('; ')}${low.length > 3 ? '; …' : ''}`);
  }
}

/** Follows each link of the language switch: it must land on the same page in that language. */
async function followLanguageSwitch(page, entry, problems, label) {
  const links = await page.locator('.lang-switch a[hreflang]').all();
  if (entry.status === 200 && links.length !== languages.length - 1) {
    problems.push(`[${label}] language switch has ${links.length} link(s), expected ${languages.length - 1}`);
  }
  const [first, ...rest] = entry.rel.split('/');
  const tail = languages.some((l) => l.code === first) ? rest.join('/') : entry.rel; // the root: the default language's home
  for (let i = 0; i < links.length; i++) {
    const link = page.locator('.lang-switch a[hreflang]').nth(i);
    const hreflang = await link.getAttribute('hreflang');
    const target = languages.find((l) => l.htmlLang === hreflang);
    if (!target) {
      problems.push(`[${label}] language switch: hreflang="${hreflang}" is no language of the site`);
      continue;
    }
    const untranslated = ((await link.getAttribute('class')) ?? '').includes('untranslated');
    const expected = new URL(`${target.code}/${untranslated ? '' : tail}`, base).pathname;
    const before = page.url();
    page.where = `${label}, after switching to ${hreflang}`;
    await link.click();
    await page.waitForURL((u) => u.href !== before, { waitUntil: 'load', timeout: 10_000 }).catch(() => {});
    const landed = await page.evaluate(() => ({ path: location.pathname, lang: document.documentElement.lang }));
    totals.langLinks++;
    if (landed.path !== expected || landed.lang !== hreflang) {
      problems.push(`[${label}] language switch to ${hreflang}: landed on ${landed.path} (lang="${landed.lang}"), expected ${expected} (lang="${hreflang}")`);
    }
    if (i + 1 < links.length) await page.goBack({ waitUntil: 'load' });
    page.where = undefined;
  }
}

function checkContrast(charts, problems, label) {
  for (const chart of charts) {
    const bg = chart.background;
    const low = { text: [], mark: [] };
    for (const t of chart.texts) {
      totals.texts++;
      const ratio = t.fill ? contrast(t.fill, bg) : 1;
      if (ratio < TEXT_RATIO) low.text.push({ ratio, line: `${t.what} ${t.fill ? hex(t.fill) : 'no fill'} ${ratio.toFixed(2)}:1` });
    }
    for (const m of chart.marks) {
      // A mark is seen by its fill or its outline, whichever stands out more. A shape painted only
      // in the background colour (a knockout, a hollow marker's centre) is not a mark.
      const paints = [m.fill, m.stroke].filter((p) => p && p[3] > 0);
      const best = Math.max(1, ...paints.map((p) => contrast(p, bg)));
      if (best < 1.01) continue;
      totals.marks++;
      if (best < MARK_RATIO) low.mark.push({ ratio: best, line: `${m.what} ${paints.map(hex).join(' / ')} ${best.toFixed(2)}:1` });
    }
    for (const [kind, need, total] of [['text', TEXT_RATIO, chart.texts.length], ['mark', MARK_RATIO, chart.marks.length]]) {
      const list = low[kind].sort((a, b) => a.ratio - b.ratio);
      if (!list.length) continue;
      const shown = list.slice(0, 3).map((x) => x.line).join('; ');
      problems.push(`[${label}] chart ${chart.id}: ${list.length} of ${total} ${kind}s below ${need}:1 on ${hex(bg)}: ${shown}${list.length > 3 ? '; …' : ''}`);
    }
  }
}

async function checkEntry(entry, opened) {
  const t0 = Date.now();
  const problems = [];
  const laps = [];
  const lap = (what) => laps.push(`${what} ${((Date.now() - t0) / 1000).toFixed(2)}`);

  // Desktop, light: loads cleanly, charts shown and readable, accessible (with every "Show the
  // data" table open), the language switch works.
  let page = await open(desktop, entry, problems, '1280');
  opened.push(page);
  lap('load');
  await screenshot(page, entry, '1280');
  const boxes = await page.evaluate(chartBoxes);
  totals.charts += boxes.length;
  for (const href of await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.href))) {
    const url = new URL(href);
    url.hash = '';
    const self = url.href === new URL(entry.url).href; // `#main`, footnotes
    if (url.host === base.host && !self && !links.has(url.href)) links.set(url.href, entry.rel || '(root)');
  }
  checkCharts(boxes, problems, '1280');
  checkContrast(await page.evaluate(chartColours), problems, '1280');
  await page.evaluate(openDetails);
  await axe(page, entry, problems, '1280');
  lap('axe');
  await followLanguageSwitch(page, entry, problems, '1280');
  lap('switch');
  await page.close();

  // Phone: charts shown; then dark (the system setting changes under the page, as on a phone at
  // dusk): nothing wider than the screen with the data tables open, chart text and marks
  // readable on the figure's background, page text contrast.
  page = await open(phone, entry, problems, '390');
  opened.push(page);
  lap('load 390');
  checkCharts(await page.evaluate(chartBoxes), problems, '390');
  await screenshot(page, entry, '390');
  page.where = '390 dark';
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, entry, '390-dark');
  await page.evaluate(openDetails);
  const width = await page.evaluate(overflow);
  if (width.scrollWidth > width.clientWidth) {
    problems.push(`[390, tables open] overflows horizontally: ${width.scrollWidth} px wide in ${width.clientWidth} px; sticking out: ${width.culprits.join(', ') || '?'}`);
  }
  checkContrast(await page.evaluate(chartColours), problems, '390 dark');
  await axe(page, entry, problems, '390 dark', ['color-contrast', 'link-in-text-block']);
  lap('390 dark');
  await page.close();

  if (args.timings) console.log(`       ${entry.rel}: ${laps.join(', ')}`);
  return { entry, problems, seconds: (Date.now() - t0) / 1000 };
}

const results = [];
const queue = [...pages];
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      let result;
      const opened = [];
      try {
        result = await checkEntry(entry, opened);
      } catch (e) {
        result = { entry, problems: [`the check itself failed: ${e.message.split('\n')[0]}`], seconds: 0 };
        await Promise.all(opened.map((p) => p.close().catch(() => {})));
      }
      results.push(result);
      const mark = result.problems.length ? 'FAIL' : 'ok  ';
      console.log(`${mark} ${entry.rel || '(root)'}  ${result.seconds.toFixed(1)} s`);
      for (const p of result.problems) console.log(`       ${p}`);
    }
  }),
);
await browser.close();
const browserSeconds = (Date.now() - started) / 1000;

// Every link to the site's own pages and files answers 200 under the base path (no redirect).
const broken = [];
await Promise.all(
  [...links].map(async ([url, from]) => {
    const status = await fetch(url, { redirect: 'manual' }).then((r) => r.status, (e) => e.message);
    if (status !== 200) broken.push(`${url} (from ${from}): ${status}`);
  }),
);
console.log(`\n${broken.length ? 'FAIL' : 'ok  '} links: ${links.size} distinct links to the site's own URLs, ${broken.length} not answering 200`);
for (const b of broken.sort()) console.log(`       ${b}`);
if (broken.length) results.push({ entry: { rel: '(links)' }, problems: broken });

// ---------------------------------------------------------------------------------------------
// The validator (it ran alongside the browser).

const v = await validation;
let validatorFailed = false;
if (!v) {
  console.log('skip Nu Html Checker (--skip-validator)');
} else if (v.failure) {
  validatorFailed = true;
  console.log(`FAIL Nu Html Checker: ${v.failure.message}`);
} else {
  const files = pagesUnder(siteDir).length + 1; // + 404.html
  console.log(`${v.errors.length ? 'FAIL' : 'ok  '} Nu Html Checker: ${v.errors.length} error(s), ${v.warnings.length} warning(s) in ${files} HTML pages and the standalone SVGs, ${v.seconds.toFixed(1)} s`);
  for (const e of v.errors) console.log(`       error: ${e.where}: ${e.message}  ${e.extract ? `[${e.extract.slice(0, 120)}]` : ''}`);
  for (const w of v.warnings) console.log(`       warning: ${w.where}: ${w.message}`);
  const reasons = new Map();
  for (const i of v.ignored) reasons.set(i.reason, (reasons.get(i.reason) ?? 0) + 1);
  for (const [reason, n] of reasons) console.log(`       ignored ${n}× known false positive: ${reason}`);
  validatorFailed = v.errors.length > 0;
}

// ---------------------------------------------------------------------------------------------

if (totals.charts !== chartsOnDisk) {
  results.push({ entry: { rel: '(all pages)' }, problems: [`the pages carry ${chartsOnDisk} charts, the browser found ${totals.charts}`] });
  console.log(`FAIL charts: the pages carry ${chartsOnDisk} charts, the browser found ${totals.charts}`);
}
const failed = results.filter((r) => r.problems.length);
const problemCount = failed.reduce((n, r) => n + r.problems.length, 0);
if (axeMinor.size) {
  console.log('\naxe, moderate and minor (listed, allowed):');
  for (const [id, m] of axeMinor) console.log(`       ${m.impact} ${id} (${m.help}) on ${[...m.pages].join(', ')}`);
}
if (totals.screenshots.length) console.log(`\nscreenshots (${totals.screenshots.length}): ${shotDir}`);
console.log(
  `\nbrowser suite: ${pages.length} pages (${languages.map((l) => l.code).join(', ')}; at 1280 px, 390 px and 390 px dark), ` +
    `${totals.charts} charts, ${totals.texts} chart texts and ${totals.marks} marks contrast-checked, ` +
    `${totals.langLinks} language switches followed, ${links.size} links fetched, ${totals.axeRuns} axe runs (+${totals.undecidedTexts} texts on gradients measured); ` +
    `${problemCount} problem(s) on ${failed.length} page(s), validator ${!v ? 'skipped' : validatorFailed ? 'FAILED' : 'clean'}; ` +
    `browser ${browserSeconds.toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed.length || validatorFailed ? 1 : 0);
