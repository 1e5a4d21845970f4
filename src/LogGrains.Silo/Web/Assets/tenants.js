// The /tenants page: a row per tenant from /api/tenants and a sparkline per row from /api/tenants/sparklines, every 2 s.
(() => {
  "use strict";
  const refreshMs = 2000;
  const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const rate = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const megabytes = new Intl.NumberFormat("en-US", { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const rows = document.getElementById("rows");
  const byTenant = new Map();
  const charts = window.LogGrainsCharts;

  function bytes(n) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i === 0 ? integer.format(n) : rate.format(n)) + " " + units[i];
  }

  function seconds(s) {
    return s < 1 ? integer.format(s * 1000) + " ms" : rate.format(s) + " s";
  }

  function ago(iso) {
    if (!iso) { return "never"; }
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) { return seconds + " s ago"; }
    if (seconds < 3600) { return Math.round(seconds / 60) + " min ago"; }
    if (seconds < 86400) { return Math.round(seconds / 3600) + " h ago"; }
    return Math.round(seconds / 86400) + " d ago";
  }

  function setCell(cell, value, text, classes) {
    cell.dataset.value = value === null || value === undefined ? "" : String(value);
    cell.textContent = text;
    cell.className = classes || "";
  }

  function numberCell(cell, value, format, extra) {
    setCell(cell, value, format(value), (value === 0 ? "zero " : "") + (extra || ""));
  }

  function fill(cells, item, isTotal) {
    numberCell(cells.eventsPerSecond, item.eventsPerSecond, v => rate.format(v), item.eventsPerSecond > 0 ? "rate" : "");
    numberCell(cells.megabytesPerSecond, item.megabytesPerSecond, v => v > 0 && v < 0.001 ? "< 0.001" : megabytes.format(v), item.megabytesPerSecond > 0 ? "rate" : "");
    cells.megabytesPerSecond.title = integer.format(item.megabytesPerSecond * 1e6) + " bytes/s";
    if (isTotal) {
      setCell(cells.waitSeconds, "", "", "");
    } else if (item.waitSeconds === null || item.waitSeconds === undefined) {
      setCell(cells.waitSeconds, "", "—", "zero");
    } else {
      setCell(cells.waitSeconds, item.waitSeconds, seconds(item.waitSeconds), item.waitSeconds >= 5 ? "warn" : "");
    }
    numberCell(cells.events, item.events, v => integer.format(v));
    numberCell(cells.bytes, item.bytes, bytes);
    numberCell(cells.batches, item.batches, v => integer.format(v));
    numberCell(cells.throttles, item.throttles, v => integer.format(v), item.throttles > 0 ? "warn" : "");
    numberCell(cells.rejects, item.rejects, v => integer.format(v), item.rejects > 0 ? "warn" : "");
    numberCell(cells.deadLetters, item.deadLetters, v => integer.format(v), item.deadLetters > 0 ? "warn" : "");
    setCell(cells.lastDelivery, item.lastDelivery || "", ago(item.lastDelivery), "left");
    cells.lastDelivery.title = item.lastDelivery || "";
    const config = cells.configProblems;
    config.replaceChildren();
    const badge = document.createElement("span");
    if (isTotal) {
      const bad = item.tenantsWithConfigProblems;
      badge.className = "badge " + (bad > 0 ? "bad" : "ok");
      badge.textContent = bad > 0 ? bad + " with problems" : "all valid";
      config.dataset.value = String(bad);
    } else {
      const problems = item.configProblems || "";
      badge.className = "badge " + (problems ? "bad" : "ok");
      badge.textContent = problems || "valid";
      config.dataset.value = problems;
    }
    config.className = "left config";
    config.appendChild(badge);
  }

  function newRow(tenant) {
    const tr = document.createElement("tr");
    tr.dataset.tenant = tenant;
    const cells = {};
    for (const col of ["tenant", "sparkline", "eventsPerSecond", "megabytesPerSecond", "waitSeconds", "events", "bytes", "batches", "throttles",
                       "rejects", "deadLetters", "lastDelivery", "configProblems", "grain"]) {
      const td = document.createElement("td");
      td.dataset.col = col;
      tr.appendChild(td);
      cells[col] = td;
    }
    cells.tenant.className = "left tenant";
    const page = document.createElement("a");
    page.className = "tenant-link";
    page.href = "tenants/" + encodeURIComponent(tenant);
    page.title = "Charts of " + tenant + "'s throughput over time";
    page.textContent = tenant;
    cells.tenant.appendChild(page);
    cells.sparkline.className = "spark";
    const spark = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    spark.classList.add("sparkline");
    cells.sparkline.appendChild(spark);
    cells.sparkline.spark = spark;
    cells.grain.className = "left";
    const link = document.createElement("a");
    link.className = "grain";
    link.textContent = "TenantGrain/" + tenant;
    cells.grain.appendChild(link);
    return { tr, cells, link };
  }

  function render(report) {
    document.getElementById("subtitle").textContent =
      "cluster-wide · rates over the last " + report.windowSeconds + " s · refreshed every " + (refreshMs / 1000) + " s";
    const seen = new Set();
    for (const item of report.tenants) {
      seen.add(item.tenant);
      let row = byTenant.get(item.tenant);
      if (!row) {
        row = newRow(item.tenant);
        byTenant.set(item.tenant, row);
      }
      row.link.href = item.grainView;
      row.link.title = "The Orleans Dashboard's state of TenantGrain/" + item.tenant;
      fill(row.cells, item, false);
      rows.appendChild(row.tr); // keeps the API's order
    }
    for (const [tenant, row] of byTenant) {
      if (!seen.has(tenant)) { row.tr.remove(); byTenant.delete(tenant); }
    }
    const empty = rows.querySelector("tr.empty");
    if (empty && byTenant.size > 0) { empty.remove(); }
    const totals = {};
    for (const td of document.querySelectorAll("#totals td[data-col]")) { totals[td.dataset.col] = td; }
    fill(totals, report.totals, true);
    totals.tenant.textContent = "Total (" + report.totals.tenants + (report.totals.tenants === 1 ? " tenant)" : " tenants)");
    document.getElementById("footer").textContent =
      "Totals since each tenant's grain state was created. MB = 1,000,000 bytes. Generated " +
      new Date(report.generatedAt).toLocaleTimeString("en-GB") + ".";
  }

  function drawSparklines(feed) {
    const minutes = Math.round(feed.historySeconds / 60);
    document.getElementById("spark-head").textContent = "Events/s, " + minutes + " min";
    const to = Date.parse(feed.generatedAt) / 1000;
    const byName = new Map(feed.tenants.map(t => [t.tenant, t.points]));
    for (const [tenant, row] of byTenant) {
      const points = (byName.get(tenant) || []).map(([t, v], i, all) =>
        ({ t, v, span: i === 0 ? feed.sampleIntervalSeconds : t - all[i - 1][0] }));
      charts.sparkline(row.cells.sparkline.spark, points, {
        to, historySeconds: feed.historySeconds, interval: feed.sampleIntervalSeconds,
        label: (p, max) => tenant + ": events per second over the last " + minutes + " min, " + p.length + " samples" +
          (p.length ? ", latest " + rate.format(p[p.length - 1].v) + ", peak " + rate.format(max) : ""),
      });
    }
  }

  function status(text, error) {
    const p = document.getElementById("status");
    p.classList.toggle("error", !!error);
    document.getElementById("status-text").textContent = text;
  }

  async function refresh() {
    try {
      const [response, sparklines] = await Promise.all([
        fetch("api/tenants", { cache: "no-store", credentials: "same-origin" }),
        fetch("api/tenants/sparklines", { cache: "no-store", credentials: "same-origin" }),
      ]);
      for (const r of [response, sparklines]) {
        if (!r.ok) {
          status("Could not refresh " + new URL(r.url).pathname + ": " + r.status + " " + (await r.text()).trim(), true);
          return;
        }
      }
      const report = await response.json();
      render(report);
      drawSparklines(await sparklines.json());
      status("Live · updated " + new Date().toLocaleTimeString("en-GB") + " · " + report.tenants.length +
             (report.tenants.length === 1 ? " tenant" : " tenants"), false);
    } catch (e) {
      status("Could not refresh: " + e, true);
    } finally {
      setTimeout(refresh, refreshMs);
    }
  }

  refresh();
})();
