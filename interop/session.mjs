// Runs the real getIronSession(req, res, options) of iron-session 8.0.4 or 9.0.1 on a Web Request/Response pair,
// for IronSeal's session interop tests.
// Input (stdin): a JSON array of requests. Output (stdout): a JSON array of results, same order.
//   { lib: "v8" | "v9", cookie: "<Cookie header>", options: { cookieName, password, ttl?, chunk?, cookieOptions? },
//     action: "read" | "save" | "destroy", data?: { ...fields merged into the session before save } }
//   -> { ok: true, session: { ...enumerable data }, setCookies: ["<Set-Cookie>", ...] } or { ok: false, error }
import * as v8 from "iron-session";
import * as v9 from "iron-session-v9";

async function run({ lib, cookie, options, action, data }) {
  const api = lib === "v8" ? v8 : v9;
  const req = new Request("http://127.0.0.1/", { headers: cookie ? { cookie } : {} });
  const res = new Response(null);
  const session = await api.getIronSession(req, res, options);
  if (action === "save") {
    Object.assign(session, data ?? {});
    await session.save();
  } else if (action === "destroy") {
    session.destroy();
  }
  return { session: { ...session }, setCookies: res.headers.getSetCookie() };
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = [];
for (const request of requests) {
  try {
    results.push({ ok: true, ...(await run(request)) });
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
