// Regenerates IronSeal.Tests/Vectors/seal-vectors.json with the real npm packages.
//   cd interop && npm ci && node make-vectors.mjs
// Every vector records what the packages themselves answer, at a pinned clock:
//   iron: iron-webcrypto 1.2.1 unseal of the part before '~' (value, or the error message)
//   v8:   iron-session 8.0.4 unsealData (value, or the thrown message)
//   v9:   iron-session 9.0.1 unsealData (value; it never throws)
import { writeFileSync } from "node:fs";
import * as v8 from "iron-session";
import * as v9 from "iron-session-v9";
import * as webcrypto from "iron-webcrypto";
import Iron from "@hapi/iron";

const PW1 = "password-one-is-at-least-32-characters-long";
const PW2 = "password-two-is-also-at-least-32-characters";
const PW3 = "a-third-password-of-32-characters-or-more!!";
const NOW = 1700000000000;
const realNow = Date.now;
const at = async (now, fn) => {
  Date.now = () => now;
  try { return await fn(); } finally { Date.now = realNow; }
};

const documents = {
  simple: { userId: 42, role: "admin", isLoggedIn: true },
  unicode: { name: "Zoë 😀 日本語", html: "<b>&'\"</b>", nfd: "e\u0301", nfc: "\u00e9" },
  controls: { s: "\b\t\n\f\r\u0001\u001f\u007f\u2028\u2029\ufeff\\/" },
  numbers: { a: 0.1 + 0.2, b: 1e21, c: 1e-7, d: -0, e: 9007199254740993, f: 5e-324, g: -123456789, h: 1.5e300 },
  nested: { user: { id: 1, tags: ["a", "b"], prefs: { dark: true, lang: null } }, cart: [{ sku: "x-1", qty: 2 }, { sku: "y", qty: 1 }] },
  integerKeys: { b: 1, 10: "ten", a: 2, 2: "two" },
  empty: {},
  large: { blob: "x".repeat(2800), n: 1 },
  largeUnicode: { blob: "ü😀".repeat(400) },
  topLevelArray: [1, "two", { three: 3 }],
  topLevelString: "hello",
  topLevelNumber: 12.5,
  topLevelNull: null,
  topLevelFalse: false,
};

// Seals a raw plaintext (any bytes) with iron-webcrypto's own primitives: for BOMs, invalid UTF-8, empty text.
async function craft(plaintextBytes, secret, id, expiration = "") {
  const { encrypted, key } = await webcrypto.encrypt(globalThis.crypto, secret, { ...webcrypto.defaults.encryption }, plaintextBytes);
  const base = `Fe26.2*${id}*${key.salt}*${webcrypto.base64urlEncode(key.iv)}*${webcrypto.base64urlEncode(encrypted)}*${expiration}`;
  const mac = await webcrypto.hmacWithPassword(globalThis.crypto, secret, { ...webcrypto.defaults.integrity }, base);
  return `${base}*${mac.salt}*${mac.digest}`;
}

const vectors = [];
function add(name, seal, password, now = NOW, note = undefined) {
  vectors.push({ name, seal, password, now, note });
}

// --- Positive: every producer, every document -------------------------------------------------------------
for (const [docName, doc] of Object.entries(documents)) {
  add(`v8 sealData ${docName}`, await at(NOW, () => v8.sealData(doc, { password: PW1 })), PW1);
}
for (const docName of ["simple", "unicode", "nested", "integerKeys", "large"]) {
  add(`v9 sealData ${docName} with rotated passwords`,
    await at(NOW, () => v9.sealData(documents[docName], { password: { 1: PW1, 2: PW2 } })), { 1: PW1, 2: PW2 });
}
add("webcrypto raw seal with ~2 added", (await at(NOW, () => webcrypto.seal(globalThis.crypto, documents.nested, { id: "1", secret: PW1 }, { ...webcrypto.defaults, ttl: 3600000 }))) + "~2", PW1);
add("hapi raw seal with ~2 added", (await at(NOW, () => Iron.seal(documents.unicode, { id: "7", secret: PW3 }, { ...Iron.defaults, ttl: 3600000 }))) + "~2", { 7: PW3, 1: PW1 });
add("v8 ttl 0 never expires (read 100 years later)", await at(NOW, () => v8.sealData(documents.simple, { password: PW1, ttl: 0 })), PW1, NOW + 100 * 365 * 86400000);
add("v6-style far-future expiration (ttl 2147483647 s)", (await at(NOW, () => webcrypto.seal(globalThis.crypto, documents.simple, { id: "1", secret: PW1 }, { ...webcrypto.defaults, ttl: 2147483647 * 1000 }))) + "~2", PW1, NOW + 50 * 365 * 86400000);
add("rotation: sealed with id 1, read by {1, 2}", await at(NOW, () => v8.sealData(documents.simple, { password: PW1 })), { 1: PW1, 2: PW2 });
add("rotation: sealed with {2: new, 1: old} carries id 2", await at(NOW, () => v8.sealData(documents.simple, { password: { 2: PW2, 1: PW1 } })), { 2: PW2, 1: PW1 });
add("rotation: highest id is numeric (10 over 9)", await at(NOW, () => v8.sealData(documents.simple, { password: { 9: PW1, 10: PW2 } })), { 9: PW1, 10: PW2 });
add("password id 0", await at(NOW, () => v8.sealData(documents.simple, { password: { 0: PW3 } })), { 0: PW3 });
add("emoji password of 32 UTF-16 units", await at(NOW, () => v8.sealData(documents.simple, { password: "😀".repeat(16) })), "😀".repeat(16));

