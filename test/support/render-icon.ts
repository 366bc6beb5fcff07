// Renders the app icon for electron-builder (main/resources/icon.png) from the renderer's favicon with headless
// Chromium. Run after changing renderer/public/favicon.svg: node test/support/render-icon.ts
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.join(import.meta.dirname, '..', '..');
const FAVICON = path.join(ROOT, 'renderer', 'public', 'favicon.svg');
const ICON = path.join(ROOT, 'main', 'resources', 'icon.png');

/** Canvas size: electron-builder wants at least 512 px for .icns and 256 px for .ico; 1024 covers both. */
const CANVAS = 1024;
/** Transparent margin of Apple's icon grid (824 px artwork on 1024), so the Dock icon matches its neighbours. */
const MARGIN = 100;

/** A page that shows the favicon SVG alone, scaled into the artwork box, on a transparent canvas. */
function iconPage(svg: string): string {
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  const size = CANVAS - 2 * MARGIN;
  return `<!doctype html><html><body style="margin:0;background:transparent">
<img src="${src}" width="${size}" height="${size}" style="display:block;margin:${MARGIN}px"></body></html>`;
}

/** Renders `svg` to a CANVAS×CANVAS PNG with a transparent background. */
export async function renderIcon(svg: string): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: CANVAS, height: CANVAS }, deviceScaleFactor: 1 });
    // setContent waits for the load event, which waits for the image.
    await page.setContent(iconPage(svg), { waitUntil: 'load' });
    return await page.screenshot({
      type: 'png',
      omitBackground: true,
      clip: { x: 0, y: 0, width: CANVAS, height: CANVAS },
    });
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  await writeFile(ICON, await renderIcon(await readFile(FAVICON, 'utf8')));
  console.log(`wrote ${path.relative(ROOT, ICON)} (${CANVAS}×${CANVAS}) from ${path.relative(ROOT, FAVICON)}`);
}
