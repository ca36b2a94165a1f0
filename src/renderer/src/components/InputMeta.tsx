import { formatBytes } from '../format/bytes';
import { useDraftStore } from '../store/draft';

/** What the chosen sketch is: its name, size in pixels and on disk (after main prepared it). */
export function InputMeta() {
  const input = useDraftStore((state) => state.input);
  if (input === null) return <p className="input-meta input-meta--empty">No sketch chosen yet.</p>;
  return (
    <p className="input-meta">
      <span className="input-name" title={input.sourceName}>
        {input.sourceName}
      </span>
      <span>
        {input.width}×{input.height}
      </span>
      <span>{formatBytes(input.bytes)}</span>
    </p>
  );
}