// --- The pre-v6 layout (no suffix): iron-session 8 returns { ...persistent } ----------------------------------
const hapiV1 = (payload, id = "1") => at(NOW, () => Iron.seal(payload, id ? { id, secret: PW1 } : PW1, { ...Iron.defaults, ttl: 3600000 }));
add("v1 layout: persistent object, flash dropped", await hapiV1({ persistent: { user: { id: 7 } }, flash: { msg: "hi" } }), PW1);
add("v1 layout: persistent missing", await hapiV1({ other: 1 }), PW1);
add("v1 layout: persistent array spreads into index keys", await hapiV1({ persistent: ["a", "b"] }), PW1);
add("v1 layout: persistent string spreads into index keys", await hapiV1({ persistent: "ab" }), PW1);
add("v1 layout: persistent number", await hapiV1({ persistent: 5 }), PW1);
add("v1 layout: top-level array", await hapiV1([1, 2]), PW1);
add("v1 layout: no password id, read with a 'default' entry", await hapiV1({ persistent: { a: 1 } }, ""), { default: PW1, 1: PW2 });
add("no password id, no 'default' entry", await hapiV1({ persistent: { a: 1 } }, ""), { 1: PW1 });

// --- Version suffix variants --------------------------------------------------------------------------------
const base = await at(NOW, () => v8.sealData(documents.simple, { password: PW1 }));
const iron = base.slice(0, -2);
for (const suffix of ["~2x", "~02", "~ 2", "~+2", "~2~junk", "~3", "~", "~20", "~-2"]) {
  add(`suffix ${JSON.stringify(suffix)}`, iron + suffix, PW1);
}

// --- Plaintexts that only a hand-made seal can hold ------------------------------------------------------------
const enc = new TextEncoder();
add("plaintext with a BOM", (await craft(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('{"a":1}')]), PW1, "1")) + "~2", PW1);
add("plaintext with invalid UTF-8 inside a string", (await craft(new Uint8Array([...enc.encode('{"a":"x'), 0xff, 0xc3, ...enc.encode('y"}')]), PW1, "1")) + "~2", PW1);
add("empty plaintext", (await craft(new Uint8Array([]), PW1, "1")) + "~2", PW1);
add("duplicate keys: last wins", (await craft(enc.encode('{"a":1,"b":2,"a":3}'), PW1, "1")) + "~2", PW1);
add("JSON with whitespace", (await craft(enc.encode(' \n{ "a" : [ 1 , 2 ] }\t'), PW1, "1")) + "~2", PW1);
add("__proto__ key is an ordinary key", (await craft(enc.encode('{"__proto__":{"x":1},"a":1}'), PW1, "1")) + "~2", PW1);
add("plaintext that is not JSON", (await craft(enc.encode("not json at all"), PW1, "1")) + "~2", PW1);
add("plaintext with trailing garbage", (await craft(enc.encode('{"a":1}x'), PW1, "1")) + "~2", PW1);

