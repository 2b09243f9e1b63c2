// hookgate operator console. Everything it shows comes from requests an attacker may have sent, so the
// page is built with DOM nodes and text nodes only (data is never parsed as markup); no inline script or
// style (the CSP forbids them).
// The admin token lives in this page's memory only (a reload asks again; no storage another page of this origin
// could read) and is sent as a bearer header, never a cookie.
const ADMIN = "/__hookgate/admin";
const BODY_CAP = 65536;
const $ = (id) => document.getElementById(id);
let token = null;

/** An element; string children become text nodes, so markup in data stays text. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "onclick" || k === "onchange") el.addEventListener(k.slice(2), v);
    else if (k === "className") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const time = (ms) => (typeof ms === "number" ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) + "Z" : "");
function age(s) {
  if (typeof s !== "number") return "";
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}
const table = (heads, rows, empty) =>
  rows.length ? h("table", {}, h("thead", {}, h("tr", {}, heads.map((x) => h("th", {}, x)))), h("tbody", {}, rows)) : h("p", { className: "muted" }, empty);

class Unauthorized extends Error {}

async function api(path, init = {}) {
  const res = await fetch(ADMIN + path, {
    ...init,
    credentials: "omit",
    cache: "no-store",
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { "content-type": "application/json" } : {}) },
  });
  if (res.status === 401) throw new Unauthorized("The token was refused.");
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.message || `HTTP ${res.status}`);
  return body;
}

function signOut(message = "") {
  token = null;
  $("nav").hidden = true;
  $("view").replaceChildren();
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = message;
}

// ---- Views: each returns the nodes to show ----

async function routesView() {
  const { routes } = await api("/config");
  const secrets = (s) => (s ? `${s.count}${s.env.length ? ` (env: ${s.env.join(", ")})` : ""}` : "");
  return [
    h("h2", {}, "Routes"),
    table(
      ["Path", "Provider", "Origin", "Methods", "Allow list", "Dedup", "Delivery", "Enforcement", "Rate limit", "Secrets", "Status"],
      routes.map((r) =>
        h(
          "tr",
          {},
          h("td", { className: "mono" }, r.path),
          h("td", {}, r.provider ?? ""),
          h("td", { className: "mono" }, r.origin ?? "same URL"),
          h("td", {}, (r.methods ?? []).join(", ")),
          h("td", {}, r.allow ? [h("span", { className: "tag" }, r.allow.from), [...r.allow.ips, ...r.allow.hostnames].join(", ")] : "any source"),
          h("td", {}, r.dedup ?? ""),
          h("td", {}, r.delivery ?? ""),
          h("td", {}, r.reportOnly ? h("span", { className: "tag warn" }, "report-only") : r.path && r.provider ? "enforced" : ""),
          h("td", {}, r.rateLimit ? `${r.rateLimit}/min` : "none"),
          h("td", {}, secrets(r.secrets), r.tokenSecrets ? ["; token: ", secrets(r.tokenSecrets)] : ""),
          h("td", { className: r.problem ? "bad" : "ok" }, r.problem ?? "ok"),
        ),
      ),
      "No routes are stored in RULES (push a rules file: npx hookgate rules push).",
    ),
  ];
}

async function healthView() {
  const { health } = await api("/config");
  return [
    h("h2", {}, "Health"),
    health.length
      ? table(["Check", "Problem"], health.map((x) => h("tr", {}, h("td", { className: "mono" }, x.check), h("td", { className: "bad" }, x.problem))), "")
      : h("p", { className: "ok" }, "No configuration problems found."),
  ];
}

async function allowListsView() {
  const { hostnames } = await api("/allow-lists");
  return [
    h("h2", {}, "Allow lists"),
    h("p", { className: "muted" }, "Hostnames in the routes' allow lists. Addresses are this Worker instance's current answer; the last-known-good copy (STATE) is used while the resolver fails."),
    table(
      ["Hostname", "Used by", "Addresses", "Resolved at", "Last-known-good", "LKG resolved at", "LKG age"],
      hostnames.map((x) =>
        h(
          "tr",
          {},
          h("td", { className: "mono" }, x.hostname),
          h("td", { className: "mono" }, x.usedBy.join(", ")),
          h("td", { className: "mono" }, x.addresses ? x.addresses.join(", ") || "(none: denies every source)" : h("span", { className: "muted" }, "not resolved in this instance yet")),
          h("td", {}, time(x.resolvedAt), x.source === "last-known-good" ? h("span", { className: "tag warn" }, "resolver failing") : ""),
          h("td", { className: "mono" }, x.lastKnownGood ? x.lastKnownGood.addresses.join(", ") : h("span", { className: "bad" }, "none stored")),
          h("td", {}, time(x.lastKnownGood?.resolvedAt)),
          h("td", {}, age(x.lastKnownGood?.ageSeconds)),
        ),
      ),
      "No route uses a hostname allow list.",
    ),
  ];
}

async function routeSelect(current, onchange, extra = []) {
  const { routes } = await api("/config");
  const paths = [...new Set([...routes.map((r) => r.path), ...extra])];
  const sel = h("select", { id: "route-filter", onchange: () => onchange(sel.value) }, h("option", { value: "" }, "All routes"), paths.map((p) => h("option", { value: p }, p === "*" ? "* (paths no route claims)" : p)));
  sel.value = current;
  return h("label", {}, "Route ", sel);
}

let problemsRoute = "";
async function problemsView() {
  const q = new URLSearchParams({ limit: "100", ...(problemsRoute ? { route: problemsRoute } : {}) });
  const { items } = await api(`/problems?${q}`);
  return [
    h("h2", {}, "Recent problems"),
    h("div", { className: "toolbar" }, await routeSelect(problemsRoute, (v) => ((problemsRoute = v), show("problems")), ["*"])),
    table(
      ["Time", "Route", "Verdict", "Reason", "Detail", "Client IP", "Provider", "Event id", "Origin status"],
      items.map((p) =>
        h(
          "tr",
          { className: "problem" },
          h("td", { className: "time" }, time(p.at)),
          h("td", { className: "mono" }, p.method, " ", p.route),
          h("td", {}, p.verdict),
          h("td", { className: "mono" }, p.reason ?? ""),
          h("td", {}, p.detail ?? (p.originStatus ? `origin answered ${p.originStatus}` : "")),
          h("td", { className: "mono" }, p.clientIp ?? ""),
          h("td", {}, p.provider ?? ""),
          h("td", { className: "mono event-id" }, p.eventId ?? ""),
          h("td", {}, p.originStatus ?? ""),
        ),
      ),
      "No problems recorded (rejections and origin failures appear here a few seconds after they happen).",
    ),
  ];
}

// ---- Dead letters ----

let dlqRoute = "";
const selected = new Map(); // deliveryId → route

async function loadDeadLetters() {
  const items = [];
  let cursor;
  for (let i = 0; i < 10; i++) {
    const q = new URLSearchParams({ limit: "100", ...(dlqRoute ? { route: dlqRoute } : {}), ...(cursor ? { cursor } : {}) });
    const page = await api(`/dead-letters?${q}`);
    items.push(...page.items);
    if (!(cursor = page.cursor)) break;
  }
  return items.sort((a, b) => b.deadAt - a.deadAt);
}

async function deadLettersView() {
  const items = await loadDeadLetters();
  for (const id of selected.keys()) if (!items.some((d) => d.deliveryId === id)) selected.delete(id);
  const panel = h("div", { id: "dlq-panel" });
  const count = h("span", { className: "muted" });
  const update = () => (count.textContent = `${selected.size} selected`);
  update();

  const confirmReplay = (what, groups) =>
    panel.replaceChildren(
      h(
        "div",
        { className: "panel confirm", role: "alertdialog" },
        h("p", {}, `Replay ${what}? Each is queued for delivery to its origin again and leaves the dead-letter list.`),
        h("button", { type: "button", id: "confirm-replay", onclick: () => replay(groups) }, "Confirm replay"),
        " ",
        h("button", { type: "button", onclick: () => panel.replaceChildren() }, "Cancel"),
      ),
    );

  async function replay(groups) {
    const replayed = [];
    const failed = [];
    try {
      for (const body of groups) {
        const r = await api("/dead-letters/replay", { method: "POST", body: JSON.stringify(body) });
        replayed.push(...r.replayed);
        failed.push(...r.failed);
      }
    } catch (e) {
      if (e instanceof Unauthorized) return signOut(e.message);
      failed.push({ id: "", error: e.message });
    }
    selected.clear();
    await show("dead-letters");
    $("dlq-panel").replaceChildren(
      h(
        "div",
        { className: "panel", id: "replay-result", role: "status" },
        h("p", { className: failed.length ? "bad" : "ok" }, `Replayed ${replayed.length}, failed ${failed.length}.`),
        h("ul", {}, replayed.map((r) => h("li", { className: "mono" }, `${r.id} → queued as ${r.deliveryId}`)), failed.map((f) => h("li", { className: "mono bad" }, `${f.id} ${f.error}`))),
      ),
    );
  }

  const replaySelected = () => {
    const byRoute = new Map();
    for (const [id, route] of selected) byRoute.set(route, [...(byRoute.get(route) ?? []), id]);
    if (byRoute.size) confirmReplay(`${selected.size} selected dead letter(s)`, [...byRoute].map(([route, ids]) => ({ route, ids })));
  };
  const replayAll = () => confirmReplay(`all ${items.length} dead letter(s) on ${dlqRoute}`, [{ route: dlqRoute, all: true }]);

  return [
    h("h2", {}, "Dead letters"),
    h(
      "div",
      { className: "toolbar" },
      await routeSelect(dlqRoute, (v) => ((dlqRoute = v), selected.clear(), show("dead-letters"))),
      h("button", { type: "button", id: "replay-selected", onclick: replaySelected }, "Replay selected"),
      h("button", { type: "button", id: "replay-all", disabled: !dlqRoute || !items.length, title: dlqRoute ? "" : "Choose a route first", onclick: replayAll }, "Replay all on this route"),
      h("button", { type: "button", onclick: () => show("dead-letters") }, "Refresh"),
      count,
    ),
    panel,
    table(
      ["", "Dead at", "Route", "Event id", "Attempts", "Last status", "Last error", "Received", "Body", ""],
      items.map((d) => {
        const box = h("input", {
          type: "checkbox",
          "aria-label": `select ${d.deliveryId}`,
          checked: selected.has(d.deliveryId),
          onchange: () => (box.checked ? selected.set(d.deliveryId, d.route) : selected.delete(d.deliveryId), update()),
        });
        return h(
          "tr",
          { className: "dead-letter", "data-id": d.deliveryId },
          h("td", {}, box),
          h("td", { className: "time" }, time(d.deadAt)),
          h("td", { className: "mono" }, d.route),
          h("td", { className: "mono event-id" }, d.eventId),
          h("td", {}, d.attempts),
          h("td", {}, d.lastStatus ?? ""),
          h("td", {}, d.lastError),
          h("td", { className: "time" }, time(d.receivedAt)),
          h("td", {}, d.bodyLost ? h("span", { className: "bad" }, "expired") : `${d.bodyBytes} B`),
          h(
            "td",
            { className: "actions" },
            h("button", { type: "button", className: "inspect", onclick: () => inspect(panel, d) }, "Inspect"),
            " ",
            h("button", { type: "button", className: "replay-one", onclick: () => confirmReplay(`dead letter ${d.deliveryId} (event ${d.eventId})`, [{ route: d.route, id: d.deliveryId }]) }, "Replay"),
          ),
        );
      }),
      "No dead letters.",
    ),
  ];
}

async function inspect(panel, summary) {
  const q = new URLSearchParams({ route: summary.route, id: summary.deliveryId });
  const d = await api(`/dead-letters/record?${q}`);
  const body = h("div", {});
  const fields = ["deliveryId", "eventId", "route", "method", "url", "clientIp", "attempts", "lastStatus", "lastError", "bodyBytes"];
  panel.replaceChildren(
    h(
      "div",
      { className: "panel", id: "dead-letter-detail" },
      h("h3", {}, "Dead letter ", h("code", {}, d.deliveryId)),
      table(["Field", "Value"], [...fields.filter((f) => d[f] !== undefined).map((f) => h("tr", {}, h("th", {}, f), h("td", { className: "mono" }, d[f]))), h("tr", {}, h("th", {}, "receivedAt"), h("td", {}, time(d.receivedAt))), h("tr", {}, h("th", {}, "deadAt"), h("td", {}, time(d.deadAt)))], ""),
      h("h4", {}, "Headers"),
      table(["Name", "Value"], d.headers.map(([k, v]) => h("tr", { className: "header" }, h("td", { className: "mono" }, k), h("td", { className: "mono" }, v))), "No headers."),
      h(
        "button",
        {
          type: "button",
          id: "show-body",
          disabled: d.bodyLost,
          onclick: async () => {
            const b = await api(`/dead-letters/body?${q}&max=${BODY_CAP}`).catch((e) => ({ error: e.message }));
            body.replaceChildren(
              ...(b.error ? [h("p", { className: "bad" }, b.error)] : [h("p", { className: "muted" }, `${b.bytes} bytes${b.truncated ? `, first ${BODY_CAP} shown` : ""}`), h("pre", { id: "body" }, b.text)]),
            );
          },
        },
        `Show body (up to ${BODY_CAP / 1024} KiB)`,
      ),
      " ",
      h("button", { type: "button", onclick: () => panel.replaceChildren() }, "Close"),
      body,
    ),
  );
}

// ---- Navigation ----

const VIEWS = { routes: routesView, "dead-letters": deadLettersView, problems: problemsView, "allow-lists": allowListsView, health: healthView };

async function show(name) {
  if (!Object.hasOwn(VIEWS, name)) name = "routes";
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === name);
  try {
    const nodes = await VIEWS[name]();
    $("view").replaceChildren(...nodes);
    $("view").dataset.view = name;
  } catch (e) {
    if (e instanceof Unauthorized) return signOut(e.message);
    $("view").replaceChildren(h("p", { className: "bad" }, `Could not load: ${e.message}`));
  }
}

async function start() {
  $("sign-in").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    token = $("token").value.trim();
    try {
      await api("/config");
    } catch (e) {
      return signOut(e instanceof Unauthorized ? "Token refused." : `Could not sign in: ${e.message}`);
    }
    $("token").value = "";
    $("sign-in").hidden = true;
    $("nav").hidden = false;
    await show(location.hash.slice(1));
  });
  $("sign-out").addEventListener("click", () => signOut());
  addEventListener("hashchange", () => token && show(location.hash.slice(1)));
  signOut();
}

start();
