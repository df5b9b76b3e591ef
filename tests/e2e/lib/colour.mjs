// WCAG 2 contrast between colours given as [r, g, b, a] (0-255, alpha 0-1).

/** Relative luminance of an sRGB colour. */
export function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** `top` drawn with its alpha over an opaque `bottom`. */
export function over(top, bottom) {
  const a = top[3] ?? 1;
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
}

/** The contrast ratio (1 to 21) of `fg` (alpha composited) over an opaque `bg`. */
export function contrast(fg, bg) {
  const [l1, l2] = [luminance(over(fg, bg)), luminance(bg)];
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

export function hex([r, g, b, a = 1]) {
  const h = [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
  return a < 1 ? `#${h} @${a.toFixed(2)}` : `#${h}`;
}
