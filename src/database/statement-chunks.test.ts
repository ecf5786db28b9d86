import { describe, expect, it } from 'vitest';
import { statementChunks } from './statement-chunks.ts';

describe('statementChunks', () => {
  it('cuts at the row limit and at the text limit, and never leaves a row out', () => {
    const rows = [5, 5, 5, 5, 5, 5, 5];
    expect(statementChunks(rows, 3, (row) => row, 100)).toEqual([[5, 5, 5], [5, 5, 5], [5]]);
    expect(statementChunks(rows, 10, (row) => row, 12)).toEqual([[5, 5], [5, 5], [5, 5], [5]]);
    // A row larger than the limit goes alone.
    expect(statementChunks([1, 50, 1], 10, (row) => row, 12)).toEqual([[1], [50], [1]]);
    expect(statementChunks([], 10, () => 1)).toEqual([]);
  });
});
