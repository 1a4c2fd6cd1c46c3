// A Node HTTP server on 127.0.0.1 running the real h3 useSession, 1.15.x (what Nuxt 3 and 4 run) and 2.x side by side,
// configured as nuxt-auth-utils configures it: name "nuxt-session", cookie { sameSite: "lax" }, the password from
// NUXT_SESSION_PASSWORD (here argv), data { user, loggedInAt } written by setUserSession.
// Usage: node h3-session.mjs <password> [name]. Prints "listening <port>" once ready.
//
// Every route starts with /v1 or /v2 (the h3 major version) and takes query parameters:
//   now=<ms>        pins Date.now() for this request only (h3 reads the clock for createdAt, lastSeenAt, expiry and the seal)
//   maxAge=<s>      SessionConfig.maxAge;   idle=<s>  SessionConfig.idleTimeout (2.x only)
//   header=0        SessionConfig.sessionHeader = false
// Routes:
//   GET    /vN/session           -> useSession; {"id","createdAt","lastSeenAt","data"} of the session h3 sees
//   POST   /vN/login?user=<name> -> session.update({ user: { name }, loggedInAt: now }) as setUserSession does
//                                    (&extra=<JSON>: more members of data, e.g. {"cart":[1],"user":{"avatar":"a.png"}})
//   DELETE /vN/session           -> session.clear(), as clearUserSession does
// Set-Cookie headers are h3's own. Requests must come one at a time (the clock override is process-wide).
import http from "node:http";
import * as h3v1 from "h3";
import * as h3v2 from "h3-v2";

const [password, name = "nuxt-session"] = process.argv.slice(2);
if (!password) throw new Error("usage: node h3-session.mjs <password> [name]");
const realNow = Date.now;

function configFor(url) {
  const config = { name, password, cookie: { sameSite: "lax" } };
  const maxAge = url.searchParams.get("maxAge");
  const idle = url.searchParams.get("idle");
  if (maxAge) config.maxAge = Number(maxAge);
  if (idle) config.idleTimeout = Number(idle);
  if (url.searchParams.get("header") === "0") config.sessionHeader = false;
  return config;
}

async function handle(h3, event, url, route) {
  const config = configFor(url);
  const session = await h3.useSession(event, config);
  if (route === "POST /login") {
    // extra=<JSON>: more members of data, as another part of the Nuxt app would write them (user's merged into user).
    const { user: extraUser = {}, ...extra } = JSON.parse(url.searchParams.get("extra") ?? "{}");
    await session.update({ user: { name: url.searchParams.get("user"), ...extraUser }, loggedInAt: Date.now(), ...extra });
  } else if (route === "DELETE /session") {
    await session.clear();
    return { cleared: true };
  } else if (route !== "GET /session") {
    return null;
  }
  const raw = event.context.sessions[config.name];
  return { id: session.id, createdAt: raw.createdAt, lastSeenAt: raw.lastSeenAt ?? null, data: { ...session.data } };
}

function pinClock(url) {
  const now = url.searchParams.get("now");
  Date.now = now ? () => Number(now) : realNow;
}

const v1 = h3v1.createApp();
v1.use(h3v1.eventHandler(async (event) => {
  const url = new URL(event.node.req.url, "http://127.0.0.1");
  const route = `${event.node.req.method} ${url.pathname}`;
  const body = await handle(h3v1, event, url, route);
  if (body === null) throw h3v1.createError({ statusCode: 404 });
  return body;
}));
const v1Listener = h3v1.toNodeListener(v1);

const v2 = new h3v2.H3();
v2.use(async (event) => {
  const route = `${event.req.method} ${event.url.pathname}`;
  const body = await handle(h3v2, event, event.url, route);
  if (body === null) throw new h3v2.HTTPError({ status: 404 });
  return body;
});
const v2Listener = h3v2.toNodeHandler(v2);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  pinClock(url);
  res.on("finish", () => { Date.now = realNow; });
  const version = url.pathname.slice(0, 3);
  req.url = url.pathname.slice(3) + url.search;
  if (version === "/v1") v1Listener(req, res);
  else if (version === "/v2") v2Listener(req, res);
  else res.writeHead(404).end();
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
