import type { ComponentChildren } from 'preact';
import type { FieldView } from '../../api-types.js';
import { LiveOptions, type OptionsContext } from './Options.js';
import { fieldId, joinPath, type FormRow, type FormValue } from './values.js';

export type FieldErrors = ReadonlyMap<string, string[]>;

interface FieldProps {
  field: FieldView;
  path: string;
  value: FormValue;
  errors: FieldErrors;
  ctx: OptionsContext;
  onChange: (value: FormValue) => void;
}

/** The label, help, accepted formats and errors around one field's control. */
function Frame(props: FieldProps & { children: ComponentChildren; group?: boolean }) {
  const { field, path } = props;
  const id = fieldId(path);
  const errors = props.errors.get(path) ?? [];
  const Wrapper = props.group ? 'fieldset' : 'div';
  const Label = props.group ? 'legend' : 'label';
  return (
    <Wrapper class={`field${field.required ? ' required' : ''}${errors.length ? ' invalid' : ''}`} data-field={path}>
      <Label class="label" {...(props.group ? {} : { for: id })}>
        <span class="label-text">{field.label}</span>
        {field.required && <span class="visually-hidden"> (required)</span>}
        <code class="key">{path}</code>
      </Label>
      {props.children}
      <div id={`${id}-help`} class="help">
        {field.help && <p>{field.help}</p>}
        {field.dateFormats && <p class="formats">Accepted formats: {field.dateFormats.join(' · ')}</p>}
      </div>
      {errors.map((e) => (
        <p key={e} class="field-error" role="alert" data-error-for={path}>
          {e}
        </p>
      ))}
    </Wrapper>
  );
}

/** One field of a module dialog, drawn from its schema information. */
export function Field(props: FieldProps) {
  const { field, path, value, onChange } = props;
  const id = fieldId(path);
  const describedBy = `${id}-help`;
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-required': field.required,
    'aria-invalid': props.errors.has(path),
  };
  const text = typeof value === 'string' ? value : '';

  if (field.type === 'array' && field.items) return <Rows {...props} />;
  if (field.items && field.type === 'object')
    return (
      <Frame {...props} group>
        {field.items.map((sub) => (
          <Field
            key={sub.key}
            {...props}
            field={sub}
            path={joinPath(path, sub.key)}
            value={(value as FormRow | undefined)?.[sub.key]}
            onChange={(v) => onChange({ ...((value as FormRow | undefined) ?? {}), [sub.key]: v })}
          />
        ))}
      </Frame>
    );
  if (field.type === 'array') {
    const list = Array.isArray(value) ? (value as string[]) : [];
    if (field.enum)
      return (
        <Frame {...props} group>
          <div class="checklist" id={id} aria-describedby={describedBy}>
            {field.enum.map((v) => (
              <label key={String(v)}>
                <input
                  type="checkbox"
                  checked={list.includes(String(v))}
                  onChange={(e) =>
                    onChange(e.currentTarget.checked ? [...list, String(v)] : list.filter((x) => x !== String(v)))
                  }
                />
                {String(v)}
              </label>
            ))}
          </div>
        </Frame>
      );
    if (field.options)
      return (
        <Frame {...props} group>
          <LiveOptions
            id={id}
            field={field}
            path={path}
            value={list}
            multiple
            ctx={props.ctx}
            describedBy={describedBy}
            onChange={onChange}
          />
        </Frame>
      );
    return (
      <Frame {...props}>
        <textarea
          {...common}
          rows={3}
          value={list.join('\n')}
          placeholder="One per line"
          onInput={(e) => onChange(e.currentTarget.value.split('\n'))}
        />
      </Frame>
    );
  }
  if (field.enum)
    return (
      <Frame {...props}>
        <select {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">{field.required ? '— choose —' : '(not set)'}</option>
          {field.enum.map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </select>
      </Frame>
    );
  if (field.options)
    return (
      <Frame {...props}>
        <LiveOptions
          id={id}
          field={field}
          path={path}
          value={text}
          multiple={false}
          ctx={props.ctx}
          describedBy={describedBy}
          onChange={onChange}
        />
      </Frame>
    );
  if (field.type === 'boolean')
    return (
      <Frame {...props}>
        <select {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">(not set)</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      </Frame>
    );
  if (field.type === 'number' || field.type === 'integer')
    return (
      <Frame {...props}>
        <input
          {...common}
          type="text"
          inputMode="numeric"
          value={text}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      </Frame>
    );
  if (field.type !== 'string')
    return (
      <Frame {...props}>
        <textarea
          {...common}
          rows={4}
          class="code"
          value={text}
          placeholder="JSON"
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      </Frame>
    );
  return (
    <Frame {...props}>
      <div class={field.dateFormats ? 'with-button' : undefined}>
        <input
          {...common}
          type="text"
          value={text}
          placeholder={field.dateFormats?.[0]}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
        {field.dateFormats && (
          <button type="button" onClick={() => onChange(new Date().toISOString().replace(/\.\d+Z$/, 'Z'))}>
            Now
          </button>
        )}
      </div>
    </Frame>
  );
}

/** A nested list (phone numbers, addresses, custom fields): one group of sub-fields per row. */
function Rows(props: FieldProps) {
  const { field, path, onChange } = props;
  const rows = Array.isArray(props.value) ? (props.value as FormRow[]) : [];
  const items = field.items ?? [];
  return (
    <Frame {...props} group>
      {rows.map((row, i) => (
        <div key={i} class="row" role="group" aria-label={`${field.label} ${i + 1}`}>
          {items.map((sub) => (
            <Field
              key={sub.key}
              {...props}
              field={sub}
              path={joinPath(joinPath(path, i), sub.key)}
              value={row[sub.key]}
              onChange={(v) => onChange(rows.map((r, j) => (j === i ? { ...r, [sub.key]: v } : r)))}
            />
          ))}
          <button type="button" class="link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove {field.label} {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, {}])}>
        Add {field.label}
      </button>
    </Frame>
  );
}
