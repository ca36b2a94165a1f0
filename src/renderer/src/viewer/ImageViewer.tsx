import { useCallback, useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { useElementSize } from '../hooks/use-element-size';
import './viewer.css';
import { clampView, fitView, percentAcross, pinchScale, steppedScale, wheelZoomFactor, zoomAt, type Point, type Size, type View } from './zoom-math';

export type ViewerImage = { url: string; label: string; width: number; height: number };

type ImageViewerProps = {
  title: string;
  subtitle: string;
  image: ViewerImage;
  /** The sketch the image was made from; compare and onion skin need it. */
  sketch: ViewerImage | null;
  /**
   * For a revision of a watched file: the same output of the revision before, a second thing to
   * compare with (what changed since the last save).
   */
  previousRevision?: ViewerImage | null;
  canPrevious: boolean;
  canNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onClose: () => void;
  onCopy: () => void;
  /**
   * Dragging the image out of the window into another app (outputs only). Dragging the image
   * itself pans it, so a handle in the bar starts this drag.
   */
  onDragOut?: (event: DragEvent<HTMLElement>) => void;
  extraActions?: ReactNode;
};

type Mode = 'image' | 'compare' | 'onion';
/** What Compare and Onion skin lay over the image: its sketch, or the previous revision's output. */
type Against = 'sketch' | 'previous';
/** Fit follows the stage as the window resizes; once the artist zooms or pans, the view is theirs. */
type Zoom = { kind: 'fit' } | { kind: 'manual'; view: View };

const MODES: { mode: Mode; label: string }[] = [
  { mode: 'image', label: 'Image' },
  { mode: 'compare', label: 'Compare' },
  { mode: 'onion', label: 'Onion skin' },
];

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * The full-window viewer: one image at fit or any zoom, panned by dragging, with the sketch it
 * came from beside it as a before/after slider or an onion skin. Keyboard: Escape closes, arrows
 * step, + / − zoom, 0 fits, 1 shows actual pixels.
 */
export function ImageViewer(props: ImageViewerProps) {
  const { image, sketch } = props;
  const previousRevision = props.previousRevision ?? null;
  const [stageElement, setStageElement] = useState<HTMLDivElement | null>(null);
  const stage = useElementSize(stageElement);
  const dialogRef = useRef<HTMLDivElement | null>(null);
  const [zoom, setZoom] = useState<Zoom>({ kind: 'fit' });
  const [mode, setMode] = useState<Mode>('image');
  const [split, setSplit] = useState(50);
  const [opacity, setOpacity] = useState(50);
  const [against, setAgainst] = useState<Against>('sketch');
  // The record's size is a hint (older records lack it); the decoded image has the last word.
  const [natural, setNatural] = useState<Size>({ width: image.width, height: image.height });
  const [loaded, setLoaded] = useState(false);
  const drag = useRef<{ pointerId: number; last: Point } | null>(null);
  const dividerDrag = useRef<number | null>(null);
  const pointers = useRef(new Map<number, Point>());
  const pinch = useRef<{ distance: number; scale: number } | null>(null);

  // A new image starts at fit, with its own size.
  useEffect(() => {
    setZoom({ kind: 'fit' });
    setNatural({ width: image.width, height: image.height });
    setLoaded(false);
  }, [image.url, image.width, image.height]);

  useEffect(() => {
    dialogRef.current?.focus();
  }, []);

  const activeMode: Mode = sketch === null ? 'image' : mode;
  const activeAgainst: Against = previousRevision === null ? 'sketch' : against;
  const reference = activeAgainst === 'previous' ? previousRevision : sketch;
  // "Sketch" / "Previous revision": the words on the slider, the divider and the overlay's name.
  const referenceName = activeAgainst === 'previous' ? 'Previous revision' : 'Sketch';
  const view: View = zoom.kind === 'fit' ? fitView(stage, natural) : zoom.view;

  const stagePoint = useCallback(
    (clientX: number, clientY: number): Point => {
      const rect = stageElement?.getBoundingClientRect();
      return rect ? { x: clientX - rect.left, y: clientY - rect.top } : { x: 0, y: 0 };
    },
    [stageElement],
  );
  const centre: Point = { x: stage.width / 2, y: stage.height / 2 };
  const zoomTo = (scale: number, anchor: Point = centre): void =>
    setZoom({ kind: 'manual', view: zoomAt(view, scale, anchor, stage, natural) });
  const actualSize = (anchor: Point = centre): void => zoomTo(1, anchor);
  const fit = (): void => setZoom({ kind: 'fit' });

  // React's onWheel is passive, so the page would scroll too: a native listener can prevent it.
  const latest = useRef({ view, stage, natural });
  latest.current = { view, stage, natural };
  useEffect(() => {
    const element = stageElement;
    if (!element) return;
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const { view: current, stage: size, natural: imageSize } = latest.current;
      const rect = element.getBoundingClientRect();
      const anchor = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      const factor = wheelZoomFactor(event.deltaY, event.deltaMode, event.ctrlKey);
      setZoom({ kind: 'manual', view: zoomAt(current, current.scale * factor, anchor, size, imageSize) });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [stageElement]);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const point = stagePoint(event.clientX, event.clientY);
    pointers.current.set(event.pointerId, point);
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      if (a && b) pinch.current = { distance: Math.hypot(a.x - b.x, a.y - b.y), scale: view.scale };
      drag.current = null;
      return;
    }
    drag.current = { pointerId: event.pointerId, last: point };
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const point = stagePoint(event.clientX, event.clientY);
    if (dividerDrag.current === event.pointerId) {
      setSplit(percentAcross(view, natural, point.x));
      return;
    }
    if (!pointers.current.has(event.pointerId)) return;
    pointers.current.set(event.pointerId, point);
    const [a, b] = [...pointers.current.values()];
    if (pinch.current && a && b) {
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      zoomTo(pinchScale(pinch.current.scale, pinch.current.distance, Math.hypot(a.x - b.x, a.y - b.y)), mid);
      return;
    }
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const dx = point.x - current.last.x;
    const dy = point.y - current.last.y;
    current.last = point;
    if (dx === 0 && dy === 0) return;
    setZoom({ kind: 'manual', view: clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy }, stage, natural) });
  };

  const onPointerEnd = (event: PointerEvent<HTMLDivElement>): void => {
    pointers.current.delete(event.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
    if (drag.current?.pointerId === event.pointerId) drag.current = null;
    if (dividerDrag.current === event.pointerId) dividerDrag.current = null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target;
    const inRange = target instanceof HTMLInputElement && target.type === 'range';
    const key = event.key;
    if (key === 'Escape') {
      event.preventDefault();
      props.onClose();
    } else if ((key === 'ArrowLeft' || key === 'ArrowRight') && !inRange) {
      event.preventDefault();
      if (key === 'ArrowLeft' && props.canPrevious) props.onPrevious();
      if (key === 'ArrowRight' && props.canNext) props.onNext();
    } else if ((key === '+' || key === '=') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      zoomTo(steppedScale(view.scale, 1));
    } else if ((key === '-' || key === '_') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      zoomTo(steppedScale(view.scale, -1));
    } else if (key === '0' && !inRange) {
      event.preventDefault();
      fit();
    } else if (key === '1' && !inRange) {
      event.preventDefault();
      actualSize();
    } else if (key === 'Tab') {
      // Focus stays inside while the viewer covers the window.
      const focusable = [...(dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      const first = focusable[0];
      const last = focusable.at(-1);
      if (!first || !last) return;
      if (event.shiftKey && (document.activeElement === first || document.activeElement === dialogRef.current)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  const layerStyle = {
    width: natural.width,
    height: natural.height,
    transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`,
  };
  const dividerLeft = view.x + (natural.width * view.scale * split) / 100;
  const percent = `${Math.round(view.scale * 100)}%`;

  return (
    <div ref={dialogRef} className="viewer" role="dialog" aria-modal="true" aria-label="Viewer" tabIndex={-1} onKeyDown={onKeyDown}>
      <header className="viewer-bar">
        <div className="viewer-heading">
          <h2 className="viewer-title">{props.title}</h2>
          <p className="viewer-subtitle" title={props.subtitle}>
            {props.subtitle}
          </p>
        </div>
        <div className="viewer-group" role="group" aria-label="View mode">
          {MODES.map(({ mode: value, label }) => (
            <button
              key={value}
              type="button"
              className="viewer-button"
              aria-pressed={activeMode === value}
              disabled={value !== 'image' && sketch === null}
              title={value !== 'image' && sketch === null ? 'Needs the sketch this image was made from' : undefined}
              onClick={() => setMode(value)}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="viewer-group" role="group" aria-label="Zoom">
          <button type="button" className="viewer-button" aria-pressed={zoom.kind === 'fit'} onClick={fit} title="Fit to window (0)">
            Fit
          </button>
          <button type="button" className="viewer-button" onClick={() => actualSize()} title="Actual pixels (1)">
            100%
          </button>
          <button type="button" className="viewer-button viewer-button--icon" aria-label="Zoom out" title="Zoom out (−)" onClick={() => zoomTo(steppedScale(view.scale, -1))}>
            −
          </button>
          <output className="viewer-zoom" aria-label="Zoom level">
            {percent}
          </output>
          <button type="button" className="viewer-button viewer-button--icon" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoomTo(steppedScale(view.scale, 1))}>
            +
          </button>
        </div>
        <div className="viewer-group">
          {props.extraActions}
          {props.onDragOut !== undefined && (
            // Pointer only (a drag has no keyboard form); Copy image and Save as do the same by keyboard.
            <span className="viewer-button viewer-drag" draggable onDragStart={props.onDragOut} title="Drag into another app to copy the file there">
              ⠿ Drag out
            </span>
          )}
          <button type="button" className="viewer-button" onClick={props.onCopy}>
            Copy image
          </button>
          <button type="button" className="viewer-button viewer-button--close" onClick={props.onClose} title="Close (Esc)">
            Close
          </button>
        </div>
      </header>

      <div
        ref={setStageElement}
        className="viewer-stage"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onDoubleClick={(event) => {
          const anchor = stagePoint(event.clientX, event.clientY);
          if (zoom.kind === 'fit') actualSize(anchor);
          else fit();
        }}
      >
        {!loaded && <p className="viewer-loading">Loading…</p>}
        <div className={`viewer-layers${view.scale >= 2 ? ' viewer-layers--pixels' : ''}`} style={layerStyle}>
          <img
            className="viewer-image"
            src={image.url}
            alt={image.label}
            draggable={false}
            onLoad={(event) => {
              const img = event.currentTarget;
              setLoaded(true);
              if (img.naturalWidth > 0 && (img.naturalWidth !== natural.width || img.naturalHeight !== natural.height)) {
                setNatural({ width: img.naturalWidth, height: img.naturalHeight });
              }
            }}
          />
          {reference !== null && activeMode !== 'image' && (
            <img
              className={`viewer-image viewer-sketch viewer-sketch--${activeMode}${activeAgainst === 'previous' ? ' viewer-sketch--revision' : ''}`}
              src={reference.url}
              alt={reference.label}
              draggable={false}
              style={activeMode === 'compare' ? { clipPath: `inset(0 ${100 - split}% 0 0)` } : { opacity: opacity / 100 }}
            />
          )}
        </div>
        {activeMode === 'compare' && (
          <div
            className="viewer-divider"
            style={{ left: Math.min(stage.width, Math.max(0, dividerLeft)) }}
            aria-hidden="true"
            onPointerDown={(event) => {
              event.stopPropagation();
              event.currentTarget.parentElement?.setPointerCapture(event.pointerId);
              dividerDrag.current = event.pointerId;
            }}
          >
            <span className="viewer-divider-label viewer-divider-label--before">{activeAgainst === 'previous' ? (previousRevision?.label ?? referenceName) : 'Sketch'}</span>
            <span className="viewer-divider-label viewer-divider-label--after">Output</span>
          </div>
        )}
      </div>

      <footer className="viewer-foot">
        <button type="button" className="viewer-button" onClick={props.onPrevious} disabled={!props.canPrevious} aria-label="Previous" title="Previous (←)">
          ← Previous
        </button>
        <div className="viewer-foot-control">
          {previousRevision !== null && activeMode !== 'image' && (
            <div className="viewer-group viewer-against" role="group" aria-label="Compare with">
              <button type="button" className="viewer-button" aria-pressed={activeAgainst === 'sketch'} onClick={() => setAgainst('sketch')}>
                Sketch
              </button>
              <button type="button" className="viewer-button" aria-pressed={activeAgainst === 'previous'} title={previousRevision.label} onClick={() => setAgainst('previous')}>
                Previous revision
              </button>
            </div>
          )}
          {activeMode === 'compare' && (
            <label className="viewer-slider">
              <span>{referenceName}</span>
              <input
                type="range"
                min={0}
                max={100}
                step={1}
                value={Math.round(split)}
                aria-label={`Compare with ${referenceName.toLowerCase()}`}
                onChange={(event) => setSplit(Number(event.target.value))}
              />
              <span>Output</span>
            </label>
          )}
          {activeMode === 'onion' && (
            <label className="viewer-slider">
              <span>{referenceName} opacity</span>
              <input type="range" min={0} max={100} step={1} value={opacity} aria-label={`${referenceName} opacity`} onChange={(event) => setOpacity(Number(event.target.value))} />
              <span className="viewer-slider-value">{opacity}%</span>
            </label>
          )}
          {activeMode === 'image' && (
            <p className="viewer-hint">
              {natural.width} × {natural.height} px · scroll or pinch to zoom, drag to pan, double-click for 100%
            </p>
          )}
        </div>
        <button type="button" className="viewer-button" onClick={props.onNext} disabled={!props.canNext} aria-label="Next" title="Next (→)">
          Next →
        </button>
      </footer>
    </div>
  );
}
