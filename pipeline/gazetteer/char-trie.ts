/**
 * A static trie over UTF-16 code units, flattened into typed arrays: each node's children
 * are one sorted run of `chars` (found by binary search), so a walk along the text cuts no
 * substring and allocates nothing, and the whole trie is a few flat arrays (a few MB for the
 * 130,000 keys of the division index, where a Set of every prefix took tens of MB).
 */
/** The trie's arrays: what a worker thread is handed to open the same trie. */
export interface TrieArrays {
  first: Int32Array;
  chars: Uint16Array;
  child: Int32Array;
  value: Int32Array;
}

export class CharTrie {
  /** Node n's children occupy [first[n], first[n + 1]) of `chars` / `child`. */
  readonly #first: Int32Array;
  readonly #chars: Uint16Array;
  readonly #child: Int32Array;
  /** The value index of the key ending at node n, or -1. */
  readonly #value: Int32Array;
  /** The root's children by code unit, directly: the root has thousands (every first character). */
  readonly #rootChild = new Int32Array(65536).fill(-1);

  /** `keys[k]` gets value index k. Empty keys are ignored; a repeated key keeps its last index. Or the arrays of a trie built before. */
  constructor(keys: readonly string[] | TrieArrays) {
    if (!Array.isArray(keys)) {
      ({ first: this.#first, chars: this.#chars, child: this.#child, value: this.#value } = keys as TrieArrays);
      this.#indexRoot();
      return;
    }
    const built = CharTrie.#build(keys as readonly string[]);
    ({ first: this.#first, chars: this.#chars, child: this.#child, value: this.#value } = built);
    this.#indexRoot();
  }

  #indexRoot(): void {
    for (let k = this.#first[0]!; k < this.#first[1]!; k++) this.#rootChild[this.#chars[k]!] = this.#child[k]!;
  }

  static #build(keys: readonly string[]): TrieArrays {
    // Built breadth-first from the sorted keys: a node is a range of them sharing a prefix,
    // its children the runs of that range by the next character. No map per node (a build
    // with one allocated a quarter of a million of them).
    const order = [...keys.keys()].filter((k) => keys[k]!.length > 0).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : b - a));
    const sorted = order.map((k) => keys[k]!);
    // At most one node per character of the keys, plus the root: typed arrays of that size.
    const most = sorted.reduce((n, key) => n + key.length, 1);
    const first = new Int32Array(most + 1);
    const chars = new Uint16Array(most);
    const child = new Int32Array(most);
    const value = new Int32Array(most);
    // The queue holds, per node in id order, its range of sorted keys and its depth.
    const lo = new Int32Array(most);
    const hi = new Int32Array(most);
    const depth = new Int32Array(most);
    hi[0] = sorted.length;
    let nodes = 1;
    let edges = 0;
    for (let id = 0; id < nodes; id++) {
      const d = depth[id]!;
      let k = lo[id]!;
      const end = hi[id]!;
      let v = -1;
      // Keys ending here sort first; a repeated key appears once per copy (the last copy first).
      while (k < end && sorted[k]!.length === d) {
        if (v === -1) v = order[k]!;
        k++;
      }
      value[id] = v;
      first[id] = edges;
      while (k < end) {
        const c = sorted[k]!.charCodeAt(d);
        let j = k + 1;
        while (j < end && sorted[j]!.charCodeAt(d) === c) j++;
        chars[edges] = c;
        child[edges++] = nodes;
        lo[nodes] = k;
        hi[nodes] = j;
        depth[nodes++] = d + 1;
        k = j;
      }
    }
    first[nodes] = edges;
    return { first: first.slice(0, nodes + 1), chars: chars.slice(0, edges), child: child.slice(0, edges), value: value.slice(0, nodes) };
  }

  arrays(): TrieArrays {
    return { first: this.#first, chars: this.#chars, child: this.#child, value: this.#value };
  }

  /** Every key, depth first. */
  *keys(): Generator<string> {
    const stack: [number, string][] = [[0, '']];
    while (stack.length > 0) {
      const [node, prefix] = stack.pop()!;
      if (this.#value[node]! >= 0 && prefix !== '') yield prefix;
      for (let k = this.#first[node + 1]! - 1; k >= this.#first[node]!; k--) stack.push([this.#child[k]!, prefix + String.fromCharCode(this.#chars[k]!)]);
    }
  }

  /** The child of `node` by code unit `c`, or -1. */
  step(node: number, c: number): number {
    if (node === 0) return this.#rootChild[c]!;
    let lo = this.#first[node]!;
    let hi = this.#first[node + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.#chars[mid]!;
      if (m === c) return this.#child[mid]!;
      if (m < c) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** The value index of the key ending at `node`, or -1. */
  valueAt(node: number): number {
    return this.#value[node]!;
  }

  get nodes(): number {
    return this.#value.length;
  }
}
