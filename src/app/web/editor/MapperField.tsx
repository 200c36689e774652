import { useRef, useState } from 'preact/hooks';
import type { FieldView, PickerModuleView } from '../../api-types.js';
import { Field, type FieldErrors } from '../form/Field.js';
import { fieldId, fieldInput, fromInput } from '../form/values.js';

const isMapped = (value: unknown): boolean => typeof value === 'string' && value.includes('{{');

/**
 * One field of a module in the scenario editor: Select (a literal, with the dialog's control and live
 * options) or Map (an expression such as `{{1.email_address}}`, with a picker of the earlier modules'
 * output fields, declared and from the last run).
 */
export function MapperField(props: {
  field: FieldView;
  moduleKey: string;
  moduleId: number;
  value: unknown;
  errors: FieldErrors;
  picker: PickerModuleView[];
  onChange: (value: unknown) => void;
}) {
  const { field, value } = props;
  const [mode, setMode] = useState<'select' | 'map'>(isMapped(value) ? 'map' : 'select');
  const [picking, setPicking] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const path = `m${props.moduleId}.${field.key}`;
  const id = fieldId(path);
  const errors = props.errors.get(field.key) ?? [];
  const insert = (reference: string): void => {
    const el = input.current;
    const text = typeof value === 'string' ? value : '';
    const at = el?.selectionStart ?? text.length;
    props.onChange(`${text.slice(0, at)}${reference}${text.slice(el?.selectionEnd ?? at)}`);
    setPicking(false);
  };
  const toggle = (
    <div class="mode" role="group" aria-label={`${field.label}: Select or Map`}>
      <button type="button" aria-pressed={mode === 'select'} onClick={() => setMode('select')}>
        Select
      </button>
      <button type="button" aria-pressed={mode === 'map'} onClick={() => setMode('map')}>
        Map
      </button>
    </div>
  );
  if (mode === 'select')
    return (
      <div class="mapper-field" data-mapper={field.key}>
        {toggle}
        <Field
          field={field}
          path={field.key}
          value={fromInput(field, isMapped(value) ? undefined : value)}
          errors={props.errors}
          ctx={{ moduleKey: props.moduleKey, connection: undefined, input: {} }}
          onChange={(v) => props.onChange(fieldInput(field, v))}
        />
      </div>
    );
  return (
    <div
      class={`mapper-field field${field.required ? ' required' : ''}${errors.length ? ' invalid' : ''}`}
      data-mapper={field.key}
    >
      {toggle}
      <label class="label" for={id}>
        <span class="label-text">{field.label}</span>
        {field.required && <span class="visually-hidden"> (required)</span>}
        <code class="key">{field.key}</code>
      </label>
      <div class="with-button">
        <input
          ref={input}
          id={id}
          class="code"
          value={typeof value === 'string' ? value : JSON.stringify(value ?? '')}
          placeholder="{{1.field}}"
          onInput={(e) => props.onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
          aria-describedby={`${id}-help`}
        />
        <button type="button" aria-expanded={picking} onClick={() => setPicking(!picking)}>
          Insert field
        </button>
      </div>
      <p id={`${id}-help`} class="help">
        {field.help}
      </p>
      {picking && (
        <div class="picker" role="listbox" aria-label={`Output fields for ${field.label}`}>
          {props.picker.length === 0 && <p class="muted">No module before this one.</p>}
          {props.picker.map((m) => (
            <section key={m.moduleId}>
              <h4>
                {m.moduleId}. {m.label}
              </h4>
              <ul>
                {m.fields.map((f) => {
                  const sample = m.sample.find((s) => s.path === f.path);
                  return (
                    <li key={f.path}>
                      <button
                        type="button"
                        class="link"
                        role="option"
                        onClick={() => insert(`{{${m.moduleId}.${f.path}}}`)}
                      >
                        {f.label} <code>{`{{${m.moduleId}.${f.path}}}`}</code>
                      </button>
                      <span class="muted"> {f.type}</span>
                      {sample && <span class="sample"> = {JSON.stringify(sample.value)}</span>}
                    </li>
                  );
                })}
                {m.sample
                  .filter((s) => !m.fields.some((f) => f.path === s.path))
                  .map((s) => (
                    <li key={s.path}>
                      <button
                        type="button"
                        class="link"
                        role="option"
                        onClick={() => insert(`{{${m.moduleId}.${s.path}}}`)}
                      >
                        <code>{`{{${m.moduleId}.${s.path}}}`}</code>
                      </button>
                      <span class="sample"> = {JSON.stringify(s.value)} (last run)</span>
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      {errors.map((e) => (
        <p key={e} class="field-error" role="alert" data-error-for={field.key}>
          {e}
        </p>
      ))}
    </div>
  );
}
