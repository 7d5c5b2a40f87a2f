import exifr from 'exifr';
import sharp from 'sharp';
import { badRequestData } from '../kernel/index.js';

// The photo port: reads the GPS position a camera wrote into a photo (exifr), then re-encodes the
// image without any metadata (sharp keeps none unless asked), so nothing personal is published.

export interface CleanPhoto {
  bytes: Buffer;
  contentType: 'image/jpeg';
  /** Where the photo was taken, when its EXIF said so. */
  gps: { lat: number; lng: number } | undefined;
}

export interface PhotoPort {
  clean(input: Buffer): Promise<CleanPhoto>;
}

const MAX_SIDE = 2048;

async function readGps(input: Buffer): Promise<CleanPhoto['gps']> {
  try {
    const gps = (await exifr.gps(input)) as { latitude?: number; longitude?: number } | undefined;
    if (gps?.latitude === undefined || gps.longitude === undefined) return undefined;
    if (!Number.isFinite(gps.latitude) || !Number.isFinite(gps.longitude)) return undefined;
    return { lat: gps.latitude, lng: gps.longitude };
  } catch {
    return undefined; // a photo without readable EXIF has no position; it is still a photo
  }
}

export const sharpPhotos: PhotoPort = {
  async clean(input) {
    const gps = await readGps(input);
    try {
      const bytes = await sharp(input, { failOn: 'error' })
        .rotate() // applies the EXIF orientation before the EXIF is dropped
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 85 })
        .toBuffer();
      return { bytes, contentType: 'image/jpeg', gps };
    } catch {
      throw badRequestData('media is not a readable image (JPEG, PNG, WebP, HEIC or GIF)');
    }
  },
};
