// Functions evaluated inside the page (they must not use anything from this module's scope).

/** Each `figure.chart`: its id and the rendered boxes of its SVGs. */
export function chartBoxes() {
  return [...document.querySelectorAll('figure.chart')].map((figure, i) => ({
    id: figure.id || `figure.chart #${i + 1}`,
    svgs: [...figure.querySelectorAll('svg')].map((svg) => {
      const box = svg.getBoundingClientRect();
      const style = getComputedStyle(svg);
      return {
        width: box.width,
        height: box.height,
        visible: style.display !== 'none' && style.visibility !== 'hidden' && svg.checkVisibility(),
      };
    }),
  }));
}

/** Horizontal overflow of the document, and the elements that stick out (for the report). */
export function overflow() {
  const root = document.scrollingElement || document.documentElement;
  const width = root.clientWidth;
  const culprits = [];
  if (root.scrollWidth > width) {
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 0.5 && box.width > 0 && !clipped(el)) {
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.classList.length ? `.${[...el.classList].join('.')}` : '');
        culprits.push(`${name} (right edge ${Math.round(box.right)} px)`);
      }
    }
  }
  return { scrollWidth: root.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 8) };
}

/**
 * The colours of every chart, resolved from computed styles to [r, g, b, a]: the figure's
 * background, each text's fill, and each mark's fill and stroke (gridlines are decoration and
 * drawn faint on purpose: left out by their class `grid-*`).
 */
export function chartColours() {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  // Any CSS colour (rgb(), color(srgb ...), oklab(), ...) to sRGB bytes, through a canvas pixel.
  const rgba = (css) => {
    if (!css || css === 'none' || css.startsWith('url(')) return null;
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return a === 0 ? [0, 0, 0, 0] : [r, g, b, a / 255];
  };
  const opacity = (el, stop) => {
    let o = 1;
    for (let e = el; e && e !== stop.parentElement; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
  };
  const background = (el) => {
    // The first opaque background up the tree (partly transparent ones are blended later).
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = [0, 1, 2].map((i) => c[i] * c[3] + bg[i] * (1 - c[3])).concat(1);
    return bg;
  };
  const describe = (el) => {
    const cls = el.getAttribute('class');
    const text = el.tagName === 'text' ? ` “${el.textContent.trim().slice(0, 40)}”` : '';
    return `<${el.tagName}${cls ? ` class="${cls}"` : ''}>${text}`;
  };
  return [...document.querySelectorAll('figure.chart')].flatMap((figure, i) =>
    [...figure.querySelectorAll('svg')]
      .filter((svg) => svg.checkVisibility())
      .map((svg) => {
        const bg = background(svg);
        const texts = [...svg.querySelectorAll('text')]
          .filter((t) => t.textContent.trim() && t.checkVisibility())
          .map((t) => {
            const s = getComputedStyle(t);
            const fill = rgba(s.fill);
            if (fill) fill[3] *= parseFloat(s.fillOpacity) * opacity(t, svg);
            return { what: describe(t), fill };
          });
        const marks = [...svg.querySelectorAll('rect, circle, ellipse, line, polyline, polygon, path')]
          .filter((m) => !/(^|\s)grid-/.test(m.getAttribute('class') ?? '') && m.checkVisibility())
          .filter((m) => !m.closest('defs, clipPath, mask, marker, pattern'))
          .map((m) => {
            const s = getComputedStyle(m);
            const o = opacity(m, svg);
            const fill = rgba(s.fill);
            if (fill) fill[3] *= parseFloat(s.fillOpacity) * o;
            const stroke = parseFloat(s.strokeWidth) > 0 ? rgba(s.stroke) : null;
            if (stroke) stroke[3] *= parseFloat(s.strokeOpacity) * o;
            return { what: describe(m), fill, stroke };
          });
        return { id: figure.id || `figure.chart #${i + 1}`, background: bg, texts, marks };
      }),
  );
}

/**
 * Text colours for the elements axe-core could not decide (a background gradient, such as the
 * scroll shadows of wide tables): each element's colour against the solid background colours
 * beneath it (gradients and images ignored), and whether it is large text (3:1 suffices).
 */
export function textColours(selectors) {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  return selectors.flatMap((selector) => {
    const el = document.querySelector(selector);
    if (!el || el.closest('svg')) return [];
    const layers = [];
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      opacity *= parseFloat(s.opacity);
      const c = rgba(s.backgroundColor);
      if (c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = [0, 1, 2].map((i) => c[i] * c[3] + bg[i] * (1 - c[3])).concat(1);
    const s = getComputedStyle(el);
    const fg = rgba(s.color);
    fg[3] *= opacity;
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
    return [{ what: selector, fg, bg, large }];
  });
}

/** Opens every `<details>` ("Show the data"), as a reader who wants the numbers does. */
export function openDetails() {
  for (const d of document.querySelectorAll('details')) d.open = true;
}