// --- Expiry at a pinned clock: sealed at NOW with ttl 60 s -> expiration NOW + 60 000 -------------------------
const short = await at(NOW, () => v8.sealData(documents.simple, { password: PW1, ttl: 60 }));
add("expiry: 59.999 s after expiration still opens", short, PW1, NOW + 60000 + 59999);
add("expiry: 60 s after expiration is expired", short, PW1, NOW + 60000 + 60000);
add("expiry: long expired", short, PW1, NOW + 86400000);
add("expiry: edited into the past (checked before the MAC)", base.replace(/\*(\d{13})\*/, "*1000000000000*"), PW1);
add("expiry: expiration 0", base.replace(/\*(\d{13})\*/, "*0*"), PW1);
add("expiry: edited into the future", base.replace(/\*(\d{13})\*/, (m, d) => `*${Number(d) + 1}*`), PW1);
add("expiry: not a number", base.replace(/\*(\d{13})\*/, "*abc*"), PW1);
add("expiry: added to a ttl 0 seal", (await at(NOW, () => v8.sealData(documents.simple, { password: PW1, ttl: 0 }))).replace(/\*\*([0-9a-f]{64})\*/, `*${NOW + 999999}*$1*`), PW1);

// --- Tampering: one field at a time -----------------------------------------------------------------------
const fields = iron.split("*");
const names = ["prefix", "id", "encryption salt", "iv", "ciphertext", "expiration", "hmac salt", "hmac"];
const flip = (text, index) => {
  const chars = [...text];
  chars[index] = chars[index] === "A" ? "B" : "A";
  return chars.join("");
};
for (const i of [2, 3, 4, 6, 7]) {
  const changed = [...fields];
  changed[i] = flip(changed[i], Math.floor(changed[i].length / 2));
  add(`tampered ${names[i]}`, changed.join("*") + "~2", PW1);
}
add("tampered id (1 -> 2) with both passwords", [fields[0], "2", ...fields.slice(2)].join("*") + "~2", { 1: PW1, 2: PW2 });
add("tampered hmac: padded with =", iron + "=~2", PW1);
add("wrong password", base, PW2);
add("wrong password: NFD instead of NFC", await at(NOW, () => v8.sealData(documents.simple, { password: "caf\u00e9-is-a-password-of-32-chars-or-more" })), "cafe\u0301-is-a-password-of-32-chars-or-more");
add("unknown id", await at(NOW, () => v8.sealData(documents.simple, { password: { 3: PW3 } })), { 1: PW1, 2: PW2 });
add("string password cannot open id 2", await at(NOW, () => v8.sealData(documents.simple, { password: { 2: PW1 } })), PW1);
add("__proto__ id is unknown", [fields[0], "__proto__", ...fields.slice(2)].join("*") + "~2", { 1: PW1 });
add("toString id is unknown", [fields[0], "toString", ...fields.slice(2)].join("*") + "~2", { 1: PW1 });
add("prefix Fe26.1", ["Fe26.1", ...fields.slice(1)].join("*") + "~2", PW1);
add("prefix fe26.2", ["fe26.2", ...fields.slice(1)].join("*") + "~2", PW1);
add("leading space", " " + base, PW1);
add("truncated mid-seal", base.slice(0, 120), PW1);
add("truncated last character of the hmac", iron.slice(0, -1) + "~2", PW1);
add("extra field", iron + "*x~2", PW1);
add("missing field", fields.slice(0, 7).join("*") + "~2", PW1);
add("empty string", "", PW1);
add("only the suffix", "~2", PW1);
add("not a seal", "not-a-seal", PW1);
add("eight empty fields", "*******", PW1);

// --- Record what the packages answer ---------------------------------------------------------------------
const outcome = async (fn) => {
  try { return { ok: true, value: (await fn()) ?? null }; } catch (error) { return { ok: false, error: String(error?.message ?? error) }; }
};
const asMap = (password) => (typeof password === "string" ? { 1: password } : password);
for (const vector of vectors) {
  const ironPart = vector.seal.split("~")[0];
  vector.iron = await at(vector.now, () => outcome(() => webcrypto.unseal(globalThis.crypto, ironPart, asMap(vector.password), webcrypto.defaults)));
  vector.v8 = await at(vector.now, () => outcome(() => v8.unsealData(vector.seal, { password: vector.password })));
  vector.v9 = await at(vector.now, () => outcome(() => v9.unsealData(vector.seal, { password: vector.password })));
}

const target = new URL("../IronSeal.Tests/Vectors/seal-vectors.json", import.meta.url);
writeFileSync(target, JSON.stringify({
  generatedBy: "interop/make-vectors.mjs",
  packages: { "iron-session": "8.0.4", "iron-session-v9": "9.0.1", "iron-webcrypto": "1.2.1", "@hapi/iron": "7.0.1" },
  vectors,
}, null, 1) + "\n");
console.log(`${vectors.length} vectors written to ${target.pathname}`);
