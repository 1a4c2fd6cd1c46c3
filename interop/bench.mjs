// Measures iron-session 8.0.4 sealData/unsealData and @hapi/iron seal/unseal on IronSeal's benchmark payloads,
// one operation at a time (each awaited), for docs/benchmarks.md.   node bench.mjs [seconds per case]
import * as v8 from "iron-session";
import Iron from "@hapi/iron";

const seconds = Number(process.argv[2] ?? 2);
const password = "a-benchmark-password-of-at-least-32-characters";
const base = { userId: "user_8f2c1a9e", role: "editor", cartId: "cart_31b7d4", csrf: "qQ3nB7x1Zr8uV0kLm2Pw9sYt4Hc6JdEf", visits: 0 };
const payloads = {
  Small: base,
  OneKb: { ...base, notes: "n".repeat(900) },
  NearLimit: { ...base, notes: "n".repeat(2700) },
};

async function measure(operation) {
  for (let i = 0; i < 200; i++) await operation(); // warm-up
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    for (let i = 0; i < 50; i++) await operation();
    count += 50;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / 1e3 / count; // µs per operation
}

console.log(`node ${process.version}, ${seconds} s per case`);
console.log("| operation | payload | JSON bytes | µs/op |");
console.log("| --- | --- | --- | --- |");
for (const [name, data] of Object.entries(payloads)) {
  const bytes = Buffer.byteLength(JSON.stringify(data));
  const seal = await v8.sealData(data, { password });
  const hapiSeal = await Iron.seal(data, password, Iron.defaults);
  const rows = [
    ["iron-session 8.0.4 sealData", () => v8.sealData(data, { password })],
    ["iron-session 8.0.4 unsealData", () => v8.unsealData(seal, { password })],
    ["@hapi/iron 7.0.1 seal", () => Iron.seal(data, password, Iron.defaults)],
    ["@hapi/iron 7.0.1 unseal", () => Iron.unseal(hapiSeal, password, Iron.defaults)],
  ];
  for (const [label, operation] of rows) {
    console.log(`| ${label} | ${name} | ${bytes} | ${(await measure(operation)).toFixed(1)} |`);
  }
}
