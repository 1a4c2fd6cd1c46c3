// Writes session seals for the HTTP benchmark's first-open scenario, one per line, each sealed by the real
// iron-session 8.0.4 sealData with its own fresh salts, as a Next.js app in front of a .NET API writes them.
// Usage: node make-first-open-cookies.mjs <password> <count> <out-file>
import { writeFileSync } from "node:fs";
import { sealData } from "iron-session";

const [password, count, out] = process.argv.slice(2);
if (!password || !count || !out) throw new Error("usage: node make-first-open-cookies.mjs <password> <count> <out-file>");
const data = { userId: "user_8f2c1a9e", role: "editor", cartId: "cart_31b7d4", csrf: "qQ3nB7x1Zr8uV0kLm2Pw9sYt4Hc6JdEf", visits: 0 };
const seals = [];
for (let i = 0; i < Number(count); i++) seals.push(await sealData({ ...data, visits: i }, { password, ttl: 14 * 24 * 3600 }));
writeFileSync(out, seals.join("\n") + "\n");
