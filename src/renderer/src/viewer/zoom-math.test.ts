import { describe, expect, it } from 'vitest';
import { centred, clampView, fitScale, fitView, MAX_SCALE, MIN_SCALE, percentAcross, pinchScale, steppedScale, wheelZoomFactor, zoomAt } from './zoom-math';

const stage = { width: 1000, height: 800 };
const wide = { width: 2000, height: 1000 };

describe('fit', () => {
  it('fits the limiting side and centres the other', () => {
    expect(fitScale(stage, wide)).toBe(0.5);
    expect(fitView(stage, wide)).toEqual({ scale: 0.5, x: 0, y: 150 });
  });

  it('enlarges a small image to fill the stage', () => {
    expect(fitScale(stage, { width: 250, height: 100 })).toBe(4);
  });

  it('does not divide by zero while sizes are unknown', () => {
    expect(fitScale({ width: 0, height: 0 }, wide)).toBe(1);
    expect(fitScale(stage, { width: 0, height: 10 })).toBe(1);
  });
});

describe('zoomAt', () => {
  it('keeps the image point under the cursor still', () => {
    const start = centred(stage, wide, 1); // x -500, y -100
    const anchor = { x: 300, y: 200 };
    const imagePoint = { x: (anchor.x - start.x) / start.scale, y: (anchor.y - start.y) / start.scale };
    const zoomed = zoomAt(start, 2, anchor, stage, wide);
    expect(zoomed.scale).toBe(2);
    expect(zoomed.x + imagePoint.x * zoomed.scale).toBeCloseTo(anchor.x);
    expect(zoomed.y + imagePoint.y * zoomed.scale).toBeCloseTo(anchor.y);
  });

  it('clamps the scale to its limits', () => {
    expect(zoomAt(fitView(stage, wide), 1000, { x: 0, y: 0 }, stage, wide).scale).toBe(MAX_SCALE);
    expect(zoomAt(fitView(stage, wide), 0, { x: 0, y: 0 }, stage, wide).scale).toBe(MIN_SCALE);
  });
});

describe('clampView', () => {
  it('centres an axis where the image is smaller than the stage', () => {
    expect(clampView({ scale: 0.25, x: -400, y: 999 }, stage, wide)).toEqual({ scale: 0.25, x: 250, y: 275 });
  });

  it('leaves no gap at the edges of a larger image', () => {
    expect(clampView({ scale: 1, x: 50, y: -900 }, stage, wide)).toEqual({ scale: 1, x: 0, y: -200 });
    expect(clampView({ scale: 1, x: -5000, y: -100 }, stage, wide)).toEqual({ scale: 1, x: -1000, y: -100 });
  });
});

describe('steps and input devices', () => {
  it('walks the zoom stops both ways from any scale', () => {
    expect(steppedScale(1, 1)).toBe(1.5);
    expect(steppedScale(1, -1)).toBe(0.75);
    expect(steppedScale(0.6, 1)).toBe(0.75);
    expect(steppedScale(0.6, -1)).toBe(0.5);
    expect(steppedScale(MAX_SCALE, 1)).toBe(MAX_SCALE);
    expect(steppedScale(MIN_SCALE, -1)).toBe(MIN_SCALE);
  });

  it('zooms in for wheel up, out for wheel down, the same for lines as for pixels', () => {
    expect(wheelZoomFactor(-100, 0, false)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100, 0, false)).toBeLessThan(1);
    expect(wheelZoomFactor(3, 1, false)).toBeCloseTo(wheelZoomFactor(48, 0, false));
    expect(wheelZoomFactor(100, 0, false) * wheelZoomFactor(-100, 0, false)).toBeCloseTo(1);
    expect(wheelZoomFactor(-10, 0, true)).toBeGreaterThan(wheelZoomFactor(-10, 0, false));
  });

  it('scales a pinch by how far the fingers spread', () => {
    expect(pinchScale(0.5, 100, 300)).toBe(1.5);
    expect(pinchScale(0.5, 0, 300)).toBe(0.5);
  });

  it('finds the compare divider position within the image, bounded to 0-100', () => {
    const view = { scale: 0.5, x: 0, y: 150 };
    expect(percentAcross(view, wide, 250)).toBe(25);
    expect(percentAcross(view, wide, -20)).toBe(0);
    expect(percentAcross(view, wide, 5000)).toBe(100);
  });
});
