import exifr from 'exifr';

// Where a photo was taken, from its EXIF GPS tags (read in the browser, before upload).
export interface LatLng {
  lat: number;
  lng: number;
}

export async function photoLocation(file: File): Promise<LatLng | undefined> {
  try {
    const gps = (await exifr.gps(file)) as { latitude?: number; longitude?: number } | undefined;
    if (gps?.latitude === undefined || gps.longitude === undefined) return undefined;
    return { lat: gps.latitude, lng: gps.longitude };
  } catch {
    return undefined;
  }
}
