import { useState } from 'preact/hooks';

/** A value as a collapsible tree: objects and lists open on demand, plain values inline. */
export function Tree({ value, name, open = false }: { value: unknown; name: string; open?: boolean }) {
  if (value === null || typeof value !== 'object')
    return (
      <div class="leaf">
        <span class="tree-key">{name}</span>:{' '}
        <span class={`v v-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v] as const) : Object.entries(value);
  return (
    <details open={open}>
      <summary>
        <span class="tree-key">{name}</span>{' '}
        <span class="muted">{Array.isArray(value) ? `[${value.length}]` : `{${entries.length}}`}</span>
      </summary>
      <div class="tree-children">
        {entries.map(([k, v]) => (
          <Tree key={k} name={k} value={v} />
        ))}
      </div>
    </details>
  );
}

/** Bundle 1, 2, …: each a tree, with a button that copies it as JSON. */
export function Bundles({ bundles }: { bundles: readonly unknown[] }) {
  if (bundles.length === 0) return <p class="muted">No bundles.</p>;
  return (
    <ol class="bundles">
      {bundles.map((b, i) => (
        <li key={i} data-bundle={i + 1}>
          <Bundle index={i} bundle={b} />
        </li>
      ))}
    </ol>
  );
}

function Bundle({ bundle, index }: { bundle: unknown; index: number }) {
  const [copied, setCopied] = useState<string | undefined>();
  const copy = (): void => {
    const text = JSON.stringify(bundle, null, 2);
    navigator.clipboard
      .writeText(text)
      .then(() => setCopied('Copied'))
      .catch(() => setCopied('The browser refused the clipboard: select the JSON below'));
  };
  return (
    <div class="bundle">
      <div class="bundle-bar">
        <button type="button" class="link" onClick={copy} aria-label={`Copy bundle ${index + 1} as JSON`}>
          Copy
        </button>
        {copied && (
          <span class="muted" role="status">
            {copied}
          </span>
        )}
      </div>
      <Tree name={`Bundle ${index + 1}`} value={bundle} open={index === 0} />
    </div>
  );
}
