// Draws images/icon.png (128×128): three stacked server nodes and a wavy "lint" underline.
// No image library needed: shapes are sampled 4×4 per pixel and written as an RGBA PNG.
// Usage: node scripts/make-icon.mjs [out.png]
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const size = 128;
const out = process.argv[2] ?? new URL("../images/icon.png", import.meta.url);

const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const wave = (x0, x1, yMid, amplitude, period, thickness) => (x, y) =>
  x >= x0 && x <= x1 && Math.abs(y - (yMid + amplitude * Math.sin(((x - x0) / period) * 2 * Math.PI))) <= thickness / 2;

// later layers paint over earlier ones: [shape, [r, g, b]]
const layers = [
  [roundedRect(4, 4, 124, 124, 22), [24, 52, 92]],
  ...[0, 1, 2].flatMap((i) => {
    const top = 22 + i * 27;
    return [
      [roundedRect(22, top, 106, top + 20, 5), [226, 236, 248]],
      [circle(34, top + 10, 4), i === 1 ? [240, 160, 40] : [60, 170, 110]],
      [roundedRect(46, top + 8, 92, top + 12, 2), [150, 170, 196]],
    ];
  }),
  [wave(20, 108, 108, 4, 16, 5), [240, 160, 40]],
];

const samples = 4;
const rgba = Buffer.alloc(size * size * 4);
for (let py = 0; py < size; py++) {
  for (let px = 0; px < size; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const x = px + (sx + 0.5) / samples, y = py + (sy + 0.5) / samples;
        let color;
        for (const [inside, c] of layers) if (inside(x, y)) color = c;
        if (color) { r += color[0]; g += color[1]; b += color[2]; a++; }
      }
    }
    const o = (py * size + px) * 4;
    if (a) { rgba[o] = r / a; rgba[o + 1] = g / a; rgba[o + 2] = b / a; }
    rgba[o + 3] = Math.round((a / samples ** 2) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4);
header[8] = 8; header[9] = 6; // 8-bit RGBA
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
writeFileSync(out, Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0)),
]));
