/**
 * `npm run icons`: renders assets/icon.svg, the one source image, into every size the installers,
 * the window and the web preview need. electron-builder derives .icns and .ico from icon.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

const root = path.resolve(__dirname, '..');
const svg = readFileSync(path.join(root, 'assets/icon.svg'));
const render = (size: number): Buffer =>
  Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());

mkdirSync(path.join(root, 'assets/icons'), { recursive: true });
for (const size of ICON_SIZES) {
  // electron-builder's Linux icon set: a folder of NxN.png files.
  writeFileSync(path.join(root, 'assets/icons', `${size}x${size}.png`), render(size));
}
writeFileSync(path.join(root, 'assets/icon.png'), render(1024));
// Served with the page: the web preview's favicon, and the window icon (Linux, Windows).
writeFileSync(path.join(root, 'renderer/public/favicon.png'), render(64));
writeFileSync(path.join(root, 'renderer/public/icon.png'), render(256));
console.log(`icons: ${ICON_SIZES.join(', ')} px, assets/icon.png, renderer/public/favicon.png and icon.png`);
