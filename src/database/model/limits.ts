/** AIoD's string length limits (reference v1 §2.2, `field_length.py`). */
export const FIELD_LENGTH = {
  SHORT: 64,
  NORMAL: 256,
  LONG: 1800,
  VERY_LONG: 8000,
  MAX_TEXT: 65535,
  /** An image of at most 1 MiB (the image routes' limit), base64-encoded. */
  BINARY_BLOB: 1_398_104,
  /** v2 widened relevant links (#635). */
  URL: 2000,
} as const;
