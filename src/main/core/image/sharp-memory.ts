import sharp from 'sharp';

/**
 * libvips keeps recent operations and their pixels cached (up to 50 MB and 100 operations by
 * default) for a process that re-reads the same images. Main never does: each input is prepared
 * once and each output thumbnailed once, so the cache could only hold memory. Off, for the
 * whole process.
 */
export function turnOffSharpCache(): void {
  sharp.cache(false);
}
