import { humanizeKey } from "../lib/labels";
import { scalarFields } from "../lib/plan-view";
import { formatField } from "../lib/units";

/** A dotted field path as words: `capexUsd` -> "Capex", `parallelism.tp` -> "Parallelism: TP". */
function fieldName(key: string): string {
  return key
    .split(".")
    .map((part) => humanizeKey(part))
    .join(": ");
}

/** Every scalar figure of some plan sections as a key-value table (works for any workload kind). */
export function DetailsTable({ sections }: { sections: Array<{ name: string; value: unknown }> }) {
  return (
    <table className="details">
      <caption>Plan details (units are in the values)</caption>
      <thead>
        <tr>
          <th scope="col">field</th>
          <th scope="col">value</th>
        </tr>
      </thead>
      <tbody>
        {sections.flatMap((section) =>
          scalarFields(section.value).map((row) => (
            <tr key={`${section.name}.${row.key}`}>
              <th scope="row">
                {humanizeKey(section.name)} · {fieldName(row.key)}
              </th>
              <td>{formatField(row.key.split(".").at(-1) ?? row.key, row.value)}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
