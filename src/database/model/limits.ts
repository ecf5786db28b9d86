/** AIoD's string length limits (reference v1 §2.2, `field_length.py`). */

/** The largest image the image routes accept (AIoD: 1 MB). */
export const MAX_IMAGE_BYTES = 1024 * 1024;

export const FIELD_LENGTH = {
  SHORT: 64,
  NORMAL: 256,
  LONG: 1800,
  VERY_LONG: 8000,
  MAX_TEXT: 65535,
  /** An image of at most MAX_IMAGE_BYTES, base64-encoded (4 characters per 3 bytes). */
  BINARY_BLOB: Math.ceil(MAX_IMAGE_BYTES / 3) * 4,
  /** v2 widened relevant links (#635). */
  URL: 2000,
} as const;
