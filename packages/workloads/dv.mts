import { validateTrainingModel } from "./src/index";
const a: any = validateTrainingModel({}, "builtin");
const b: any = validateTrainingModel({}, "none");
for (let i = 0; i < a.rows.length; i++) { const r = a.rows[i], q = b.rows[i]; console.log(r.id.padEnd(45), (r.parallelism ?? "").padEnd(30), (100*r.errorRatio).toFixed(1).padStart(6), (100*q.errorRatio).toFixed(1).padStart(6)); }
console.log(Object.keys(a.rows[0]));
