import type { ComponentChildren } from 'preact';

/**
 * A list page's table: a row of column headings over the rows the page renders, inside the wrapper
 * that lets a wide table scroll sideways on a narrow screen instead of the whole page.
 */
export function DataTable({
  columns,
  testId,
  children,
}: {
  /** The headings, left to right; usually text, sometimes a control (a select-all checkbox). */
  columns: readonly ComponentChildren[];
  testId?: string;
  /** The `<tr>` rows. */
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
