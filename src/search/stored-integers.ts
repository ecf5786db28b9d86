/**
 * Integers stored as little-endian bytes in the search index's blobs (entry sets, facet blocks),
 * read as typed arrays: a view when aligned, else a view of a copy (MySQL's driver hands out
 * slices of its packet buffer at any offset; copying bytes is far cheaper than reading them one
 * by one). Big-endian machines read them one by one.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function viewOf<T extends Uint16Array | Uint32Array>(
  stored: Uint8Array,
  width: 2 | 4,
  Type: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; from(values: ArrayLike<number>): T },
): T {
  const length = Math.floor(stored.byteLength / width);
  if (LITTLE_ENDIAN) {
    const aligned = stored.byteOffset % width === 0 ? stored : new Uint8Array(stored);
    return new Type(aligned.buffer, aligned.byteOffset, length);
  }
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  return Type.from(Array.from({ length }, (_, index) => (width === 2 ? view.getUint16(index * 2, true) : view.getUint32(index * 4, true))));
}

export const uint16sOf = (stored: Uint8Array): Uint16Array => viewOf(stored, 2, Uint16Array);
export const uint32sOf = (stored: Uint8Array): Uint32Array => viewOf(stored, 4, Uint32Array);

/** Typed integers as stored bytes (no copy on little-endian machines). */
export function storedBytes(values: Uint16Array | Uint32Array): Buffer {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  return values instanceof Uint16Array ? bytes.swap16() : bytes.swap32();
}
