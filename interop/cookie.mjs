// Parse and serialize with the real npm `cookie` package (2.0.2), for IronSeal's differential tests.
// Input (stdin): a JSON array of requests. Output (stdout): a JSON array of results, same order.
//   { op: "parse", header }                       -> { ok: true, value: [[name, value], ...] }
//   { op: "serialize", name, value, attributes }  -> { ok: true, value: "Set-Cookie value" } or { ok: false, field, error }
//   attributes: { maxAge (seconds), domain, path, expires (ms since the epoch), httpOnly, secure, partitioned,
//                 priority ("low" | "medium" | "high"), sameSite ("strict" | "lax" | "none") }
import { parseCookie, stringifySetCookie } from "cookie";

function run(request) {
  if (request.op === "parse") {
    return Object.entries(parseCookie(request.header));
  }
  if (request.op === "serialize") {
    const { expires, ...rest } = request.attributes ?? {};
    const cookie = { name: request.name, value: request.value, ...rest };
    if (expires !== undefined && expires !== null) cookie.expires = new Date(expires);
    for (const key of Object.keys(cookie)) if (cookie[key] === null) delete cookie[key];
    return stringifySetCookie(cookie);
  }
  throw new Error(`unknown op ${request.op}`);
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = requests.map((request) => {
  try {
    return { ok: true, value: run(request) };
  } catch (error) {
    const message = String(error?.message ?? error);
    return { ok: false, field: /^cookie (\w+) is invalid/.exec(message)?.[1] ?? null, error: message };
  }
});
process.stdout.write(JSON.stringify(results));
