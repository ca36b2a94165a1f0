/**
 * The viewer's geometry, kept pure so it can be tested without a browser: where an image of a
 * given size sits in the stage for a scale, how zooming keeps the point under the cursor still,
 * and how panning stops at the edges.
 */

export type Size = { width: number; height: number };
export type Point = { x: number; y: number };
/** The image's top-left corner in stage pixels, and its scale (1 = one image pixel per CSS pixel). */
export type View = { x: number; y: number; scale: number };

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 16;
/** The stops "Zoom in" / "Zoom out" and the + / − keys walk through. */
const ZOOM_STEPS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16] as const;

const clampScale = (scale: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/** The scale at which the whole image fits the stage (small images are enlarged to fill it too). */
export function fitScale(stage: Size, image: Size): number {
  if (image.width <= 0 || image.height <= 0 || stage.width <= 0 || stage.height <= 0) return 1;
  return clampScale(Math.min(stage.width / image.width, stage.height / image.height));
}

/** The image at this scale, centred in the stage. */
export function centred(stage: Size, image: Size, scale: number): View {
  return { scale, x: (stage.width - image.width * scale) / 2, y: (stage.height - image.height * scale) / 2 };
}

export const fitView = (stage: Size, image: Size): View => centred(stage, image, fitScale(stage, image));

/**
 * Keeps the image reachable: along an axis where it is smaller than the stage it is centred;
 * where it is larger, no gap is left between its edge and the stage's.
 */
export function clampView(view: View, stage: Size, image: Size): View {
  const axis = (offset: number, stageLength: number, imageLength: number): number => {
    const shown = imageLength * view.scale;
    if (shown <= stageLength) return (stageLength - shown) / 2;
    return Math.min(0, Math.max(stageLength - shown, offset));
  };
  return { scale: view.scale, x: axis(view.x, stage.width, image.width), y: axis(view.y, stage.height, image.height) };
}

/** Zooms to `scale` keeping the image point under `anchor` (stage pixels) where it is. */
export function zoomAt(view: View, scale: number, anchor: Point, stage: Size, image: Size): View {
  const next = clampScale(scale);
  const ratio = next / view.scale;
  return clampView({ scale: next, x: anchor.x - (anchor.x - view.x) * ratio, y: anchor.y - (anchor.y - view.y) * ratio }, stage, image);
}

/** The next stop above (direction 1) or below (-1) the current scale. */
export function steppedScale(scale: number, direction: 1 | -1): number {
  const epsilon = 1e-6;
  if (direction === 1) return ZOOM_STEPS.find((step) => step > scale + epsilon) ?? MAX_SCALE;
  return [...ZOOM_STEPS].reverse().find((step) => step < scale - epsilon) ?? MIN_SCALE;
}

/** WheelEvent.deltaMode: lines and pages are turned into pixels so every device zooms alike. */
const DELTA_PIXELS = [1, 16, 400] as const;

/**
 * The zoom factor for one wheel event: exponential, so a trackpad's many small deltas and a
 * mouse's few large ones zoom the same amount for the same travel. Pinch on a trackpad arrives
 * as ctrl+wheel with small deltas, so it is made more sensitive.
 */
export function wheelZoomFactor(deltaY: number, deltaMode: number, pinch: boolean): number {
  const pixels = deltaY * (DELTA_PIXELS[deltaMode] ?? 1);
  return Math.exp(-pixels * (pinch ? 0.01 : 0.0015));
}

/** The scale a two-finger pinch has reached: the start scale times how much the fingers spread. */
export function pinchScale(startScale: number, startDistance: number, distance: number): number {
  if (startDistance <= 0) return startScale;
  return clampScale(startScale * (distance / startDistance));
}

/** Where, as a percentage of the image's width, a stage x coordinate falls (the compare divider). */
export function percentAcross(view: View, image: Size, stageX: number): number {
  const shown = image.width * view.scale;
  if (shown <= 0) return 50;
  return Math.min(100, Math.max(0, ((stageX - view.x) / shown) * 100));
}
