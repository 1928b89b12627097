import { scalarFields } from "../lib/plan-view";

function show(value: number | string | boolean): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return String(value);
}

/** Every scalar figure of some plan sections as a key-value table (works for any workload kind). */
export function DetailsTable({ sections }: { sections: Array<{ name: string; value: unknown }> }) {
  return (
    <table className="details">
      <caption>Plan details</caption>
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
                {section.name}.{row.key}
              </th>
              <td>{show(row.value)}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
