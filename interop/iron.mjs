// Seal and unseal with the real npm packages, for IronSeal's interop tests.
// Input (stdin): a JSON array of requests. Output (stdout): a JSON array of results, same order.
// Request: { lib: "v8" | "v9" | "webcrypto" | "webcrypto2" | "hapi" | "stringify", op: "seal" | "unseal", password, data?, seal?, ttl?, now?, purpose? }
//   password: a string, or an object { id: secret } (iron-session), or { id, secret } (iron libraries)
//   purpose (v8/v9): IronSeal's SealOptions.Purpose, applied as docs/seal-format.md tells a Node app to apply it
//   ttl: seconds for v8/v9 (iron-session's unit), milliseconds for webcrypto/hapi (iron's unit)
//   now: pins Date.now() (ms since the epoch) for this request only
// Result: { ok: true, value } or { ok: false, error }
import * as v8 from "iron-session";
import * as v9 from "iron-session-v9";
import * as webcrypto from "iron-webcrypto";
import * as webcrypto2 from "iron-webcrypto-v2";
import Iron from "@hapi/iron";
import { createHmac } from "node:crypto";

const realNow = Date.now;

async function run(request) {
  const { lib, op, password } = request;
  if (lib === "stringify") return JSON.stringify(request.data);
  if (lib === "v8" || lib === "v9") {
    const api = lib === "v8" ? v8 : v9;
    const options = { password: request.purpose === undefined ? password : forPurpose(password, request.purpose) };
    if (request.ttl !== undefined) options.ttl = request.ttl;
    return op === "seal" ? api.sealData(request.data, options) : api.unsealData(request.seal, options);
  }
  if (lib === "webcrypto") {
    const options = { ...webcrypto.defaults, ttl: request.ttl ?? 0 };
    return op === "seal"
      ? webcrypto.seal(globalThis.crypto, request.data, password, options)
      : webcrypto.unseal(globalThis.crypto, request.seal, password, options);
  }
  if (lib === "webcrypto2") {
    const options = { ...webcrypto2.defaults, ttl: request.ttl ?? 0 };
    return op === "seal"
      ? webcrypto2.seal(request.data, password, options)
      : webcrypto2.unseal(request.seal, password, options);
  }
  if (lib === "hapi") {
    const options = { ...Iron.defaults, ttl: request.ttl ?? 0 };
    return op === "seal" ? Iron.seal(request.data, password, options) : Iron.unseal(request.seal, password, options);
  }
  throw new Error(`unknown lib ${lib}`);
}

// The recipe of docs/seal-format.md ("Purpose"): each password becomes base64url(HMAC-SHA256(password, "ironseal-purpose:" + purpose)).
function forPurpose(password, purpose) {
  const derive = (secret) => createHmac("sha256", secret).update("ironseal-purpose:" + purpose).digest("base64url");
  return typeof password === "string"
    ? derive(password)
    : Object.fromEntries(Object.entries(password).map(([id, secret]) => [id, derive(secret)]));
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = [];
for (const request of requests) {
  Date.now = request.now !== undefined ? () => request.now : realNow;
  try {
    const value = await run(request);
    results.push({ ok: true, value: value === undefined ? null : value });
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error) });
  } finally {
    Date.now = realNow;
  }
}
process.stdout.write(JSON.stringify(results));
