// Lists every property the Pulumi schema analyzer cannot type, with this package's adapter
// (plugin/analyzer-adapter.ts), instead of stopping at the first as GetSchema does:
//   node scripts/schema-diagnostics.js . [CognitoAuth,SecureUserBucket,AuthorizedApi]
const path = require("path");
const root = path.resolve(process.argv[2] || ".");
require(path.join(root, "scripts/ts-node-swc.js"));
require(path.join(root, "plugin/analyzer-adapter.ts")).installAnalyzerAdapter();
const { Analyzer } = require(path.join(root, "node_modules/@pulumi/pulumi/provider/experimental/analyzer.js"));
const errors = [];
const orig = Analyzer.prototype.analyzeSymbol;
Analyzer.prototype.analyzeSymbol = function (context, symbol) {
  try { return orig.call(this, context, symbol); }
  catch (e) { errors.push(e.message.split("\n")[0]); return { $ref: "pulumi.json#/Any" }; }
};
const pkg = require(path.join(root, "package.json"));
const names = new Set((process.argv[3] || "CognitoAuth,SecureUserBucket,AuthorizedApi").split(","));
const t0 = Date.now();
const a = new Analyzer(root, "user-backend", pkg, names);
const r = a.analyze();
for (const e of errors) console.log(e);
const anys = [];
const walk = (where, props) => { for (const [k, v] of Object.entries(props || {})) { const s = JSON.stringify(v); if (s.includes("pulumi.json#/Any")) anys.push(`${where}.${k}`); } };
for (const [n, c] of Object.entries(r.components)) { walk(n + " input", c.inputs); walk(n + " output", c.outputs); }
for (const [n, t] of Object.entries(r.typeDefinitions)) walk("type " + n, t.properties);
console.log("Any-typed: " + anys.join(", "));
console.log(`${errors.length} errors; components: ${Object.keys(r.components)}; types: ${Object.keys(r.typeDefinitions).length}; ${Date.now()-t0} ms`);
