/**
 * Remembers the results of a pure function of one word, up to `capacity` words; then the memory
 * starts afresh. Customers' words come from a small vocabulary, so most calls are answered from
 * memory; the bound keeps a flood of invented words from growing it without end.
 */
export function remembered(compute: (word: string) => string, capacity = 10_000): (word: string) => string {
  const memory = new Map<string, string>();
  return (word) => {
    let result = memory.get(word);
    if (result === undefined) {
      if (memory.size >= capacity) memory.clear();
      result = compute(word);
      memory.set(word, result);
    }
    return result;
  };
}
