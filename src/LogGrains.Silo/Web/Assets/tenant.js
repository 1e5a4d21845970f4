// The /tenants/{tenant} page: the tenant's totals and four charts from /api/tenants/{tenant}/series, every sample interval.
(() => {
  "use strict";
  const charts = window.LogGrainsCharts;
  const tenant = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop());
  const api = "../api/tenants/" + encodeURIComponent(tenant) + "/series";
  const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
  let refreshMs = 2000;

  function bytes(n) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let i = 0;
    while (Math.abs(n) >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return decimal.format(n) + " " + units[i];
  }

  const series = {
    eventsPerSecond: { unit: "events/s", format: v => decimal.format(v) },
    bytesPerSecond: { unit: "bytes/s", format: v => bytes(v) + "/s" },
    throttlesPerSecond: { unit: "throttles/s", format: v => decimal.format(v) },
    rejectsPerSecond: { unit: "rejects/s", format: v => decimal.format(v) },
  };

  function seconds(s) {
    return s < 1 ? integer.format(s * 1000) + " ms" : decimal.format(s) + " s";
  }

  function setTotal(name, value, text) {
    const dd = document.querySelector(`#totals dd[data-total="${name}"]`);
    dd.dataset.value = value === null || value === undefined ? "" : String(value);
    dd.textContent = text;
  }

  function render(body) {
    refreshMs = Math.max(1000, body.sampleIntervalSeconds * 1000);
    const minutes = Math.round(body.historySeconds / 60);
    document.title = "LogGrains · " + body.tenant;
    document.getElementById("title").textContent = "LogGrains · " + body.tenant;
    document.getElementById("subtitle").textContent =
      "one point per " + body.sampleIntervalSeconds + " s sample · last " + minutes + " min · this silo's samples";
    document.getElementById("grain").href = "../" + body.grainView;
    document.getElementById("json").href = api;

    const totals = body.totals;
    setTotal("events", totals.events, integer.format(totals.events));
    setTotal("bytes", totals.bytes, bytes(totals.bytes));
    setTotal("batches", totals.batches, integer.format(totals.batches));
    setTotal("throttles", totals.throttles, integer.format(totals.throttles));
    setTotal("rejects", totals.rejects, integer.format(totals.rejects));
    setTotal("deadLetters", totals.deadLetters, integer.format(totals.deadLetters));
    const wait = totals.waited > 0 ? totals.waitSeconds / totals.waited : null;
    setTotal("wait", wait, wait === null ? "—" : seconds(wait));
    setTotal("lastDelivery", totals.lastDelivery || "", totals.lastDelivery ? new Date(totals.lastDelivery).toLocaleTimeString("en-GB") : "never");

    const to = Date.parse(body.generatedAt) / 1000;
    for (const figure of document.querySelectorAll("figure[data-chart]")) {
      const key = figure.dataset.chart;
      const how = series[key];
      const points = body.points.map(p => ({ t: Date.parse(p.at) / 1000, v: p[key], span: p.spanSeconds }));
      const title = figure.querySelector("h2").textContent;
      charts.chart(figure.querySelector("svg"), points, {
        to, historySeconds: body.historySeconds, interval: body.sampleIntervalSeconds, format: how.format,
        label: (p, max) => title + " of " + body.tenant + " over the last " + minutes + " min: " + p.length + " samples" +
          (p.length ? ", latest " + how.format(p[p.length - 1].v) + ", peak " + how.format(max) : ""),
      });
      const latest = points.length ? points[points.length - 1].v : null;
      figure.querySelector(".now").textContent = latest === null ? "" : "now " + how.format(latest) + " " +
        (key === "bytesPerSecond" ? "" : how.unit);
    }
    document.getElementById("footer").textContent =
      "Totals since the tenant's grain state was created; rates from this silo's samples of the cluster-wide counters. Generated " +
      new Date(body.generatedAt).toLocaleTimeString("en-GB") + ".";
  }

  function status(text, error) {
    document.getElementById("status").classList.toggle("error", !!error);
    document.getElementById("status-text").textContent = text;
  }

  async function refresh() {
    try {
      const response = await fetch(api, { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) {
        let reason = (await response.text()).trim();
        try { reason = JSON.parse(reason).error || reason; } catch { /* plain text, as is */ }
        status("Could not refresh: " + response.status + " " + reason, true);
        return;
      }
      const body = await response.json();
      render(body);
      status("Live · updated " + new Date().toLocaleTimeString("en-GB") + " · " + body.points.length + " samples", false);
    } catch (e) {
      status("Could not refresh: " + e, true);
    } finally {
      setTimeout(refresh, refreshMs);
    }
  }

  refresh();
})();
