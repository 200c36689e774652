import type { FlowModuleRaw } from '../../api-types.js';

export interface OperatorView {
  name: string;
  description: string;
  takesB: boolean;
}

type Filter = NonNullable<FlowModuleRaw['filter']>;

/** The filter between a module and the one before it: OR of AND groups of conditions `a o b`. */
export function FilterEditor(props: {
  moduleId: number;
  filter: Filter | undefined;
  operators: OperatorView[];
  onChange: (filter: Filter | undefined) => void;
}) {
  const { filter, operators } = props;
  if (!filter)
    return (
      <button type="button" onClick={() => props.onChange({ conditions: [[{ a: '', o: 'exist' }]] })}>
        Add a filter before this module
      </button>
    );
  const set = (conditions: Filter['conditions']): void =>
    props.onChange(conditions.length ? { ...filter, conditions } : undefined);
  return (
    <fieldset class="filter" aria-label={`Filter before module ${props.moduleId}`}>
      <legend>Filter before this module</legend>
      <label>
        Filter name
        <input value={filter.name ?? ''} onInput={(e) => props.onChange({ ...filter, name: e.currentTarget.value })} />
      </label>
      {filter.conditions.map((group, g) => (
        <div key={g} class="filter-group" role="group" aria-label={`Condition group ${g + 1}`}>
          {g > 0 && <p class="muted">or</p>}
          {group.map((c, i) => {
            const op = operators.find((o) => o.name === c.o);
            const update = (next: Partial<typeof c>): void =>
              set(
                filter.conditions.map((gr, gi) =>
                  gi === g ? gr.map((x, xi) => (xi === i ? { ...x, ...next } : x)) : gr,
                ),
              );
            return (
              <div key={i} class="condition">
                {i > 0 && <span class="muted">and</span>}
                <input
                  aria-label={`Condition ${g + 1}.${i + 1} value`}
                  class="code"
                  value={String(c.a ?? '')}
                  placeholder="{{1.field}}"
                  onInput={(e) => update({ a: e.currentTarget.value })}
                />
                <select
                  aria-label={`Condition ${g + 1}.${i + 1} operator`}
                  value={c.o}
                  onChange={(e) => update({ o: e.currentTarget.value })}
                >
                  {operators.map((o) => (
                    <option key={o.name} value={o.name} title={o.description}>
                      {o.name}
                    </option>
                  ))}
                </select>
                {(op?.takesB ?? true) && (
                  <input
                    aria-label={`Condition ${g + 1}.${i + 1} compared with`}
                    class="code"
                    value={String(c.b ?? '')}
                    onInput={(e) => update({ b: e.currentTarget.value })}
                  />
                )}
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    set(
                      filter.conditions
                        .map((gr, gi) => (gi === g ? gr.filter((_, xi) => xi !== i) : gr))
                        .filter((gr) => gr.length),
                    )
                  }
                >
                  Remove condition
                </button>
              </div>
            );
          })}
          <button
            type="button"
            class="link"
            onClick={() => set(filter.conditions.map((gr, gi) => (gi === g ? [...gr, { a: '', o: 'exist' }] : gr)))}
          >
            And…
          </button>
        </div>
      ))}
      <button type="button" class="link" onClick={() => set([...filter.conditions, [{ a: '', o: 'exist' }]])}>
        Or…
      </button>
      <button type="button" class="link" onClick={() => props.onChange(undefined)}>
        Remove the filter
      </button>
    </fieldset>
  );
}
