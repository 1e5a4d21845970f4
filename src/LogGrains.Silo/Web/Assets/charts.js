// LogGrains' charts: SVG line charts and sparklines drawn without any library (served from the executable, strict CSP:
// no inline style, attributes and classes only). A point is { t: unix seconds, v: value, span: seconds it covers }.
(() => {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false });
  const clockSeconds = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

  function node(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attrs || {})) { e.setAttribute(key, String(value)); }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function text(name, attrs, content, parent) {
    const e = node(name, attrs, parent);
    e.textContent = content;
    return e;
  }

  // The smallest of 1, 2, 2.5, 5 × 10^k at or above max (1 for an empty or all-zero series).
  function niceCeiling(max) {
    if (!(max > 0)) { return 1; }
    const power = Math.pow(10, Math.floor(Math.log10(max)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (max <= step * power * (1 + 1e-9)) { return step * power; }
    }
    return 10 * power;
  }

  // The time axis: from the first point (at least `minimum` seconds back, at most the history window) to `to`.
  function span(points, to, historySeconds, minimumSeconds) {
    const first = points.length ? points[0].t - points[0].span : to;
    return { from: Math.max(to - historySeconds, Math.min(first, to - minimumSeconds)), to };
  }

  // The line through the points; a point that covers more than 1.5 sample intervals (samples failed before it) is drawn
  // as a flat piece over the whole gap, apart from its neighbours, so a gap shows as a gap rather than a slope.
  function pathData(points, x, y, interval) {
    let d = "";
    let started = false;
    for (const p of points) {
      const gap = p.span > 1.5 * interval;
      const px = x(p.t).toFixed(1);
      const py = y(p.v).toFixed(1);
      if (gap) {
        d += "M" + x(p.t - p.span).toFixed(1) + "," + py + "L" + px + "," + py;
      } else {
        d += (started ? "L" : "M") + px + "," + py;
      }
      started = !gap;
    }
    return d;
  }

  function describe(svg, label) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    text("title", {}, label, svg);
  }

  // A small chart of one series in a 120 × 26 box, no axes.
  function sparkline(svg, points, options) {
    const width = 120, height = 26, pad = 2;
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("preserveAspectRatio", "none");
    svg.dataset.points = String(points.length);
    const axis = span(points, options.to, options.historySeconds, 60);
    const max = Math.max(0, ...points.map(p => p.v));
    const top = max > 0 ? max : 1;
    const x = t => pad + (t - axis.from) / Math.max(1, axis.to - axis.from) * (width - 2 * pad);
    const y = v => height - pad - v / top * (height - 2 * pad);
    describe(svg, options.label(points, max));
    if (points.length === 0) {
      text("text", { x: pad, y: height - 8, class: "none" }, "no samples yet", svg);
      return;
    }
    node("path", { class: "line", d: pathData(points, x, y, options.interval) }, svg);
  }

  function timeTicks(from, to) {
    const seconds = to - from;
    const step = [10, 15, 30, 60, 120, 300, 600, 900, 1800].find(s => seconds / s <= 6) || 3600;
    const ticks = [];
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) { ticks.push(t); }
    return { ticks, format: step < 60 ? clockSeconds : clock };
  }

  // A line chart with a value axis from 0 and a clock-time axis, in a 560 × 220 box that scales with its container.
  function chart(svg, points, options) {
    const width = 560, height = 220, left = 62, right = 14, top = 12, bottom = 28;
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.dataset.points = String(points.length);
    const axis = span(points, options.to, options.historySeconds, 60);
    const max = Math.max(0, ...points.map(p => p.v));
    const ceiling = niceCeiling(max);
    const x = t => left + (t - axis.from) / Math.max(1, axis.to - axis.from) * (width - left - right);
    const y = v => height - bottom - v / ceiling * (height - top - bottom);
    describe(svg, options.label(points, max));

    for (let i = 0; i <= 4; i++) {
      const value = ceiling * i / 4;
      const py = y(value).toFixed(1);
      node("line", { class: i === 0 ? "axis" : "grid", x1: left, x2: width - right, y1: py, y2: py }, svg);
      text("text", { class: "tick", x: left - 6, y: py, "text-anchor": "end", "dominant-baseline": "middle" }, options.format(value), svg);
    }
    node("line", { class: "axis", x1: left, x2: left, y1: top, y2: height - bottom }, svg);
    const time = timeTicks(axis.from, axis.to);
    for (const t of time.ticks) {
      const px = x(t).toFixed(1);
      node("line", { class: "axis", x1: px, x2: px, y1: height - bottom, y2: height - bottom + 4 }, svg);
      text("text", { class: "tick", x: px, y: height - 8, "text-anchor": "middle" }, time.format.format(new Date(t * 1000)), svg);
    }

    if (points.length === 0) {
      text("text", { class: "none", x: (left + width - right) / 2, y: (top + height - bottom) / 2, "text-anchor": "middle" },
        "No samples yet: the silo samples every " + options.interval + " s", svg);
      return;
    }
    node("path", { class: "line", d: pathData(points, x, y, options.interval) }, svg);
  }

  window.LogGrainsCharts = Object.freeze({ sparkline, chart, niceCeiling });
})();
