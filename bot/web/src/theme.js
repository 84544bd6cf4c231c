// data-color → a palette that keeps WCAG AA contrast (4.5:1) whatever colour an agency
// picks: text on the accent is white or near-black, whichever reads better, and the
// accent used as text on light surfaces is darkened until it passes.

export const DEFAULT_COLOR = "#0b5c6b";
const WHITE = [255, 255, 255];
const INK = [17, 17, 17];
const LIGHTEST_SURFACE = [241, 243, 244]; // the bot bubble, lighter surfaces pass a fortiori
const AA = 4.5;

/** The colour as opaque sRGB [r, g, b] (alpha blended over white), or null if invalid. */
export function parseColor(value) {
  if (typeof value !== "string" || !value.trim()) return null;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) return null;
  // Two different defaults: an invalid colour leaves each unchanged, so they differ.
  const probe = (initial) => {
    ctx.fillStyle = initial;
    ctx.fillStyle = value.trim();
    return ctx.fillStyle;
  };
  if (probe("#000001") !== probe("#000002")) return null;
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, 1, 1);
  ctx.fillStyle = value.trim();
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

function luminance([r, g, b]) {
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const css = ([r, g, b]) => `rgb(${r}, ${g}, ${b})`;

/** CSS custom properties for an accent colour. */
export function palette(value) {
  const accent = parseColor(value) || parseColor(DEFAULT_COLOR);
  const onAccent = contrast(accent, WHITE) >= contrast(accent, INK) ? WHITE : INK;
  let ink = accent;
  for (let step = 0; step < 20 && contrast(ink, LIGHTEST_SURFACE) < AA; step++) {
    ink = ink.map((c) => Math.round(c * 0.85));
  }
  return {
    "--pl-accent": css(accent),
    "--pl-on-accent": css(onAccent),
    "--pl-ink": css(ink),
  };
}
