// Seed corpora for fuzz/run.sh: real seals made by iron-session and real Cookie headers.   node seed.mjs TARGET DIR
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(new URL("../interop/package.json", import.meta.url));
const v8 = await import(require.resolve("iron-session"));
const [target, dir] = process.argv.slice(2);
const password = { 1: "fuzzing-password-one-of-32-characters-or-more", 2: "fuzzing-password-two-of-32-characters-or-more" };
const seals = [
  await v8.sealData({ userId: 42, role: "admin" }, { password }),
  await v8.sealData({ s: "é😀<>", n: [1, 2, { a: null }] }, { password, ttl: 0 }),
  await v8.sealData("plain", { password }),
];
const inputs = target === "unseal" ? seals
  : target === "session" ? seals.map((seal) => `theme=dark; sid=${seal}; x=%C3%A9`).concat([`sid.0=${seals[0].slice(0, 100)}; sid.1=${seals[0].slice(100)}`])
  : ["a=1; b=2", "sid=Fe26.2*1*x~2; theme=dark", "  a = \"b\" ;c=%20d;;e", "x=%E0%A4%A; y=%FF; z=%C3%A9"];
inputs.forEach((input, index) => writeFileSync(`${dir}/seed-${index}`, input));
console.log(`${inputs.length} seeds in ${dir}`);
